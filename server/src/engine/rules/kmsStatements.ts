/**
 * Shared reading of statements for the KP5xx KMS pack: which principals a statement names relative to the
 * key's account, which condition keys it tests and how, and where a condition member can be inserted.
 * Action questions (what a statement's Action list matches) live in kmsActions.ts.
 */
import type { ConditionClause, ConditionKeyEntry, Located, ConditionScalar, PrincipalEntry, Statement } from '../parse/model';
import { accountOf } from '../parse/principalRef';
import { insertMember } from './edits';
import { memoByObject } from '../memo';
import { parseOperator, type SetQualifier } from '../catalog';
import type { TextEditSpec } from './types';

/** One condition key test of a statement with its operator read into parts. */
export interface ConditionTest {
  /** The operator clause it sits under. */
  readonly clause: ConditionClause;
  /** The key entry. */
  readonly entry: ConditionKeyEntry;
  /** The key name in lower case (condition key names ignore case). */
  readonly key: string;
  /** The base operator without qualifier or IfExists (`StringEquals`). */
  readonly base: string;
  /** `ForAllValues` / `ForAnyValue`, when written. */
  readonly qualifier: SetQualifier | undefined;
  /** True for `...IfExists`. */
  readonly ifExists: boolean;
  /** True for negated operators (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`...). */
  readonly negated: boolean;
  /** True when `*` and `?` glob in the values (Like and ARN operators). */
  readonly wildcards: boolean;
  /** True when values are compared ignoring case. */
  readonly ignoresCase: boolean;
}

/**
 * Every key test in a statement's Condition, in source order. Clauses with an operator the catalog does not
 * know are left out: what they test is undefined, and the operator rules report them.
 */
export const conditionTests: (statement: Statement) => readonly ConditionTest[] = memoByObject(readTests);

function readTests(statement: Statement): ConditionTest[] {
  const out: ConditionTest[] = [];
  for (const clause of statement.condition?.clauses ?? []) {
    const op = parseOperator(clause.operator.value);
    if (!op) continue;
    for (const entry of clause.keys) {
      out.push({
        clause,
        entry,
        key: entry.key.value.toLowerCase(),
        base: op.base,
        qualifier: op.qualifier,
        ifExists: op.ifExists,
        negated: op.info.negated,
        wildcards: op.info.wildcards,
        ignoresCase: op.info.ignoresCase,
      });
    }
  }
  return out;
}

/** The tests of one key (lower-case name), or of every key with this prefix when `prefix` is set. */
export function testsOf(statement: Statement, key: string, prefix = false): readonly ConditionTest[] {
  const tests = conditionTests(statement);
  // Most statements test nothing, or not this key: no list is made for them.
  if (tests.length === 0) return NO_TESTS;
  const k = key.toLowerCase();
  let out: ConditionTest[] | undefined;
  for (const t of tests) if (prefix ? t.key.startsWith(k) : t.key === k) (out ??= []).push(t);
  return out ?? NO_TESTS;
}

const NO_TESTS: readonly ConditionTest[] = Object.freeze([]);

/** True when a value, as JSON writes it or as a string, is boolean true. */
export function isTrue(v: ConditionScalar): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/**
 * True when a test makes the key required to be present with a value equal to one of its listed values
 * (a positive, non-IfExists, non-Null test). Those are the tests that actually pin something.
 */
export function isPinning(t: ConditionTest): boolean {
  return !t.negated && !t.ifExists && t.base !== 'Null' && t.qualifier !== 'ForAllValues' && t.entry.values.length > 0;
}

/** True when a statement's Bool test requires `key` to be true (`"Bool": {"kms:GrantIsForAWSResource": "true"}`). */
export function requiresTrue(statement: Statement, key: string): boolean {
  return testsOf(statement, key).some(
    (t) => t.base === 'Bool' && !t.ifExists && !t.qualifier && t.entry.values.length > 0 && t.entry.values.every((v) => isTrue(v.value)),
  );
}

/** How a principal entry relates to the key's account. */
export type PrincipalScope = 'everyone' | 'own-account' | 'own-identity' | 'other-account' | 'other-identity' | 'service' | 'unknown';

/**
 * Classifies one principal: `everyone` for `*`; the key's own account root or id (`own-account`) or an IAM
 * identity in it (`own-identity`); another account (`other-account`) or an identity in one
 * (`other-identity`); an AWS service; or `unknown` (the key's account is not known, or the entry is invalid).
 */
export function principalScope(entry: PrincipalEntry, keyAccount: string | undefined): PrincipalScope {
  const ref = entry.ref;
  if (ref.kind === 'any') return 'everyone';
  if (ref.kind === 'service') return 'service';
  const account = accountOf(ref);
  if (!account || !keyAccount) return 'unknown';
  const own = account === keyAccount;
  if (ref.kind === 'account') return own ? 'own-account' : 'other-account';
  return own ? 'own-identity' : 'other-identity';
}

/** The principals of an Allow statement's Principal element (empty for Deny, NotPrincipal or a non-statement). */
export function allowPrincipals(statement: Statement): readonly PrincipalEntry[] {
  if (statement.effect?.value !== 'Allow') return [];
  return statement.principal?.entries ?? [];
}

/**
 * True when the statement is the account's delegation statement: an Allow whose principals are only the
 * key's own account (root ARN or bare id). When the key's account is unknown, any statement whose only
 * principals are account roots of a single account counts.
 */
export function isRootDelegation(statement: Statement, keyAccount: string | undefined): boolean {
  const entries = allowPrincipals(statement);
  if (entries.length === 0) return false;
  const accounts = new Set<string>();
  for (const e of entries) {
    if (e.ref.kind !== 'account') return false;
    accounts.add(e.ref.account);
  }
  if (keyAccount) return accounts.size === 1 && accounts.has(keyAccount);
  return accounts.size === 1;
}

/**
 * The principals of an Allow that act in the key's account as themselves: `*`, IAM identities of the key's
 * account (or of an unknown account) and service principals. Account principals (delegation) and identities
 * of other accounts (who cannot use account-local actions) are left out.
 */
export function directPrincipals(statement: Statement, keyAccount: string | undefined): PrincipalEntry[] {
  return allowPrincipals(statement).filter((e) => {
    const k = e.ref.kind;
    if (k === 'account' || k === 'invalid' || k === 'federated' || k === 'canonical-user' || k === 'unique-id') return false;
    return principalScope(e, keyAccount) !== 'other-identity';
  });
}

/**
 * True when an Allow names the key's own account (root ARN or bare id) among its principals: the account's
 * delegation statement. AWS's own policies sometimes list a named administrator beside the root there
 * (CloudTrail's policy adds the creating user to "Enable IAM User Permissions"); the statement is still the
 * delegation statement. When the key's account is unknown, any account principal counts.
 */
export function namesOwnAccount(statement: Statement, keyAccount: string | undefined): boolean {
  return allowPrincipals(statement).some((e) => e.ref.kind === 'account' && (!keyAccount || e.ref.account === keyAccount));
}

/** The other accounts a principal list names (accounts of `other-account` and `other-identity` entries). */
export function otherAccounts(entries: readonly PrincipalEntry[], keyAccount: string | undefined): string[] {
  const out = new Set<string>();
  for (const e of entries) {
    const scope = principalScope(e, keyAccount);
    if (scope === 'other-account' || scope === 'other-identity') out.add(accountOf(e.ref) as string);
  }
  return [...out];
}

/**
 * An edit that adds `key: value` under `operator` in the statement's Condition: into the existing operator
 * object when there is one (and it does not already test `key`), else a new operator member in the
 * Condition, else a new Condition member in the statement. Undefined when no clean edit exists.
 */
export function addConditionEdit(
  text: string,
  statement: Statement,
  operator: string,
  key: string,
  value: unknown,
): TextEditSpec | undefined {
  if (!statement.isObject || statement.node.type !== 'object') return undefined;
  const condition = statement.condition;
  if (!condition) return insertMember(text, statement.node, 'Condition', { [operator]: { [key]: value } });
  if (condition.node.type !== 'object') return undefined;
  const clauses = condition.clauses.filter((c) => c.operator.value === operator);
  if (clauses.length > 1) return undefined;
  const clause = clauses[0];
  if (!clause) return insertMember(text, condition.node, operator, { [key]: value });
  if (clause.node.type !== 'object') return undefined;
  if (clause.keys.some((k) => k.key.value.toLowerCase() === key.toLowerCase())) return undefined;
  return insertMember(text, clause.node, key, value);
}

/** The string values of a condition entry. */
export function stringValues(entry: ConditionKeyEntry): Located<string>[] {
  return entry.values.filter((v): v is Located<string> => typeof v.value === 'string');
}
