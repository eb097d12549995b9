// Types of hostile.mjs for TypeScript callers (test/engine/simulate/hostile.test.ts).
export const HOSTILE_ACCOUNT: string;
export const HOSTILE_PARTNER: string;
/** The values the generated conditions test (tag keys are aws:PrincipalTag/t0 … t<tags-1>). */
export const HOSTILE_VALUES: {
  readonly org: readonly string[];
  readonly via: readonly string[];
  readonly team: readonly string[];
  readonly tenant: readonly string[];
  readonly vpce: readonly string[];
  readonly ip: readonly string[];
  readonly roles: readonly string[];
  readonly tags: number;
  readonly tagValues: readonly string[];
};
/** The families by name; each builds a statement list from a size knob and a random source. */
export const HOSTILE_FAMILIES: Readonly<Record<string, (n: number, random: () => number) => unknown[]>>;
/** A family's policy for size knob `n`, as compact JSON. */
export function hostilePolicy(family: string, n: number, seed?: number): string;
/** The largest `n` whose policy fits in `maxBytes` UTF-8 bytes, and the policy. */
export function fitHostile(family: string, maxBytes: number, seed?: number): { n: number; text: string };
