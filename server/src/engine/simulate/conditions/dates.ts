/**
 * Dates for the `Date*` operators. The IAM operator reference accepts the W3C profile of ISO 8601
 * (YYYY, YYYY-MM, YYYY-MM-DD, and date-times with minutes, seconds and fractions, with a zone designator)
 * and epoch (UNIX) seconds. A digits-only value other than a four-digit year is read as epoch seconds, and a
 * date-time without a zone as UTC; neither case is spelled out by AWS [inf].
 */

const W3C = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;
const EPOCH = /^-?\d+(?:\.\d+)?$/;

/** Milliseconds since the epoch, or undefined when the text is not a date AWS accepts. */
export function parseDate(text: string): number | undefined {
  const t = text.trim();
  if (EPOCH.test(t) && !/^\d{4}$/.test(t)) return Number(t) * 1000;
  const m = W3C.exec(t);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = mo ? Number(mo) : 1;
  const day = d ? Number(d) : 1;
  const hour = h ? Number(h) : 0;
  const minute = mi ? Number(mi) : 0;
  const second = s ? Number(s) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second) + (frac ? Math.round(Number(frac) * 1000) : 0);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(ms) ? ms : undefined;
}
