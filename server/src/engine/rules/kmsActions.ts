/**
 * What a statement's Action list grants, in catalog terms, for the KP5xx KMS pack. Every action fact comes
 * from the catalog (matchActions, kmsFacts); nothing here lists actions by hand.
 *
 * Only `Action` is read. A NotAction statement grants almost everything, and the NotAction rule reports that
 * once; reading it here too would repeat the same finding under several codes.
 */
import type { Located, Statement } from '../parse/model';
import { memoByObject, memoByShared } from '../memo';
import { factsOf, kmsFacts, matchActions, type ActionInfo, type KmsCapability } from '../catalog';

/** One Action item with the kms actions it matches. */
export interface ActionItem {
  readonly item: Located<string>;
  readonly actions: readonly ActionInfo[];
}

/** A statement's Action items and granted actions, computed once per statement (see `expansionOf`). */
interface Expansion {
  readonly items: readonly ActionItem[];
  /** The names granted (without prefix). */
  readonly granted: ReadonlySet<string>;
  /** The catalog records granted, each once, in the order the items first match them. */
  readonly records: readonly ActionInfo[];
}

/**
 * The expansion, once per parsed statement: a dozen KP5xx rules ask for the same statement, and expanding
 * `kms:*`-style lists once instead of per rule is most of the KP5xx cost.
 */
const expansionOf = memoByObject((statement: Statement): Expansion => {
  const items = (statement.action?.items ?? []).map((item) => ({ item, actions: matchActions(item.value) }));
  // One item (`"Action": "kms:*"`, or one action): the catalog's shared list, and its names once per list.
  if (items.length === 1) {
    const records = (items[0] as ActionItem).actions;
    return { items, granted: namesOf(records), records };
  }
  const granted = new Set<string>();
  const records: ActionInfo[] = [];
  for (let i = 0; i < items.length; i++) {
    const actions = (items[i] as ActionItem).actions;
    for (let j = 0; j < actions.length; j++) {
      const a = actions[j] as ActionInfo;
      if (granted.has(a.name)) continue;
      granted.add(a.name);
      records.push(a);
    }
  }
  return { items, granted, records };
});

/** The names of a list matchActions gave (lists are shared per pattern text; so are their name sets). */
const namesOf = memoByShared((records: readonly ActionInfo[]): ReadonlySet<string> => new Set(records.map((a) => a.name)), 2048);

/** The items of a statement's Action element with what each matches (items matching nothing included). */
export function actionItems(statement: Statement): readonly ActionItem[] {
  return expansionOf(statement).items;
}

/** The names (without prefix) of every kms action the statement's Action element matches. */
export function grantedActions(statement: Statement): ReadonlySet<string> {
  return expansionOf(statement).granted;
}

/** The first Action item that matches `action` (a name without prefix), for anchoring a finding. */
export function itemFor(statement: Statement, action: string): Located<string> | undefined {
  return actionItems(statement).find((i) => i.actions.some((a) => a.name === action))?.item;
}

/** The first Action item that matches any action satisfying `test`. */
export function itemWhere(statement: Statement, test: (a: ActionInfo) => boolean): Located<string> | undefined {
  return actionItems(statement).find((i) => i.actions.some(test))?.item;
}

/** The kms actions the statement's Action element matches, each once, as catalog records. */
export function grantedRecords(statement: Statement): readonly ActionInfo[] {
  return expansionOf(statement).records;
}

/** The kms actions the statement's Action element matches (each once, as catalog records) that satisfy `test`. */
export function grantedWhere(statement: Statement, test: (a: ActionInfo) => boolean): ActionInfo[] {
  return expansionOf(statement).records.filter(test);
}

/** True when the action is meaningful in a key policy and has the capability. */
export function hasCapability(action: ActionInfo | string, capability: KmsCapability): boolean {
  const facts = typeof action === 'string' ? kmsFacts(action) : factsOf(action);
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
    facts !== undefined &&
    facts.keyPolicy === 'yes' &&
    facts.grantable &&
    !facts.capabilities.includes('escalation') &&
    action.accessLevels.includes('Write')
  );
}

/** The action name that lets a principal rewrite the key policy. */
export const PUT_KEY_POLICY = 'PutKeyPolicy';

/** The action name that creates grants. */
export const CREATE_GRANT = 'CreateGrant';

/** True when the statement can rewrite the key policy (PutKeyPolicy through any pattern). */
export function grantsPutKeyPolicy(statement: Statement): boolean {
  return grantedActions(statement).has(PUT_KEY_POLICY);
}

/** True when the statement grants any cryptographic use of the key. */
export function grantsCryptoUse(statement: Statement): boolean {
  return actionItems(statement).some((i) => i.actions.some(isCryptoUse));
}

/** "A, B and C" (or "A, B and 3 more" beyond `max`). */
export function listNames(names: readonly string[], max = 4): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
