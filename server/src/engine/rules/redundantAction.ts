/**
 * KP118: an action listed in a statement that another pattern of the same list already covers
 * (`kms:Decrypt` next to `kms:*`, `kms:GetPublicKey` next to `kms:Get*`, or the same action twice in any
 * case). Harmless but noisy, and it hides what the statement really grants. Fix: remove the item.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { StringList } from '../parse/model';
import type { PolicyRule, Report } from './types';
import { TextCache } from '../memo';
import { removeArrayItem } from '../fixes/edits';
import { redundantItems } from '../facts';

/**
 * For each item of a list (lower case), the index of the item that makes it redundant, or -1. A pure
 * function of the list's source text, shared by every statement and policy that writes the same list (the
 * console's key-administrator list recurs in nearly every key policy, often several times in one): the text
 * is the key, so a list seen before costs one lookup and no lower-casing.
 */
const sharedCovering = new TextCache<readonly number[]>(2048, 4096);

function coveringItems(list: StringList, text: string): readonly number[] {
  const source = text.slice(list.span.offset, list.span.offset + list.span.length);
  const known = sharedCovering.get(source);
  return known ?? sharedCovering.set(source, redundantItems(list.items.map((item) => item.value.toLowerCase())));
}

function checkList(list: StringList, element: string, text: string, report: (r: Report) => void): void {
  const items = list.items;
  const coveredAt = coveringItems(list, text);
  // The items' JSON nodes by offset, looked up once a list has a finding (a long list may have thousands).
  let nodes: Map<number, JsonNode> | undefined;
  items.forEach((item, k) => {
    const coveredBy = items[coveredAt[k] ?? -1];
    if (!coveredBy) return;
    nodes ??= new Map((list.node.children ?? []).map((c) => [c.offset, c]));
    const node = nodes.get(item.offset);
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
