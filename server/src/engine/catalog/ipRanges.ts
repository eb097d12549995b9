/**
 * IPv4/IPv6 CIDR parsing for the aws:SourceIp rules: network address, prefix, host bits, and whether a
 * range lies inside the private (non-internet-routable) blocks that aws:SourceIp never carries.
 */

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

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0'))) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseIPv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split('::').length > 2) return undefined;
  let tail = s;
  let v4: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = tail.includes('::') ? (tail.split('::') as [string, string]) : [tail, undefined];
  const groups = (x: string): string[] => (x === '' ? [] : x.split(':'));
  const h = groups(head);
  const r = rest === undefined ? [] : groups(rest);
  const missing = 8 - h.length - r.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...h, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...r];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return v4 === undefined ? n : (n & ~0xffffffffn) | v4;
}

function formatIPv4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

function formatIPv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  // Compress the longest run of two or more zero groups (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
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

/** Parses `a.b.c.d[/n]` or an IPv6 address with optional `/n`; undefined when it is not one. */
export function parseCidr(value: string): CidrBlock | undefined {
  const slash = value.indexOf('/');
  const addr = slash < 0 ? value : value.slice(0, slash);
  const prefixText = slash < 0 ? undefined : value.slice(slash + 1);
  const v4 = parseIPv4(addr);
  const version = v4 !== undefined ? 4 : 6;
  const address = v4 ?? parseIPv6(addr);
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
    const outer = parseCidr(p.cidr) as CidrBlock;
    if (outer.version !== block.version || block.prefix < outer.prefix) continue;
    const width = block.version === 4 ? 32 : 128;
    const shift = BigInt(width - outer.prefix);
    if (block.address >> shift === outer.address >> shift) return p.name;
  }
  return undefined;
}
