/**
 * evaluate(policy, request) → Decision, as KMS authorizes a request (SEMANTICS §2; KMS "Determining access",
 * "Key policies", "Allowing users in other accounts"; IAM policy-evaluation logic):
 * 1. an explicit Deny in the key policy or the caller's identity policies wins;
 * 2. an anonymous caller is refused (KMS requires signed requests) [inf];
 * 3. a caller from another account can use only the cross-account actions;
 * 4. the request needs an allow: a key-policy statement naming the caller directly (plus the caller's own IAM
 *    when it is from another account), or a key-policy statement naming the caller's account together with
 *    an IAM allow in that account (delegation; the root user needs no IAM policy), or a grant;
 * 5. a key state that refuses the operation refuses it whatever the policies say.
 */
import type { PolicySettings } from '../settings';
import { compile, normaliseAction, type CompiledPolicy } from './compile';
import { buildContext } from './context';
import { compileGrant, grantOutcome } from './grants';
import { identityVerdict } from './iam';
import { canonicalAction, isCrossAccountAction, isKeyPolicyAction } from './knowledge';
import { resolveKey } from './keyRef';
import { stateBlocks, stateReason } from './keyState';
import { CallerError, callerAccount, describeCaller, readCaller, type Caller } from './principals';
import { evaluatePlan } from './statements';
import { SimulationInputError, type Decision, type DecisionReason, type GrantExplanation, type SimulationRequest } from './types';

/** Reads the request principal, turning a reading error into a SimulationInputError. */
export function requestCaller(principal: string): Caller {
  try {
    return readCaller(principal);
  } catch (e) {
    if (e instanceof CallerError) throw new SimulationInputError(e.message);
    throw e;
  }
}

/**
 * Simulates one request against a key policy. `defaults` supplies key facts the request leaves out (the
 * service's PolicyContext). Throws SimulationInputError for unusable input (unreadable principal, unknown
 * key account, several values for a single-valued key).
 */
export function evaluate(policy: CompiledPolicy | string, request: SimulationRequest, defaults: PolicySettings['context'] = {}): Decision {
  const compiled = typeof policy === 'string' ? compile(policy) : policy;
  const caller = requestCaller(request.principal);
  const action = normaliseAction(request.action);
  const actionLower = action.toLowerCase();
  const display = canonicalAction(actionLower) ?? action;
  if (actionLower.startsWith('kms:') && !canonicalAction(actionLower)) throw new SimulationInputError(`${action} is not a KMS action.`);
  const key = resolveKey(request, defaults);
  if (!key.account) throw new SimulationInputError('The key\'s account is unknown: give the key ARN or the key account.');
  const ctx = buildContext(caller, { account: key.account, region: key.region, keySpec: key.keySpec, keyUsage: key.keyUsage }, request.context, request.encryptionContext, request.time);

  const outcomes = evaluatePlan(compiled.plan(actionLower), 'key-policy', caller, ctx, key.arn);
  const iam = identityVerdict(request, caller, actionLower, ctx, key.arn);
  const grants = (request.grants ?? []).map((g, i) => {
    const cg = compileGrant(g, i);
    return { cg, outcome: grantOutcome(cg, caller, actionLower, ctx, key.keySpec) };
  });

  const state = request.keyState ?? 'Enabled';
  const blocks = stateBlocks(state, actionLower);
  const account = callerAccount(caller);
  const crossAccount = account !== undefined && account !== key.account;
  const iamOk = iam.verdict === 'allow';
  const caveats: string[] = [];
  if ([...outcomes, ...iam.outcomes].some((o) => o.indeterminate)) {
    caveats.push('A condition met several request values under an operator without ForAnyValue/ForAllValues; AWS does not document that case.');
  }
  if (iam.verdict === 'not-given' && caller.kind !== 'root') {
    caveats.push('No identity policies were given: the caller\'s IAM policies are taken to allow nothing.');
  }

  const keyDeny = outcomes.find((o) => o.applies && o.statement.effect === 'Deny');
  const iamDeny = iam.outcomes.find((o) => o.applies && o.statement.effect === 'Deny');
  // A key policy allows only the actions it authorizes (RetireGrant is decided by the grants alone).
  const allows = isKeyPolicyAction(actionLower) ? outcomes.filter((o) => o.applies && o.statement.effect === 'Allow') : [];
  const direct = allows.find((o) => o.via === 'direct');
  const delegated = allows.find((o) => o.via === 'account');
  const grant = grants.find((g) => g.outcome.applies && (!g.outcome.viaAccount || iamOk));

  let reason: DecisionReason;
  let allowed = false;
  let why: string;
  const label = (o: { statement: { index: number; sid?: string } }): string => statementLabel(o.statement);
  if (keyDeny || iamDeny) {
    reason = 'explicit-deny';
    why = keyDeny ? `${label(keyDeny)} of the key policy denies it` : `${label(iamDeny!)} of the caller's identity policy denies it`;
  } else if (caller.kind === 'anonymous') {
    reason = 'anonymous';
    why = 'KMS accepts only signed requests, so an anonymous caller is never allowed';
  } else if (!isKeyPolicyAction(actionLower) && !(actionLower === 'kms:retiregrant' && grant)) {
    reason = 'not-key-policy-action';
    why = actionLower === 'kms:retiregrant'
      ? 'RetireGrant is decided by the grants (retiring principal or grantee), not by the key policy, and no grant allows it'
      : `${display} is not authorized by a key policy (it is an IAM-only action or not a KMS key operation)`;
  } else if (crossAccount && !isCrossAccountAction(actionLower)) {
    reason = 'not-cross-account';
    why = `${display} cannot be called on a key in another account, whatever the policies say`;
  } else if (direct && (!crossAccount || iamOk)) {
    reason = 'key-policy';
    allowed = true;
    why = crossAccount ? `${label(direct)} of the key policy allows the caller, and the caller's own account allows it through IAM` : `${label(direct)} of the key policy allows the caller`;
  } else if (delegated && iamOk) {
    reason = 'iam-delegation';
    allowed = true;
    why = caller.kind === 'root'
      ? `${label(delegated)} of the key policy allows the caller's account, and the root user has every identity permission`
      : `${label(delegated)} of the key policy allows the caller's account, and the caller's IAM policies allow it`;
  } else if (grant) {
    reason = 'grant';
    allowed = true;
    why = `${grant.cg.label} allows it`;
  } else if ((direct || delegated) && crossAccount) {
    reason = 'cross-account-iam-missing';
    why = `the key policy allows the caller (${label((direct ?? delegated)!)}), but a caller from another account also needs an allow in its own IAM policies`;
  } else if (delegated) {
    reason = 'iam-missing';
    why = `${label(delegated)} of the key policy lets IAM policies in account ${account} grant access, but the caller's IAM policies do not allow it`;
  } else if (iamOk) {
    reason = 'no-delegation';
    why = `the caller's IAM policies allow it, but the key policy does not allow account ${account ?? ''}, so IAM policies grant nothing for this key`;
  } else {
    reason = 'implicit-deny';
    why = 'no statement of the key policy allows it and no grant applies';
  }
  if (allowed && blocks) {
    allowed = false;
    reason = 'key-state';
    why = `${why}; but ${stateReason(state, display)}`;
  }
  const grantExplanations: GrantExplanation[] = grants.map((g) => ({ grant: g.cg.label, applies: g.outcome.applies, detail: g.outcome.detail }));
  return {
    decision: allowed ? 'allow' : 'deny',
    reason,
    summary: `${allowed ? 'Allowed' : 'Denied'}: ${why}.`,
    action: display,
    caller: describeCaller(caller),
    statements: [...outcomes, ...iam.outcomes].map((o) => o.explanation),
    grants: grantExplanations,
    iam: iam.verdict,
    keyState: { state, blocks },
    derivedContext: ctx.derived(),
    caveats,
  };
}

/** "statement 2 (Sid "KeyUsers")". */
export function statementLabel(s: { index: number; sid?: string }): string {
  return s.sid ? `statement ${s.index} ("${s.sid}")` : `statement ${s.index}`;
}
