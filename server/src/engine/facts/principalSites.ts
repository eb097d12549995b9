/**
 * The Principal and NotPrincipal elements of a policy, and the principal-type keys (`AWS`, `Service`…) they
 * may use, for the principal rules.
 */
import type { PrincipalBlock, Statement, Policy } from '../parse/model';
import { nearestName } from '../catalog';

/** A Principal or NotPrincipal element together with its statement. */
export interface PrincipalSite {
  /** The statement that holds the element. */
  readonly statement: Statement;
  /** The element name as the policy spells it. */
  readonly element: 'Principal' | 'NotPrincipal';
  /** The parsed element. */
  readonly block: PrincipalBlock;
}

/** Every Principal and NotPrincipal element of the policy, in statement order. */
export function readPrincipalSites(policy: Policy): PrincipalSite[] {
  const out: PrincipalSite[] = [];
  for (const statement of policy.statements) {
    if (!statement.isObject) continue;
    if (statement.principal) out.push({ statement, element: 'Principal', block: statement.principal });
    if (statement.notPrincipal) out.push({ statement, element: 'NotPrincipal', block: statement.notPrincipal });
  }
  return out;
}

/** The principal-type keys a policy may use, as AWS spells them (case-sensitive). */
export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

/** The principal-type key a mistyped one most likely means: same letters in another case, or at most two edits away. */
export function closestPrincipalType(written: string): string | undefined {
  return nearestName(written, PRINCIPAL_TYPES)?.name;
}
