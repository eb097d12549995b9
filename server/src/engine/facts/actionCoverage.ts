/**
 * Whether one action pattern covers another (`kms:*` covers `kms:Get*` and `kms:Decrypt`): what KP118 asks of
 * the items of one Action list.
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
