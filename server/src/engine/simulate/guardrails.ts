/**
 * The caller's permissions boundary and the organization's SCPs and RCPs, evaluated by the same statement
 * engine (SEMANTICS §2 steps 1–2; IAM policy-evaluation logic):
 * - an explicit Deny in any of them denies the request;
 * - SCPs apply to IAM principals and root users of member accounts, RCPs to requests for the key's account's
 *   resources (not to service principals, and never to RetireGrant); each is given by level of the OU path
 *   (root, OUs, account), and every level must have an Allow that applies;
 * - a boundary bounds IAM users and roles: an identity-policy allow counts only where the boundary allows
 *   too, and a key policy naming a role (or "*") directly is cut by the boundary's implicit deny; one naming
 *   a user is not (IAM evaluation table; "*" is read like a role ARN) [inf].
 */
import { compile, type CompiledPolicy, type CompiledStatement } from './compile';
import type { RequestContext } from './context';
import type { KeyRef } from './keyRef';
import type { Caller } from './principals';
import { evaluatePlan, type StatementOutcome } from './statements';
import type { IdentityPolicyInput, SimulationRequest } from './types';

/** What the boundary and guardrails say about one request. */
export interface GuardrailVerdict {
  /** The first explicit Deny, and the words naming its policy ("the caller's permissions boundary"). */
  readonly deny?: { readonly statement: CompiledStatement; readonly where: string };
  /** The first SCP or RCP level with no applying Allow ("SCP level 2 (p-ou)"). */
  readonly missing?: string;
  /** Whether the boundary allows the request; undefined when no boundary applies. */
  readonly boundaryAllows?: boolean;
  /** Every statement's outcome, for the explanation. */
  readonly outcomes: readonly StatementOutcome[];
}

const NONE: GuardrailVerdict = { outcomes: [] };

function compiled(input: IdentityPolicyInput, kind: 'key' | 'identity'): CompiledPolicy {
  return typeof input === 'string' ? compile(input, { kind }) : input;
}

/** Evaluates the request's boundary, SCPs and RCPs (each optional). */
export function guardrailVerdict(request: SimulationRequest, caller: Caller, action: string, ctx: RequestContext, key: KeyRef): GuardrailVerdict {
  const iamPrincipal = caller.kind === 'user' || caller.kind === 'role' || caller.kind === 'assumed-role';
  const boundary = iamPrincipal ? request.permissionsBoundary : undefined;
  const scps = caller.kind !== 'service' && caller.kind !== 'anonymous' ? request.serviceControlPolicies : undefined;
  const rcps = caller.kind !== 'service' && action !== 'kms:retiregrant' ? request.resourceControlPolicies : undefined;
  if (!boundary && !scps && !rcps) return NONE;
  const outcomes: StatementOutcome[] = [];
  let deny: GuardrailVerdict['deny'];
  let missing: string | undefined;
  const run = (input: IdentityPolicyInput, kind: 'key' | 'identity', label: string, where: string): boolean => {
    const out = evaluatePlan(compiled(input, kind).plan(action), label, caller, ctx, key);
    outcomes.push(...out);
    let allows = false;
    for (const o of out) {
      if (!o.applies) continue;
      if (o.statement.effect === 'Deny') deny ??= { statement: o.statement, where };
      else allows = true;
    }
    return allows;
  };
  const boundaryAllows = boundary ? run(boundary, 'identity', 'boundary', "the caller's permissions boundary") : undefined;
  for (const [kind, levels] of [
    ['SCP', scps],
    ['RCP', rcps],
  ] as const) {
    levels?.forEach((level, l) => {
      let allows = false;
      level.forEach((p, i) => {
        if (run(p, kind === 'RCP' ? 'key' : 'identity', `${kind.toLowerCase()}:${l}:${i}`, `${kind} ${i} at level ${l}`)) allows = true;
      });
      if (!allows) missing ??= `no ${kind} at level ${l} of the organization allows it (every level must)`;
    });
  }
  return { ...(deny ? { deny } : {}), ...(missing ? { missing } : {}), ...(boundaryAllows !== undefined ? { boundaryAllows } : {}), outcomes };
}
