/**
 * What each statement of a key policy is for, as the tightening sees it. Some statements are kept whatever
 * the trail says: Denies (they only ever take access away), NotPrincipal statements (their reach cannot be
 * narrowed entry by entry), the delegation to the key's own account (it is how IAM policies get a say, and
 * what keeps the key manageable), and administrator statements (they allow changing, disabling or deleting
 * the key and no cryptographic use: administrators act rarely, and cutting them risks a key nobody can
 * manage). Every other Allow statement grants use of the key and is narrowed to what was used.
 */
import { kmsFacts } from '../catalog';
import { NAMED_ANALYSES } from '../simulate';
import type { CompiledStatement } from '../simulate/compile';

/** A statement's role. */
export type StatementRole = 'inert' | 'deny' | 'not-principal' | 'delegation' | 'administrators' | 'usage';

const ADMIN = new Set(NAMED_ANALYSES.administer.actions.map((a) => a.toLowerCase()));
const NOT_CRYPTO = new Set(['creategrant', 'describekey', 'getpublickey', 'retiregrant']);

/** Whether an action (lower case, with prefix) is a cryptographic use of the key. */
export function isCryptoAction(actionLower: string): boolean {
  const name = actionLower.replace(/^kms:/, '');
  return kmsFacts(name)?.grantable === true && !NOT_CRYPTO.has(name);
}

/** The role of one compiled statement in a policy of a key owned by `account`. */
export function statementRole(st: CompiledStatement, account: string | undefined): StatementRole {
  if (st.inert) return 'inert';
  if (st.effect === 'Deny') return 'deny';
  if (st.principalMode === 'not-principal') return 'not-principal';
  if (account !== undefined && st.principals.some((p) => p.kind === 'account' && p.account === account)) return 'delegation';
  const actions = st.coveredActions;
  let admin = false;
  for (const a of actions) {
    if (isCryptoAction(a)) return 'usage';
    if (ADMIN.has(a)) admin = true;
  }
  return admin ? 'administrators' : 'usage';
}

/** Why a role keeps its statement, in a sentence. */
export function keptBecause(role: StatementRole, account: string | undefined): string {
  switch (role) {
    case 'inert':
      return 'it has no effect as written (left as it is)';
    case 'deny':
      return 'a Deny only takes access away';
    case 'not-principal':
      return 'NotPrincipal statements cannot be narrowed principal by principal';
    case 'delegation':
      return `it delegates to IAM in account ${account ?? 'of the key'}, which keeps the key manageable`;
    case 'administrators':
      return 'it is an administrator statement (manage, disable or delete the key; no cryptographic use)';
    case 'usage':
      return 'it was needed by recorded calls';
  }
}
