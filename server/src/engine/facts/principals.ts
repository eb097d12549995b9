/**
 * Which principals a statement names, relative to the key's account: everyone, the account itself (the
 * delegation statement), identities of the account, other accounts, services.
 */
import type { PrincipalBlock, PrincipalEntry, Statement } from '../parse/model';
import { accountOf } from '../parse/principalRef';

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

/** The accounts a NotPrincipal block lists (root ARN or bare id): NotPrincipal must list them to spare their principals. */
export function listedAccounts(block: PrincipalBlock): Set<string> {
  return new Set(block.entries.flatMap((e) => (e.ref.kind === 'account' ? [e.ref.account] : [])));
}

/**
 * The role entries of a NotPrincipal block that list none of the role's sessions. NotPrincipal leaves a caller
 * out only when every identity it carries is listed, and a role's sessions carry their session ARN: so such a
 * role's sessions stay covered by the statement (SEMANTICS §1 "NotPrincipal: every identity of the caller counts").
 */
export function rolesWithoutSessions(block: PrincipalBlock): PrincipalEntry[] {
  const sessions = new Set(block.entries.flatMap((e) => (e.ref.kind === 'assumed-role' ? [`${e.ref.account}/${e.ref.name}`] : [])));
  return block.entries.filter((e) => e.ref.kind === 'role' && !sessions.has(`${e.ref.account}/${e.ref.name}`));
}
