/**
 * Grants (SEMANTICS §2.2; KMS grants pages): a grant allows its operations to its grantee, within its
 * encryption-context constraints. Constraints bind only operations that take an encryption context on a
 * symmetric key (the operations whose request carries kms:EncryptionContextKeys, other than CreateGrant and
 * RetireGrant); they are ignored for everything else.
 * - EncryptionContextEquals: the request's context must be exactly the constraint's pairs.
 * - EncryptionContextSubset: the request's context must contain every constraint pair.
 * The sources disagree on the case of context keys (the developer guide says exact; the API reference says
 * keys are case-insensitive); this follows the API reference: keys compare without case, values exactly.
 * A grant to an account root is modelled as delegation (the caller's IAM must allow it, the root user always
 * does); a grant to a user, role or session is direct. Both are [inf] (undocumented).
 */
import type { RequestContext } from './context';
import { keySupported } from './knowledge';
import { callerAccount, compilePrincipal, patternMatches, type Caller, type PrincipalPattern } from './principals';
import type { Grant } from './types';
import { normaliseAction } from './compile';

/** A grant prepared for matching. */
export interface CompiledGrant {
  readonly grant: Grant;
  readonly label: string;
  readonly grantee: PrincipalPattern;
  readonly retiring?: PrincipalPattern;
  /** Lower-case operations with prefix. */
  readonly operations: ReadonlySet<string>;
  /** Lower-case key → value. */
  readonly equals?: ReadonlyMap<string, string>;
  readonly subset?: ReadonlyMap<string, string>;
}

/** Compiles a grant. */
export function compileGrant(grant: Grant, index: number): CompiledGrant {
  const lowerMap = (m: Readonly<Record<string, string>> | undefined): Map<string, string> | undefined =>
    m ? new Map(Object.keys(m).map((k) => [k.toLowerCase(), m[k]!])) : undefined;
  const equals = lowerMap(grant.constraints?.encryptionContextEquals);
  const subset = lowerMap(grant.constraints?.encryptionContextSubset);
  return {
    grant,
    label: grant.name ?? `grant #${index + 1} to ${grant.grantee}`,
    grantee: compilePrincipal('AWS', grant.grantee),
    ...(grant.retiringPrincipal ? { retiring: compilePrincipal('AWS', grant.retiringPrincipal) } : {}),
    operations: new Set(grant.operations.map((o) => normaliseAction(o).toLowerCase())),
    ...(equals ? { equals } : {}),
    ...(subset ? { subset } : {}),
  };
}

/** Whether a grant's constraints bind an action on a key of this spec. */
export function constraintsBind(action: string, keySpec: string | undefined): boolean {
  if (action === 'kms:creategrant' || action === 'kms:retiregrant') return false;
  if (keySpec !== undefined && keySpec !== 'SYMMETRIC_DEFAULT') return false;
  return keySupported(action, 'kms:encryptioncontextkeys');
}

/** Whether the request's encryption context satisfies the grant's constraints. */
export function constraintsHold(g: CompiledGrant, ctx: RequestContext): boolean {
  if (!g.equals && !g.subset) return true;
  const keys = ctx.get('kms:encryptioncontextkeys') ?? [];
  const value = (k: string): string | undefined => ctx.get('kms:encryptioncontext:' + k)?.[0];
  if (g.equals) {
    const lowerKeys = new Set(keys.map((k) => k.toLowerCase()));
    if (lowerKeys.size !== g.equals.size) return false;
    for (const [k, v] of g.equals) if (!lowerKeys.has(k) || value(k) !== v) return false;
  }
  if (g.subset) for (const [k, v] of g.subset) if (value(k) !== v) return false;
  return true;
}

/** How a grant stands for one request. */
export interface GrantOutcome {
  readonly applies: boolean;
  /** True when the grantee is an account, so the caller's IAM must allow too (root users excepted). */
  readonly viaAccount: boolean;
  readonly detail: string;
}

/** Matches a grant against a caller, action and context. */
export function grantOutcome(g: CompiledGrant, caller: Caller, action: string, ctx: RequestContext, keySpec: string | undefined): GrantOutcome {
  const viaAccount = g.grantee.kind === 'account';
  const isRetire = action === 'kms:retiregrant';
  if (isRetire && g.retiring && patternMatches(g.retiring, caller))
    return { applies: true, viaAccount: false, detail: "the caller is the grant's retiring principal" };
  if (!patternMatches(g.grantee, caller)) return { applies: false, viaAccount, detail: `the grantee ${g.grant.grantee} is not the caller` };
  if (!g.operations.has(action)) return { applies: false, viaAccount, detail: `${action} is not among the grant's operations` };
  if (constraintsBind(action, keySpec) && !constraintsHold(g, ctx)) {
    return { applies: false, viaAccount, detail: "the request's encryption context does not meet the grant's constraints" };
  }
  return { applies: true, viaAccount, detail: viaAccount ? `granted to account ${callerAccount(caller) ?? ''}` : 'granted to the caller' };
}
