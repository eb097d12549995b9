/**
 * IP addresses and CIDR ranges for `IpAddress` / `NotIpAddress` (IAM operator reference: RFC 4632 CIDR,
 * IPv4 and IPv6; a bare address is a /32 or /128). IPv4 ranges never match IPv6 addresses except
 * IPv4-mapped ones (`::ffff:a.b.c.d`), which are read as the IPv4 address they carry [inf].
 */

/** A parsed address: IPv4 as a 32-bit value, IPv6 as a 128-bit value. */
export interface IpAddressValue {
  readonly version: 4 | 6;
  readonly value: bigint;
}

/** A parsed CIDR range. */
export interface CidrRange {
  readonly version: 4 | 6;
  /** The network address with host bits cleared. */
  readonly network: bigint;
  readonly prefix: number;
  /** The mask to apply before comparing. */
  readonly mask: bigint;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): bigint | undefined {
  const m = V4.exec(text);
  if (!m) return undefined;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const part = Number(m[i]);
    if (part > 255 || (m[i]!.length > 1 && m[i]!.startsWith('0'))) return undefined;
    v = (v << 8n) | BigInt(part);
  }
  return v;
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let tail4: bigint | undefined;
  let body = text;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tail4 = parseV4(text.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    body = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const all = [...head, ...Array<string>(8 - total).fill('0'), ...rest];
  let v = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail4 !== undefined) v = (v & ~0xffffffffn) | tail4;
  return v;
}

const MAPPED_PREFIX = 0xffffn << 32n;

/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function parseIp(text: string): IpAddressValue | undefined {
  const t = text.trim();
  const v4 = parseV4(t);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseV6(t);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === MAPPED_PREFIX >> 32n) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

/** Parses `a.b.c.d/n`, an IPv6 CIDR, or a bare address; undefined when malformed. */
export function parseCidr(text: string): CidrRange | undefined {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text.trim() : text.slice(0, slash).trim();
  const addr = parseIp(addrText);
  if (!addr) return undefined;
  const bits = addr.version === 4 ? 32 : 128;
  // An IPv4-mapped address written in IPv6 form carries an IPv6 prefix length; shift it into IPv4 terms.
  const mappedV6 = addr.version === 4 && addrText.includes(':');
  let prefix = bits;
  if (slash >= 0) {
    const p = text.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p) - (mappedV6 ? 96 : 0);
    if (prefix < 0 || prefix > bits) return undefined;
  }
  const all = (1n << BigInt(bits)) - 1n;
  const mask = prefix === 0 ? 0n : (all << BigInt(bits - prefix)) & all;
  return { version: addr.version, network: addr.value & mask, prefix, mask };
}

/** True when the address lies in the range. */
export function cidrContains(range: CidrRange, addr: IpAddressValue): boolean {
  return range.version === addr.version && (addr.value & range.mask) === range.network;
}
