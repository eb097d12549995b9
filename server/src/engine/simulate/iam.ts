/**
 * The caller's own IAM identity policies, evaluated by the same statement engine (no Principal element; the
 * Resource is matched against the key ARN, so an alias ARN in an identity policy names the alias, not the key).
 * Only IAM principals have identity policies; the root user needs none (it has every identity permission),
 * and service principals and anonymous callers have none.
 */
import { compile, type CompiledPolicy } from './compile';
import type { RequestContext } from './context';
import type { KeyRef } from './keyRef';
import type { Caller } from './principals';
import { evaluatePlan, type StatementOutcome } from './statements';
import type { IdentityPolicyInput, SimulationRequest } from './types';

/** The verdict of the caller's identity policies. */
export interface IdentityVerdict {
  /** `not-given` when neither identity policies nor `iamAllows` were supplied. */
  readonly verdict: 'allow' | 'deny' | 'none' | 'not-given';
  readonly outcomes: readonly StatementOutcome[];
}

const ALLOW: IdentityVerdict = { verdict: 'allow', outcomes: [] };
const NONE: IdentityVerdict = { verdict: 'none', outcomes: [] };
const NOT_GIVEN: IdentityVerdict = { verdict: 'not-given', outcomes: [] };

/** Compiles an identity-policy input (text is compiled as an identity policy). */
function compileIdentity(input: IdentityPolicyInput): CompiledPolicy {
  return typeof input === 'string' ? compile(input, { kind: 'identity' }) : input;
}

/** Evaluates the caller's identity policies, or reads the `iamAllows` flag. */
export function identityVerdict(request: SimulationRequest, caller: Caller, action: string, ctx: RequestContext, key: KeyRef): IdentityVerdict {
  if (caller.kind === 'root') return ALLOW;
  if (caller.kind === 'service' || caller.kind === 'anonymous') return NONE;
  const policies = request.identityPolicies;
  if (!policies || policies.length === 0) {
    if (request.iamAllows === undefined) return NOT_GIVEN;
    return request.iamAllows ? ALLOW : NONE;
  }
  const outcomes: StatementOutcome[] = [];
  policies.forEach((p, i) => {
    const compiled = compileIdentity(p);
    outcomes.push(...evaluatePlan(compiled.plan(action), `identity:${i}`, caller, ctx, key));
  });
  const live = outcomes.filter((o) => o.applies);
  if (live.some((o) => o.statement.effect === 'Deny')) return { verdict: 'deny', outcomes };
  if (live.some((o) => o.statement.effect === 'Allow') || request.iamAllows === true) return { verdict: 'allow', outcomes };
  return { verdict: 'none', outcomes };
}
