/**
 * evaluate(policy, request) → Decision, as KMS authorizes a request (SEMANTICS §2; KMS "Determining access",
 * "Key policies", "Allowing users in other accounts"; IAM policy-evaluation logic):
 * 1. an explicit Deny in the key policy or the caller's identity policies wins;
 * 2. an anonymous caller is refused (KMS requires signed requests) [inf];
 * 3. a key policy authorizes only key-policy actions (RetireGrant is decided by grants, IAM-only actions by IAM);
 * 4. a caller from another account can use only the cross-account actions;
 * 5. the request needs an allow: a key-policy statement naming the caller directly (plus the caller's own IAM
 *    when it is from another account), or a key-policy statement naming the caller's account together with
 *    an IAM allow in that account (delegation; the root user needs no IAM policy), or a grant;
 * 6. a key state that refuses the operation refuses it whatever the policies say.
 * Callers, actions and key facts are memoised on the compiled policy, so a hot loop of requests re-reads
 * nothing; `{ explain: false }` skips building the per-statement explanation.
 */
import type { PolicySettings } from '../settings';
import { statementName } from '../messages';
import { compile, normaliseAction, type CompiledPolicy, type CompiledStatement, type PlannedStatement } from './compile';
import { evaluateCondition } from './conditions/match';
import { buildContext, fixedKeys, type FixedKeys, type RequestContext } from './context';
import { compileGrant, grantOutcome, type CompiledGrant, type GrantOutcome } from './grants';
import { guardrailVerdict } from './guardrails';
import { identityVerdict } from './iam';
import { canonicalAction, isCrossAccountAction, isKeyPolicyAction } from './knowledge';
import { resolveKey, type KeyRef } from './keyRef';
import { stateBlocks, stateReason } from './keyState';
import { CallerError, callerAccount, describeCaller, readCaller, type Caller } from './principals';
import { evaluatePlan, principalVia, resourceMatches, resourceVerdict, type StatementOutcome } from './statements';
import { SimulationInputError, type Decision, type DecisionReason, type GrantExplanation, type SimulationRequest, type StatementExplanation } from './types';

/** Options of one evaluation. */
export interface EvaluateOptions {
  /** Build the per-statement explanation and derived context (default true). */
  readonly explain?: boolean;
}

/** Reads the request principal, turning a reading error into a SimulationInputError. */
export function requestCaller(principal: string): Caller {
  try {
    return readCaller(principal);
  } catch (e) {
    if (e instanceof CallerError) throw new SimulationInputError(e.message);
    throw e;
  }
}

interface KeyEntry {
  readonly key: KeyRef;
  readonly fixedByPrincipal: Map<string, FixedKeys>;
}

/** The allow and deny statements that decide a request, found with or without an explanation. */
interface Verdicts {
  readonly deny: CompiledStatement | undefined;
  readonly direct: CompiledStatement | undefined;
  readonly delegated: CompiledStatement | undefined;
  readonly indeterminate: boolean;
  readonly explanations: readonly StatementExplanation[];
}

/** What evaluate needs to know about an action, read once per policy and action text. */
interface ActionFacts {
  readonly actionLower: string;
  readonly display: string;
  readonly keyPolicy: boolean;
  readonly crossAccount: boolean;
}

/** The caller and its description, read once per policy and principal text. */
interface CallerEntry {
  readonly caller: Caller;
  readonly description: string;
}

const NO_EXPLANATIONS: readonly StatementExplanation[] = [];

function fromOutcomes(outcomes: readonly StatementOutcome[]): Verdicts {
  let deny: CompiledStatement | undefined;
  let direct: CompiledStatement | undefined;
  let delegated: CompiledStatement | undefined;
  let indeterminate = false;
  const explanations: StatementExplanation[] = new Array(outcomes.length);
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i]!;
    explanations[i] = o.explanation;
    if (o.indeterminate) indeterminate = true;
    if (!o.applies) continue;
    if (o.statement.effect === 'Deny') deny ??= o.statement;
    else if (o.via === 'direct') direct ??= o.statement;
    else if (o.via === 'account') delegated ??= o.statement;
  }
  return { deny, direct, delegated, indeterminate, explanations };
}

/** The same verdicts without explanations: only live statements, conditions short-circuited. */
function lean(live: readonly PlannedStatement[], caller: Caller, ctx: RequestContext, key: KeyRef): Verdicts {
  let deny: CompiledStatement | undefined;
  let direct: CompiledStatement | undefined;
  let delegated: CompiledStatement | undefined;
  let indeterminate = false;
  for (const planned of live) {
    const st = planned.statement;
    if (st.effect === 'Deny' ? deny : direct) continue;
    const via = principalVia(st, caller).via;
    if (via === 'none' || (via === 'account' && delegated && st.effect === 'Allow')) continue;
    if (!resourceMatches(st, key, ctx).matched) continue;
    let holds = true;
    let undocumented = false;
    const cs = st.conditions;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      const o = evaluateCondition(c, planned.keyPresent[i] ? ctx.get(c.keyLower) : undefined, ctx);
      if (o.indeterminate) undocumented = true;
      if (!o.holds) {
        holds = false;
        break;
      }
    }
    if (!holds) continue;
    if (undocumented) indeterminate = true;
    if (st.effect === 'Deny') deny = st;
    else if (via === 'direct') direct = st;
    else delegated = st;
  }
  return { deny, direct, delegated, indeterminate, explanations: NO_EXPLANATIONS };
}

/**
 * Simulates one request against a key policy. `defaults` supplies key facts the request leaves out (the
 * service's PolicyContext). Throws SimulationInputError for unusable input (unreadable principal, unknown
 * key account or action, several values for a single-valued key).
 */
export function evaluate(
  policy: CompiledPolicy | string,
  request: SimulationRequest,
  defaults: PolicySettings['context'] = {},
  options: EvaluateOptions = {},
): Decision {
  const compiled = typeof policy === 'string' ? compile(policy) : policy;
  const explain = options.explain !== false;
  const { caller, description } =
    compiled.cached<CallerEntry>('caller', request.principal) ?? compiled.memo('caller', request.principal, () => readCallerEntry(request.principal));
  const {
    actionLower,
    display,
    keyPolicy: keyPolicyAction,
    crossAccount: crossAccountAction,
  } = compiled.cached<ActionFacts>('action', request.action) ?? compiled.memo('action', request.action, () => readAction(request.action));
  const keyId = keyMemoKey(request, defaults);
  const entry =
    compiled.cached<KeyEntry>('key', keyId) ??
    compiled.memo('key', keyId, (): KeyEntry => ({ key: resolveKey(request, defaults), fixedByPrincipal: new Map() }));
  const key = entry.key;
  if (!key.account) throw new SimulationInputError("The key's account is unknown: give the key ARN or the key account.");
  let fixed = entry.fixedByPrincipal.get(request.principal);
  if (!fixed) {
    fixed = fixedKeys(caller, key);
    if (entry.fixedByPrincipal.size < 1024) entry.fixedByPrincipal.set(request.principal, fixed);
  }
  const ctx = buildContext(caller, key, request.context, request.encryptionContext, request.time, fixed);

  const plan = compiled.plan(actionLower);
  const verdicts = explain ? fromOutcomes(evaluatePlan(plan, 'key-policy', caller, ctx, key)) : lean(plan.live, caller, ctx, key);
  const iam = identityVerdict(request, caller, actionLower, ctx, key);
  const iamVerdicts = iam.outcomes.length > 0 ? fromOutcomes(iam.outcomes) : undefined;
  const guard = guardrailVerdict(request, caller, actionLower, ctx, key);
  const grants =
    request.grants && request.grants.length > 0
      ? request.grants.map((g, i) => {
          const cg = compileGrant(g, i);
          return { cg, outcome: grantOutcome(cg, caller, actionLower, ctx, key.keySpec) };
        })
      : NO_GRANTS;

  const state = request.keyState ?? 'Enabled';
  const blocks = stateBlocks(state, actionLower);
  const account = callerAccount(caller);
  const crossAccount = account !== undefined && account !== key.account;
  const iamOk = iam.verdict === 'allow' && guard.boundaryAllows !== false;
  const boundaryCuts = guard.boundaryAllows === false && caller.kind !== 'user';
  // A key policy allows only the actions it authorizes (RetireGrant is decided by the grants alone).
  const direct = keyPolicyAction ? verdicts.direct : undefined;
  const delegated = keyPolicyAction ? verdicts.delegated : undefined;
  let grant: (typeof grants)[number] | undefined;
  for (const g of grants) if (g.outcome.applies && (!g.outcome.viaAccount || iamOk)) grant ??= g;

  let reason: DecisionReason;
  let allowed = false;
  let why: string;
  if (verdicts.deny || iamVerdicts?.deny || guard.deny) {
    reason = 'explicit-deny';
    why = verdicts.deny
      ? `${statementLabel(verdicts.deny)} of the key policy denies it`
      : iamVerdicts?.deny
        ? `${statementLabel(iamVerdicts.deny)} of the caller's identity policy denies it`
        : `${statementLabel(guard.deny!.statement)} of ${guard.deny!.where} denies it`;
  } else if (caller.kind === 'anonymous') {
    reason = 'anonymous';
    why = 'KMS accepts only signed requests, so an anonymous caller is never allowed';
  } else if (!keyPolicyAction && !(actionLower === 'kms:retiregrant' && grant)) {
    reason = 'not-key-policy-action';
    why =
      actionLower === 'kms:retiregrant'
        ? 'RetireGrant is decided by the grants (retiring principal or grantee), not by the key policy, and no grant allows it'
        : `${display} is not authorized by a key policy (it is an IAM-only action or not a KMS key operation)`;
  } else if (crossAccount && !crossAccountAction) {
    reason = 'not-cross-account';
    why = `${display} cannot be called on a key in another account, whatever the policies say`;
  } else if (guard.missing) {
    reason = 'guardrail';
    why = guard.missing;
  } else if (direct && (!crossAccount || iamOk) && !boundaryCuts) {
    reason = 'key-policy';
    allowed = true;
    why = crossAccount
      ? `${statementLabel(direct)} of the key policy allows the caller, and the caller's own account allows it through IAM`
      : `${statementLabel(direct)} of the key policy allows the caller`;
  } else if (delegated && iamOk) {
    reason = 'iam-delegation';
    allowed = true;
    why =
      caller.kind === 'root'
        ? `${statementLabel(delegated)} of the key policy allows the caller's account, and the root user has every identity permission`
        : `${statementLabel(delegated)} of the key policy allows the caller's account, and the caller's IAM policies allow it`;
  } else if (grant) {
    reason = 'grant';
    allowed = true;
    why = `${grant.cg.label} allows it`;
  } else if (direct && !crossAccount) {
    reason = 'boundary';
    why = `${statementLabel(direct)} of the key policy allows the role, but its permissions boundary does not allow the action`;
  } else if ((direct || delegated) && crossAccount) {
    reason = 'cross-account-iam-missing';
    why = `the key policy allows the caller (${statementLabel((direct ?? delegated)!)}), but a caller from another account also needs an allow in its own IAM policies`;
  } else if (delegated) {
    reason = 'iam-missing';
    why = `${statementLabel(delegated)} of the key policy lets IAM policies in account ${account} grant access, but the caller's IAM policies do not allow it`;
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
  const caveats: string[] = [];
  if (verdicts.indeterminate || iamVerdicts?.indeterminate) {
    caveats.push('A condition met several request values under an operator without ForAnyValue/ForAllValues; AWS does not document that case.');
  }
  const unsure = key.arn === undefined ? mayNameKey(plan.live, caller, key, ctx) : [];
  if (unsure.length > 0) {
    caveats.push(
      `The key ARN is unknown, so ${unsure.map(statementLabel).join(', ')}, whose Resource may name this key, ${unsure.length === 1 ? 'was' : 'were'} taken not to apply; give the key ARN to decide.`,
    );
  }
  if (iam.verdict === 'not-given' && caller.kind !== 'root' && caller.kind !== 'service' && caller.kind !== 'anonymous') {
    caveats.push("No identity policies were given: the caller's IAM policies are taken to allow nothing.");
  }
  const grantExplanations: GrantExplanation[] =
    grants.length === 0 ? [] : grants.map((g) => ({ grant: g.cg.label, applies: g.outcome.applies, detail: g.outcome.detail }));
  return {
    decision: allowed ? 'allow' : 'deny',
    reason,
    summary: `${allowed ? 'Allowed' : 'Denied'}: ${why}.`,
    action: display,
    caller: description,
    statements:
      iamVerdicts || guard.outcomes.length > 0
        ? [...verdicts.explanations, ...(iamVerdicts?.explanations ?? []), ...guard.outcomes.map((o) => o.explanation)]
        : verdicts.explanations,
    grants: grantExplanations,
    iam: iam.verdict,
    keyState: { state, blocks },
    derivedContext: explain ? ctx.derived() : {},
    caveats,
  };
}

/** The live statements naming the caller whose Resource may be this key's ARN, which is unknown (SEMANTICS §1). */
function mayNameKey(live: readonly PlannedStatement[], caller: Caller, key: KeyRef, ctx: RequestContext): CompiledStatement[] {
  const out: CompiledStatement[] = [];
  for (const { statement: st } of live) {
    if (st.resources.every((r) => r.any) || principalVia(st, caller).via === 'none') continue;
    if (!st.resourceNegated && resourceVerdict(st, key, ctx) === 'may') out.push(st);
  }
  return out;
}

/** A memo key for the key facts: only the fields given, so the usual request (a key ARN) makes a short key. */
function keyMemoKey(r: SimulationRequest, d: NonNullable<PolicySettings['context']>): string {
  let k = r.key ?? '';
  if (r.keyAccount !== undefined) k += `|a=${r.keyAccount}`;
  if (r.region !== undefined) k += `|r=${r.region}`;
  if (r.partition !== undefined) k += `|p=${r.partition}`;
  if (r.keySpec !== undefined) k += `|s=${r.keySpec}`;
  if (r.keyUsage !== undefined) k += `|u=${r.keyUsage}`;
  if (
    d.keyArn !== undefined ||
    d.account !== undefined ||
    d.region !== undefined ||
    d.partition !== undefined ||
    d.keySpec !== undefined ||
    d.keyUsage !== undefined
  ) {
    k += `|d=${d.keyArn ?? ''},${d.account ?? ''},${d.region ?? ''},${d.partition ?? ''},${d.keySpec ?? ''},${d.keyUsage ?? ''}`;
  }
  return k;
}

const NO_GRANTS: readonly { cg: CompiledGrant; outcome: GrantOutcome }[] = [];

function readCallerEntry(principal: string): CallerEntry {
  const c = requestCaller(principal);
  return { caller: c, description: describeCaller(c) };
}

/** Reads and checks the request action: a KMS action must exist; other services' actions pass through. */
function readAction(text: string): ActionFacts {
  const action = normaliseAction(text);
  const actionLower = action.toLowerCase();
  const canonical = canonicalAction(actionLower);
  if (actionLower.startsWith('kms:') && !canonical) throw new SimulationInputError(`${action} is not a KMS action.`);
  return {
    actionLower,
    display: canonical ?? action,
    keyPolicy: isKeyPolicyAction(actionLower),
    crossAccount: isCrossAccountAction(actionLower),
  };
}

/** `statement 3 ("KeyUsers")`: the statement at index 2, counted from 1 (see statementName). */
export function statementLabel(s: { index: number; sid?: string }): string {
  return statementName(s.index, s.sid);
}
