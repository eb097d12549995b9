/**
 * The walk shared by the KP2xx action rules: every item of every Action and NotAction list, split into
 * service prefix and action name, with the JSON node a quick fix edits.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { Located, Policy, Statement, StringList } from '../parse/model';
import type { Fix } from './types';
import { removeArrayItem } from './edits';
import { memoByObject, memoByText } from '../memo';
import { matchActions, KMS_ACTION_FACTS } from '../catalog';

/** How an action string is written. */
export type ActionShape =
  /** `*`: every action. */
  | { readonly kind: 'all' }
  /** `service:name`, well formed; either part may hold `*`/`?` (only the name should). */
  | { readonly kind: 'action'; readonly service: string; readonly name: string; readonly serviceWildcard: boolean; readonly nameWildcard: boolean }
  /** Anything else, with the reason in words. */
  | { readonly kind: 'malformed'; readonly reason: string };

/** One item of an Action or NotAction list. */
export interface ActionItem {
  /** The statement holding the list. */
  readonly statement: Statement;
  /** Which element the item is in. */
  readonly element: 'Action' | 'NotAction';
  /** The list. */
  readonly list: StringList;
  /** The item as written, with its span (quotes included). */
  readonly item: Located<string>;
  /** The item's JSON node (for removal edits). */
  readonly node: JsonNode;
  /** How the item is written. */
  readonly shape: ActionShape;
}

const WILDCARD = /[*?]/;
const SERVICE = /^[A-Za-z0-9*?-]+$/;
const NAME = /^[A-Za-z0-9*?]+$/;

/**
 * Reads an action string: `*`, `service:Name` (globs allowed), or malformed with a reason. The shapes are
 * frozen and shared by every item that writes the same text.
 */
export const parseAction: (text: string) => ActionShape = memoByText((text) => Object.freeze(readAction(text)));

function readAction(text: string): ActionShape {
  if (text === '*') return { kind: 'all' };
  if (text.trim() !== text) return { kind: 'malformed', reason: 'it has spaces around it' };
  const colon = text.indexOf(':');
  if (colon < 0) return { kind: 'malformed', reason: 'it has no service prefix (write "service:Action", e.g. "kms:Decrypt")' };
  const service = text.slice(0, colon);
  const name = text.slice(colon + 1);
  if (service === '') return { kind: 'malformed', reason: 'the service prefix before ":" is empty' };
  if (name === '') return { kind: 'malformed', reason: 'the action name after ":" is empty' };
  if (name.includes(':')) return { kind: 'malformed', reason: 'it has more than one ":"' };
  if (!SERVICE.test(service)) return { kind: 'malformed', reason: `the service prefix "${service}" has characters a service prefix cannot have` };
  if (!NAME.test(name)) return { kind: 'malformed', reason: `the action name "${name}" has characters an action name cannot have` };
  return { kind: 'action', service, name, serviceWildcard: WILDCARD.test(service), nameWildcard: WILDCARD.test(name) };
}

/**
 * Every Action and NotAction item of the policy, in statement and source order. A dozen KP2xx rules walk
 * the same items: the walk is done once per parsed policy (the memo lives as long as the model).
 */
export const actionItems: (policy: Policy) => readonly ActionItem[] = memoByObject(walk);

function walk(policy: Policy): ActionItem[] {
  const out: ActionItem[] = [];
  for (const statement of policy.statements) {
    if (statement.action) collect(out, statement, 'Action', statement.action);
    if (statement.notAction) collect(out, statement, 'NotAction', statement.notAction);
  }
  return out;
}

function collect(out: ActionItem[], statement: Statement, element: ActionItem['element'], list: StringList): void {
  const items = list.items;
  if (!list.isArray) {
    for (const item of items) out.push({ statement, element, list, item, node: list.node, shape: parseAction(item.value) });
    return;
  }
  // The list's items are its string children, in order: pair them up in one pass.
  let k = 0;
  for (const child of list.node.children ?? []) {
    const item = items[k];
    if (item === undefined) break;
    if (child.type !== 'string' || child.offset !== item.offset) continue;
    out.push({ statement, element, list, item, node: child, shape: parseAction(item.value) });
    k++;
  }
}

/** True when the item is a `kms:` action or pattern (the prefix is case-insensitive, like the name). */
export function isKmsItem(shape: ActionShape): shape is Extract<ActionShape, { kind: 'action' }> {
  return shape.kind === 'action' && !shape.serviceWildcard && shape.service.toLowerCase() === 'kms';
}

/**
 * The quick fix that drops an item from its list, or none when the item is the whole element (a single
 * string, or the only item of an array): removing it would leave a statement without actions.
 */
export function removeItemFixes(ai: ActionItem, preferred = true): { fixes?: Fix[] } {
  if (!ai.list.isArray) return {};
  const edit = removeArrayItem(ai.node);
  return edit ? { fixes: [{ title: `Remove "${ai.item.value}"`, edits: [edit], ...(preferred ? { preferred: true } : {}) }] } : {};
}

/** `kms:A`, `kms:B` and `kms:C` (and N more): a short list of action names for a message. */
export function listNames(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  const head = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : (shown[0] ?? '');
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : head;
}

/**
 * What the kms actions an Action pattern matches do in a key policy, when that makes the item useless:
 * `noEffect` when every one has no effect there (kms:RetireGrant), `iamOnly` when every one is authorized
 * only by IAM policies or has no effect, and at least one is IAM-only (kms:CreateKey, kms:ListKeys…);
 * undefined otherwise, or when the pattern matches no kms action. Shared by KP206 and KP207.
 */
export const uselessInKeyPolicy: (pattern: string) => 'noEffect' | 'iamOnly' | undefined = memoByText((pattern) => {
  const matched = matchActions(pattern);
  if (matched.length === 0) return undefined;
  const uses = matched.map((a) => KMS_ACTION_FACTS[a.name]?.keyPolicy);
  if (uses.every((u) => u === 'noEffect')) return 'noEffect';
  return uses.every((u) => u === 'iamOnly' || u === 'noEffect') ? 'iamOnly' : undefined;
});
