/**
 * Times as the front doors take them: the bounds of an activity window (`--since`, `--until`, the language
 * server's `since` / `until`) and a simulated request's time (`--time`, a request's `"time"`). Every time
 * read here is one a JavaScript Date can hold, so nothing downstream meets an Invalid Date.
 */
import { parseDate } from '../simulate/conditions/dates';
import { InputError } from './inputError';

/** What a window time must be, for messages. */
export const TIME_FORMS = 'a date (2026-09-01), an ISO time (2026-09-01T10:00:00Z) or an age such as 90d';

/**
 * The oldest start an age may name: ten years back. LookupEvents keeps 90 days of events and CloudTrail
 * itself began in November 2013, so an age beyond ten years is a slip of the keyboard (`100000000d`) far
 * more often than a window; a trail kept longer can still be read from a date (`--since 2015-01-01`).
 */
export const MAX_AGE_DAYS = 3650;

const DAY_MS = 86_400_000;
const UNIT_MS: Readonly<Record<string, number>> = { d: DAY_MS, h: 3_600_000, m: 60_000 };
const AGE = /^(\d+)([dhm])$/;
const ISO = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A window time in epoch milliseconds: an ISO date (midnight UTC) or time, or an age (90d, 12h, 30m) before
 * `now` of at most {@link MAX_AGE_DAYS} days. `where` names the input in messages (`--since`, `since`).
 */
export function windowTimeFrom(value: string, where: string, now: number): number {
  const age = AGE.exec(value);
  if (age) {
    const ms = Number(age[1]) * (UNIT_MS[age[2] as string] as number);
    if (ms > MAX_AGE_DAYS * DAY_MS) {
      throw new InputError(
        `${where} must be an age of at most ${MAX_AGE_DAYS}d (ten years; ${MAX_AGE_DAYS * 24}h, ${MAX_AGE_DAYS * 1440}m), or a date such as 2015-01-01 for an older start (got ${JSON.stringify(value)})`,
      );
    }
    return now - ms;
  }
  const t = ISO.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  if (Number.isNaN(t)) throw new InputError(`${where} must be ${TIME_FORMS} (got ${JSON.stringify(value)})`);
  return t;
}

/** The largest distance from the epoch a JavaScript Date holds (ECMA-262 §21.4.1.1), in milliseconds. */
const DATE_RANGE_MS = 8.64e15;

/**
 * A request time as the simulator reads it (ISO 8601 or epoch seconds, the forms IAM's Date operators
 * take), within the range a Date holds; returned as given. `where` names the input in messages.
 */
export function requestTimeFrom(value: string, where: string): string {
  const ms = parseDate(value);
  if (ms === undefined)
    throw new InputError(`${where} must be an ISO 8601 time such as 2026-09-01T10:00:00Z or epoch seconds such as 1788256800 (got ${JSON.stringify(value)})`);
  if (Math.abs(ms) > DATE_RANGE_MS) {
    throw new InputError(
      `${where} must lie within the dates JavaScript can hold: epoch seconds from -${DATE_RANGE_MS / 1000} to ${DATE_RANGE_MS / 1000} (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}
