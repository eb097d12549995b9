/**
 * One statement against one request: principal, action, resource, conditions; with the explanation the
 * simulator prints. Shared by key-policy and identity-policy evaluation.
 */
import type { ActionPlan, CompiledStatement, PlannedStatement, ResourcePattern } from './compile';
import { evaluateCondition } from './conditions/match';
import { arnMatches, compileArnParts } from './conditions/arn';
import { resolveTemplate, type Lookup } from './conditions/variables';
import type { RequestContext } from './context';
import { notPrincipalMatches, patternMatches, type Caller } from './principals';
import type { ConditionExplanation, StatementExplanation } from './types';

/** How a statement names the caller: directly, through the caller's account (delegation), or not at all. */
export type PrincipalVia = 'direct' | 'account' | 'none';

/** The verdict of one statement. */
export interface StatementOutcome {
  readonly statement: CompiledStatement;
  readonly applies: boolean;
  readonly via: PrincipalVia;
  readonly explanation: StatementExplanation;
  /** True when an undocumented case decided a condition. */
  readonly indeterminate: boolean;
}

/** How a statement's principal element names the caller. */
export function principalVia(st: CompiledStatement, caller: Caller): { via: PrincipalVia; detail: string } {
  if (st.principalMode === 'none') return { via: 'direct', detail: 'identity policy (the caller)' };
  if (st.principalMode === 'not-principal') {
    return notPrincipalMatches(st.principals, caller)
      ? { via: 'direct', detail: 'not excluded by NotPrincipal' }
      : { via: 'none', detail: 'excluded by NotPrincipal' };
  }
  let viaAccount: string | undefined;
  for (let i = 0; i < st.principals.length; i++) {
    const p = st.principals[i]!;
    if (!patternMatches(p, caller)) continue;
    if (p.kind === 'account') viaAccount ??= st.principalTexts[i];
    else return { via: 'direct', detail: `matches ${st.principalTexts[i]}` };
  }
  if (viaAccount !== undefined) return { via: 'account', detail: `matches the caller's account ${viaAccount}` };
  return { via: 'none', detail: st.principals.length === 0 ? 'no principal listed' : `caller not in ${st.principalTexts.join(', ')}` };
}

/** Whether the statement's Resource/NotResource covers the key. */
export function resourceMatches(st: CompiledStatement, keyArn: string | undefined, lookup: Lookup): { matched: boolean; detail: string } {
  let hit: ResourcePattern | undefined;
  for (const r of st.resources) {
    if (r.any) {
      hit = r;
      break;
    }
    if (keyArn === undefined) continue;
    const parts = resolveTemplate(r.template, lookup);
    if (parts && arnMatches(compileArnParts(parts), keyArn)) {
      hit = r;
      break;
    }
  }
  if (st.resourceNegated) {
    return hit ? { matched: false, detail: `NotResource lists ${hit.source}` } : { matched: true, detail: 'not listed in NotResource' };
  }
  if (hit) return { matched: true, detail: hit.any ? '"*" (this key)' : `matches ${hit.source}` };
  const unknown = keyArn === undefined && st.resources.length > 0 ? ' (the key ARN is unknown)' : '';
  return { matched: false, detail: `the key is not in ${st.resources.map((r) => r.source).join(', ') || 'an empty Resource'}${unknown}` };
}

/** Evaluates every statement of a plan against a request. */
export function evaluatePlan(plan: ActionPlan, policyLabel: string, caller: Caller, ctx: RequestContext, keyArn: string | undefined): StatementOutcome[] {
  const lookup: Lookup = (k) => ctx.get(k);
  const out: StatementOutcome[] = [];
  for (const planned of plan.all) out.push(evaluateStatement(planned, policyLabel, caller, ctx, lookup, keyArn, plan.action));
  return out;
}

function evaluateStatement(
  planned: PlannedStatement,
  policyLabel: string,
  caller: Caller,
  ctx: RequestContext,
  lookup: Lookup,
  keyArn: string | undefined,
  action: string,
): StatementOutcome {
  const st = planned.statement;
  const principal = principalVia(st, caller);
  const resource = resourceMatches(st, keyArn, lookup);
  const conditions: ConditionExplanation[] = [];
  let allHold = true;
  let indeterminate = false;
  for (let i = 0; i < st.conditions.length; i++) {
    const c = st.conditions[i]!;
    const present = planned.keyPresent[i]!;
    const values = present ? ctx.get(c.keyLower) : undefined;
    const outcome = evaluateCondition(c, values, lookup);
    if (!outcome.holds) allHold = false;
    if (outcome.indeterminate) indeterminate = true;
    const note = !c.operator.valid
      ? `"${c.operator.text}" is not a valid operator; the condition never holds`
      : !present
        ? `${action} never carries ${c.key}, so it is absent`
        : outcome.indeterminate
          ? 'several request values under an operator without ForAnyValue/ForAllValues is undocumented; read as "any value"'
          : undefined;
    conditions.push({
      operator: c.operator.text,
      key: c.key,
      values: c.values,
      requestValues: values ?? null,
      matched: outcome.holds,
      ...(note ? { note } : {}),
    });
  }
  const applies = !st.inert && planned.actionMatched && principal.via !== 'none' && resource.matched && allHold;
  const explanation: StatementExplanation = {
    policy: policyLabel,
    index: st.index,
    ...(st.sid !== undefined ? { sid: st.sid } : {}),
    effect: st.effect,
    applies,
    principal: { matched: principal.via !== 'none', detail: principal.detail },
    action: { matched: planned.actionMatched, detail: planned.actionDetail },
    resource,
    conditions,
    ...(st.inert ? { inert: st.inert } : {}),
  };
  return { statement: st, applies, via: principal.via, explanation, indeterminate: indeterminate && applies };
}
