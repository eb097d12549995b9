/**
 * KP118: an action listed in a statement that another pattern of the same list already covers
 * (`kms:Decrypt` next to `kms:*`, `kms:GetPublicKey` next to `kms:Get*`, or the same action twice in any
 * case). Harmless but noisy, and it hides what the statement really grants. Fix: remove the item.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { Located, StringList } from '../parse/model';
import type { PolicyRule, Report } from './types';
import { globMatchLower } from '../catalog/suggest';
import { TextCache } from '../memo';
import { removeArrayItem } from '../fixes/edits';

/**
 * True when every action that `inner` can match is also matched by `outer`. Both are action globs
 * (`*` any run, `?` one character), compared case-insensitively. Sound, not complete: `outer`'s `?` never
 * stands for `inner`'s `*`, and `outer`'s literal characters never stand for `inner`'s wildcards.
 */
export function patternCovers(outer: string, inner: string): boolean {
  return coversLower(outer.toLowerCase(), inner.toLowerCase());
}

/** `patternCovers` over patterns already in lower case. */
function coversLower(o: string, i: string): boolean {
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

function itemNode(list: StringList, item: Located<string>): JsonNode | undefined {
  return (list.node.children ?? []).find((c) => c.offset === item.offset);
}

/**
 * For each item of a list (lower case), the index of the item that makes it redundant, or -1. A pure
 * function of the list's source text, shared by every statement and policy that writes the same list (the
 * console's key-administrator list recurs in nearly every key policy, often several times in one): the text
 * is the key, so a list seen before costs one lookup and no lower-casing.
 */
const sharedCovering = new TextCache<readonly number[]>(2048, 4096);

function covering(lower: readonly string[]): readonly number[] {
  return lower.map((item, k) =>
    lower.findIndex((other, j) => {
      if (j === k || !coversLower(other, item)) return false;
      // Two equivalent patterns: only the later one is redundant.
      return j < k || !coversLower(item, other);
    }),
  );
}

function coveringItems(list: StringList, text: string): readonly number[] {
  const source = text.slice(list.span.offset, list.span.offset + list.span.length);
  const known = sharedCovering.get(source);
  return known ?? sharedCovering.set(source, covering(list.items.map((item) => item.value.toLowerCase())));
}

function checkList(list: StringList, element: string, text: string, report: (r: Report) => void): void {
  const items = list.items;
  const coveredAt = coveringItems(list, text);
  items.forEach((item, k) => {
    const coveredBy = items[coveredAt[k] ?? -1];
    if (!coveredBy) return;
    const node = itemNode(list, item);
    const remove = node ? removeArrayItem(node) : undefined;
    const same = coveredBy.value.toLowerCase() === item.value.toLowerCase();
    report({
      at: item,
      message: same
        ? `"${item.value}" is listed twice in this ${element}; remove the repeat.`
        : `"${item.value}" is already covered by "${coveredBy.value}" in this ${element}; remove it.`,
      related: [{ ...coveredBy, message: same ? 'First listed here' : 'Covered by this pattern' }],
      unnecessary: true,
      ...(remove ? { fixes: [{ title: `Remove "${item.value}"`, edits: [remove], preferred: true }] } : {}),
    });
  });
}

/** KP118: an action already covered by another pattern in the same statement. */
export const redundantAction: PolicyRule = {
  code: 'KP118',
  name: 'redundant-action',
  severity: 'info',
  summary: 'An action is already covered by a wildcard (or listed twice) in the same statement.',
  check(ctx) {
    const report = (r: Report): void => ctx.report(r);
    for (const s of ctx.policy.statements) {
      if (s.action?.isArray) checkList(s.action, '"Action"', ctx.doc.text, report);
      if (s.notAction?.isArray) checkList(s.notAction, '"NotAction"', ctx.doc.text, report);
    }
  },
};
