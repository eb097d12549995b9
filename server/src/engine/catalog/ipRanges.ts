/**
 * IP addresses and CIDR ranges, read one way for the whole engine (IAM operator reference: RFC 4632 CIDR, IPv4
 * and IPv6; a bare address is a /32 or /128).
 * - How `IpAddress` / `NotIpAddress` evaluate (parseIp, parseCidr, cidrContains): values are trimmed, and
 *   IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are read as the IPv4 address they carry [inf]; IPv4 ranges
 *   never match other IPv6 addresses.
 * - How a value is written (readCidrBlock, privateBlockOf), for the aws:SourceIp rules: exactly as written,
 *   with its host bits and network form, and whether it lies in a block aws:SourceIp never carries.
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

/** A parsed CIDR block (a bare address is a /32 or /128). */
export interface CidrBlock {
  readonly version: 4 | 6;
  /** The address as written, as a number. */
  readonly address: bigint;
  /** The prefix length. */
  readonly prefix: number;
  /** True when the address has bits set beyond the prefix. */
  readonly hostBitsSet: boolean;
  /** The network form, e.g. `10.1.0.0/16`. */
  readonly network: string;
}

function formatIPv4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

function formatIPv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  // Compress the longest run of two or more zero groups (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Reads `a.b.c.d[/n]` or an IPv6 address with optional `/n` exactly as written; undefined when it is not one. */
export function readCidrBlock(value: string): CidrBlock | undefined {
  const slash = value.indexOf('/');
  const addr = slash < 0 ? value : value.slice(0, slash);
  const prefixText = slash < 0 ? undefined : value.slice(slash + 1);
  // Exactly as written: a value with spaces is not an address (the rules say so).
  if (/\s/.test(addr)) return undefined;
  const v4 = parseV4(addr);
  const version = v4 !== undefined ? 4 : 6;
  const address = v4 ?? parseV6(addr);
  if (address === undefined) return undefined;
  const width = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (prefix > width) return undefined;
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  const net = address & ~hostMask;
  return {
    version,
    address,
    prefix,
    hostBitsSet: (address & hostMask) !== 0n,
    network: `${version === 4 ? formatIPv4(net) : formatIPv6(net)}/${prefix}`,
  };
}

const PRIVATE_BLOCKS: readonly { cidr: string; name: string }[] = [
  { cidr: '10.0.0.0/8', name: 'private (RFC 1918)' },
  { cidr: '172.16.0.0/12', name: 'private (RFC 1918)' },
  { cidr: '192.168.0.0/16', name: 'private (RFC 1918)' },
  { cidr: '127.0.0.0/8', name: 'loopback' },
  { cidr: '169.254.0.0/16', name: 'link-local' },
  { cidr: '100.64.0.0/10', name: 'shared address space (RFC 6598)' },
  { cidr: 'fc00::/7', name: 'unique local (IPv6)' },
  { cidr: 'fe80::/10', name: 'link-local (IPv6)' },
  { cidr: '::1/128', name: 'loopback (IPv6)' },
];

/** The name of the non-routable block that wholly contains `block`, if any. */
export function privateBlockOf(block: CidrBlock): string | undefined {
  for (const p of PRIVATE_BLOCKS) {
    const outer = readCidrBlock(p.cidr) as CidrBlock;
    if (outer.version !== block.version || block.prefix < outer.prefix) continue;
    const width = block.version === 4 ? 32 : 128;
    const shift = BigInt(width - outer.prefix);
    if (block.address >> shift === outer.address >> shift) return p.name;
  }
  return undefined;
}
