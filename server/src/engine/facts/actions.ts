/**
 * What Action and NotAction items say, in catalog terms: how each item is written (its shape), which kms
 * actions it matches, and what those do in a key policy. Every action fact comes from the catalog
 * (matchActions, kmsFacts); nothing here lists actions by hand. Statement-level answers (what a statement
 * grants, what it covers) are fields of StatementFacts, built from the functions here.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { Located, Statement, StringList } from '../parse/model';
import { memoByText } from '../memo';
import { allActions, factsOf, findAction, matchActions, type ActionInfo, type KmsCapability } from '../catalog';

/** How an action string is written. */
export type ActionShape =
  /** `*`: every action. */
  | { readonly kind: 'all' }
  /** `service:name`, well formed; either part may hold `*`/`?` (only the name should). */
  | {
      readonly kind: 'action';
      readonly service: string;
      readonly name: string;
      readonly serviceWildcard: boolean;
      readonly nameWildcard: boolean;
    }
  /** Anything else, with the reason in words. */
  | { readonly kind: 'malformed'; readonly reason: string };

/** What an action string means, the same wherever it is written: one lookup serves every action rule. */
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

/** One item of an Action or NotAction list, with what it means. */
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
  /** How the item is written (the same as `facts.shape`, named for the dozen rules that read it). */
  readonly shape: ActionShape;
  /** What the item's text says. */
  readonly facts: ActionFacts;
}

const WILDCARD = /[*?]/;
const SERVICE = /^[A-Za-z0-9*?-]+$/;
const NAME = /^[A-Za-z0-9*?]+$/;

/**
 * The facts of an action string. Shared between documents by text: the same few dozen action strings recur in
 * nearly every key policy, and matching a glob against the catalog is the costly part of reading one.
 */
export const actionFacts: (text: string) => ActionFacts = memoByText((text) => {
  const matched = matchActions(text);
  return Object.freeze({
    shape: Object.freeze(readAction(text)),
    matched,
    known: findAction(text) !== undefined,
    useless: useless(matched),
  });
});

/** Reads an action string: `*`, `service:Name` (globs allowed), or malformed with a reason. */
export function parseAction(text: string): ActionShape {
  return actionFacts(text).shape;
}

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

/** True when the item is a `kms:` action or pattern (the prefix is case-insensitive, like the name). */
export function isKmsItem(shape: ActionShape): shape is Extract<ActionShape, { kind: 'action' }> {
  return shape.kind === 'action' && !shape.serviceWildcard && shape.service.toLowerCase() === 'kms';
}

/** Every Action and NotAction item of a statement, in source order. */
export function readActionItems(statement: Statement): ActionItem[] {
  const out: ActionItem[] = [];
  if (statement.action) collect(out, statement, 'Action', statement.action);
  if (statement.notAction) collect(out, statement, 'NotAction', statement.notAction);
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

/** The kms actions a statement's Action items match, each once, in the order the items first match them. */
export function grantedBy(items: readonly ActionItem[]): readonly ActionInfo[] {
  const action = items.filter((i) => i.element === 'Action');
  // One item (`"Action": "kms:*"`, or one action): the catalog's shared list as it is.
  if (action.length === 1) return (action[0] as ActionItem).facts.matched;
  const seen = new Set<ActionInfo>();
  for (const i of action) for (const a of i.facts.matched) seen.add(a);
  return [...seen];
}

/**
 * The kms actions a statement covers: those its Action matches, or every catalog action its NotAction does
 * not; undefined when it has neither, or covers no known kms action (rules should then stay quiet).
 */
export function coveredBy(statement: Statement, granted: readonly ActionInfo[], items: readonly ActionItem[]): readonly ActionInfo[] | undefined {
  if (statement.action) return granted.length > 0 ? granted : undefined;
  if (!statement.notAction) return undefined;
  const excluded = new Set(items.flatMap((i) => (i.element === 'NotAction' ? i.facts.matched : [])));
  const rest = allActions().filter((a) => !excluded.has(a));
  return rest.length > 0 ? rest : undefined;
}

/** True when the action is meaningful in a key policy and has the capability. */
export function hasCapability(action: ActionInfo, capability: KmsCapability): boolean {
  const facts = factsOf(action);
  return facts !== undefined && facts.keyPolicy === 'yes' && facts.capabilities.includes(capability);
}

/**
 * True for the operations a key user runs with the key: grantable operations that write (Encrypt, Decrypt,
 * GenerateDataKey*, ReEncrypt*, Sign, Verify, GenerateMac, VerifyMac, DeriveSharedSecret), excluding the ones
 * that hand out access (CreateGrant). Read-only grant operations (DescribeKey, GetPublicKey) are not use.
 */
export function isCryptoUse(action: ActionInfo): boolean {
  const facts = factsOf(action);
  return (
    facts !== undefined && facts.keyPolicy === 'yes' && facts.grantable && !facts.capabilities.includes('escalation') && action.accessLevels.includes('Write')
  );
}

/** The action name that lets a principal rewrite the key policy. */
export const PUT_KEY_POLICY = 'PutKeyPolicy';

/** The action name that creates grants. */
export const CREATE_GRANT = 'CreateGrant';
