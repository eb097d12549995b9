/**
 * The walk shared by the KP2xx action rules: every item of every Action and NotAction list, split into
 * service prefix and action name, with the JSON node a quick fix edits.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { Located, Policy, Statement, StringList } from '../parse/model';
import type { Fix } from './types';
import { removeArrayItem } from './edits';
import { memoByObject, memoByText } from '../memo';
import { factsOf, findAction, matchActions, type ActionInfo } from '../catalog';

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
  /** What the item's text says, looked up once per walk (see `ActionFacts`). */
  readonly facts: ActionFacts;
}

/** What an action string means, the same wherever it is written: one lookup serves every KP2xx rule. */
export interface ActionFacts {
  /** How the item is written. */
  readonly shape: ActionShape;
  /** The kms actions it matches (none for other services). */
  readonly matched: readonly ActionInfo[];
  /** True when it names one catalog action exactly (in any case, with or without the kms: prefix). */
  readonly known: boolean;
  /**
   * What the matched actions do in a key policy, when that makes the item useless: `noEffect` when every one
   * has no effect there (kms:RetireGrant), `iamOnly` when every one is authorized only by IAM policies or has
   * no effect, and at least one is IAM-only (kms:CreateKey, kms:ListKeys…); undefined otherwise, or when
   * the item matches no kms action.
   */
  readonly useless: 'noEffect' | 'iamOnly' | undefined;
}

const WILDCARD = /[*?]/;
const SERVICE = /^[A-Za-z0-9*?-]+$/;
const NAME = /^[A-Za-z0-9*?]+$/;

/**
 * Reads an action string: `*`, `service:Name` (globs allowed), or malformed with a reason. The shapes are
 * frozen and shared by every item that writes the same text.
 */
export function parseAction(text: string): ActionShape {
  return actionFacts(text).shape;
}

/** The facts of an action string, frozen and shared by every item that writes the same text. */
export const actionFacts: (text: string) => ActionFacts = memoByText((text) => {
  const matched = matchActions(text);
  return Object.freeze({ shape: Object.freeze(readAction(text)), matched, known: findAction(text) !== undefined, useless: useless(matched) });
});

function useless(matched: readonly ActionInfo[]): ActionFacts['useless'] {
  if (matched.length === 0) return undefined;
  const uses = matched.map((a) => factsOf(a)?.keyPolicy);
  if (uses.every((u) => u === 'noEffect')) return 'noEffect';
  return uses.every((u) => u === 'iamOnly' || u === 'noEffect') ? 'iamOnly' : undefined;
}

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

function itemOf(statement: Statement, element: ActionItem['element'], list: StringList, item: Located<string>, node: JsonNode): ActionItem {
  const facts = actionFacts(item.value);
  return { statement, element, list, item, node, shape: facts.shape, facts };
}

function collect(out: ActionItem[], statement: Statement, element: ActionItem['element'], list: StringList): void {
  const items = list.items;
  if (!list.isArray) {
    for (const item of items) out.push(itemOf(statement, element, list, item, list.node));
    return;
  }
  // The list's items are its string children, in order: pair them up in one pass.
  let k = 0;
  for (const child of list.node.children ?? []) {
    const item = items[k];
    if (item === undefined) break;
    if (child.type !== 'string' || child.offset !== item.offset) continue;
    out.push(itemOf(statement, element, list, item, child));
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
