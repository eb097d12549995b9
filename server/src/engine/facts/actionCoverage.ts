/**
 * Whether one action pattern covers another (`kms:*` covers `kms:Get*` and `kms:Decrypt`), and which items of
 * one Action list another item makes redundant: what KP118 asks.
 */
import { globMatchLower } from '../catalog/suggest';

/**
 * True when every action that `inner` can match is also matched by `outer`. Both are action globs
 * (`*` any run, `?` one character), compared case-insensitively. Sound, not complete: `outer`'s `?` never
 * stands for `inner`'s `*`, and `outer`'s literal characters never stand for `inner`'s wildcards.
 */
export function patternCovers(outer: string, inner: string): boolean {
  return coversLower(outer.toLowerCase(), inner.toLowerCase());
}

/** `patternCovers` over patterns already in lower case. */
export function coversLower(o: string, i: string): boolean {
  if (o === i) return true;
  const outerWild = o.includes('*') || o.includes('?');
  // A literal covers only itself; a wildcard covers a literal exactly when it matches it.
  if (!outerWild) return false;
  if (!i.includes('*') && !i.includes('?')) return globMatchLower(o, i);
  // Literal characters before the outer pattern's first wildcard must be the inner's own, one for one
  // (`kms:create*` never covers `kms:describe*`): most pairs end here, without the table below.
  for (let k = 0; k < o.length; k++) {
    const oc = o[k];
    if (oc === '*' || oc === '?') break;
    const ic = i[k];
    if (ic === undefined || ic === '*' || ic === '?') return false;
    if (ic !== oc) return false;
  }
  // can[a][b]: outer from a covers inner from b. Filled backwards; O(|o|·|i|).
  const can: boolean[][] = Array.from({ length: o.length + 1 }, () => new Array<boolean>(i.length + 1).fill(false));
  (can[o.length] as boolean[])[i.length] = true;
  for (let a = o.length - 1; a >= 0; a--) {
    const row = can[a] as boolean[];
    const next = can[a + 1] as boolean[];
    for (let b = i.length; b >= 0; b--) {
      const oc = o[a] as string;
      if (oc === '*') {
        row[b] = (next[b] as boolean) || (b < i.length && (row[b + 1] as boolean));
      } else if (b === i.length) {
        row[b] = false;
      } else {
        const ic = i[b] as string;
        const fits = oc === '?' ? ic !== '*' : ic !== '*' && ic !== '?' && oc === ic;
        row[b] = fits && (next[b + 1] as boolean);
      }
    }
  }
  return (can[0] as boolean[])[0] as boolean;
}

const isWild = (t: string): boolean => t.includes('*') || t.includes('?');

/** The characters before a pattern's first wildcard. */
function literalPrefix(t: string): string {
  const star = t.indexOf('*');
  const q = t.indexOf('?');
  const end = star < 0 ? q : q < 0 ? star : Math.min(star, q);
  return end < 0 ? t : t.slice(0, end);
}

/**
 * For each item of a list of action patterns (lower case), the index of the item that makes it redundant, or
 * -1: the first other item whose pattern covers it, where of two equivalent patterns (the same text, or
 * `kms:*` and `kms:**`) only the later one is redundant. Near-linear, where comparing every pair took seconds
 * on long lists: a repeat is found by its text, and only the distinct wildcard patterns are tried, each
 * against the items that start with its literal prefix, in list order until one covers.
 */
export function redundantItems(lower: readonly string[]): number[] {
  const first = new Map<string, number>();
  const byPrefix = new Map<string, string[]>();
  const prefixLengths = new Set<number>();
  lower.forEach((t, k) => {
    if (first.has(t)) return;
    first.set(t, k);
    if (!isWild(t)) return;
    const p = literalPrefix(t);
    prefixLengths.add(p.length);
    const list = byPrefix.get(p);
    if (list) list.push(t);
    else byPrefix.set(p, [t]);
  });
  // Per distinct text: the first item that covers it and is not covered back, and the first equivalent one.
  const coveredBy = new Map<string, { readonly other: number; readonly equivalent: number }>();
  for (const t of first.keys()) {
    let other = Infinity;
    let equivalent = Infinity;
    const wild = isWild(t);
    const limit = wild ? literalPrefix(t).length : t.length;
    for (const length of prefixLengths) {
      if (length > limit) continue;
      for (const o of byPrefix.get(t.slice(0, length)) ?? []) {
        const j = first.get(o)!;
        // Lists are in item order: nothing further on can come first.
        if (j >= other && (!wild || j >= equivalent)) break;
        if (o === t || !coversLower(o, t)) continue;
        if (wild && coversLower(t, o)) equivalent = Math.min(equivalent, j);
        else other = Math.min(other, j);
      }
    }
    coveredBy.set(t, { other, equivalent });
  }
  return lower.map((t, k) => {
    const { other, equivalent } = coveredBy.get(t)!;
    const repeat = first.get(t)!;
    const best = Math.min(repeat < k ? repeat : Infinity, other, equivalent < k ? equivalent : Infinity);
    return best === Infinity ? -1 : best;
  });
}
