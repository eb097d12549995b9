/**
 * One statement against one request: principal, action, resource, conditions; with the explanation the
 * simulator prints. Shared by key-policy and identity-policy evaluation. Explanation texts are prepared at
 * compile time (compile.ts), so an evaluation allocates little more than the explanation objects themselves.
 */
import type { ActionPlan, CompiledStatement, PlannedStatement, PrincipalHit, PrincipalVia } from './compile';
import { evaluateCondition } from './conditions/match';
import { arnMatches, compileArnParts, compileArnPattern, type ArnPattern } from './conditions/arn';
import { resolveTemplate, type Lookup } from './conditions/variables';
import type { RequestContext } from './context';
import type { KeyRef } from './keyRef';
import { notPrincipalMatches, patternMatches, type Caller } from './principals';
import type { ConditionExplanation, StatementExplanation } from './types';

export type { PrincipalVia } from './compile';

/** The verdict of one statement. */
export interface StatementOutcome {
  readonly statement: CompiledStatement;
  readonly applies: boolean;
  readonly via: PrincipalVia;
  readonly explanation: StatementExplanation;
  /** True when an undocumented case decided a condition of an applying statement. */
  readonly indeterminate: boolean;
}

/** How a statement's principal element names the caller. */
export function principalVia(st: CompiledStatement, caller: Caller): PrincipalHit {
  const ex = st.explain;
  if (st.principalMode === 'none') return ex.direct;
  if (st.principalMode === 'not-principal') return notPrincipalMatches(st.principals, caller) ? ex.direct : ex.miss;
  let viaAccount: PrincipalHit | undefined;
  const ps = st.principals;
  for (let i = 0; i < ps.length; i++) {
    if (!patternMatches(ps[i]!, caller)) continue;
    const hit = ex.entryHits[i]!;
    if (hit.via === 'direct') return hit;
    viaAccount ??= hit;
  }
  return viaAccount ?? ex.miss;
}

/**
 * Whether the statement's Resource/NotResource covers the key: exactly when its ARN is known; otherwise an
 * entry covers it only when it matches whatever the key is (resourceVerdict's `matches`), so a request whose
 * key ARN is unknown takes a Resource that only may name the key not to apply.
 */
export function resourceMatches(st: CompiledStatement, key: KeyRef, lookup: Lookup): { readonly matched: boolean; readonly detail: string } {
  const rs = st.resources;
  for (let i = 0; i < rs.length; i++) if (rs[i]!.any) return st.explain.anyResource;
  const keyArn = key.arn;
  let hit: string | undefined;
  for (const r of rs) {
    const parts = resolveTemplate(r.template, lookup);
    if (!parts) continue;
    const pattern = compileArnParts(parts);
    if (keyArn !== undefined ? arnMatches(pattern, keyArn) : entryVerdict(pattern, key).verdict === 'matches') {
      hit = r.source;
      break;
    }
  }
  if (st.resourceNegated) return hit ? { matched: false, detail: `NotResource lists ${hit}` } : { matched: true, detail: 'not listed in NotResource' };
  if (hit) return { matched: true, detail: `matches ${hit}` };
  const unknown = keyArn === undefined && rs.length > 0 ? ' (the key ARN is unknown)' : '';
  return { matched: false, detail: `the key is not in ${rs.map((r) => r.source).join(', ') || 'an empty Resource'}${unknown}` };
}

/**
 * Whether a statement's Resource/NotResource names the key: certainly (`matches`), certainly not (`not`), or
 * it depends on the key's ARN, which is unknown (`may`): SEMANTICS §1, Resource. With the key ARN known the
 * answer is exact. Without it, an entry is compared part by part with what is known (partition, Region,
 * account): an entry that cannot be a KMS key ARN there (another service, account or Region, an alias,
 * not an ARN) does not match; one whose every part is `*` or the known value, with `key/*`, matches; any
 * other may. The lint rules take, for each claim, the side that does not invent it.
 */
export function resourceVerdict(st: CompiledStatement, key: KeyRef, lookup: Lookup): ResourceVerdict {
  if (key.arn !== undefined || st.resources.some((r) => r.any)) return resourceMatches(st, key, lookup).matched ? 'matches' : 'not';
  let best: ResourceVerdict = 'not';
  for (const r of st.resources) {
    const parts = resolveTemplate(r.template, lookup);
    const v = parts ? entryVerdict(compileArnParts(parts), key).verdict : 'not';
    if (v === 'matches') {
      best = v;
      break;
    }
    if (v === 'may') best = v;
  }
  if (!st.resourceNegated) return best;
  return best === 'matches' ? 'not' : best === 'not' ? 'matches' : 'may';
}

/** Three-valued Resource matching (see resourceVerdict). */
export type ResourceVerdict = 'matches' | 'may' | 'not';

/** One Resource entry's verdict; for `not`, the ARN part that rules the key out. */
export interface EntryVerdict {
  readonly verdict: ResourceVerdict;
  readonly part?: 'arn' | 'partition' | 'service' | 'region' | 'account' | 'resource';
}

/** The verdict of one Resource entry as written (no policy variables), for the rules that point at entries. */
export function resourceEntryVerdict(text: string, key: KeyRef): EntryVerdict {
  if (text === '*') return { verdict: 'matches' };
  // A policy variable is resolved per request: the entry may name the key.
  if (text.includes('${')) return { verdict: 'may' };
  const pattern = compileArnPattern(text);
  if (key.arn === undefined) return entryVerdict(pattern, key);
  return arnMatches(pattern, key.arn) ? { verdict: 'matches' } : { verdict: 'not', part: 'resource' };
}

/** Key ids of both forms, to ask whether a resource part can name a key. */
const KEY_IDS = ['key/1234abcd-12ab-34cd-56ef-1234567890ab', 'key/mrk-1234abcd12ab34cd56ef1234567890ab'];

/** One Resource entry against a key whose ARN is unknown. */
function entryVerdict(pattern: ArnPattern, key: KeyRef): EntryVerdict {
  const g = pattern.parts;
  if (!g || !g[0]!.test('arn')) return { verdict: 'not', part: 'arn' };
  if (!g[2]!.test('kms')) return { verdict: 'not', part: 'service' };
  let certain = true;
  // The partition defaults to aws: a pattern for another partition then may still be this key.
  if (!g[1]!.test(key.partition)) {
    if (key.partitionKnown) return { verdict: 'not', part: 'partition' };
    certain = false;
  }
  for (const [glob, known, part] of [
    [g[3]!, key.region, 'region'],
    [g[4]!, key.account, 'account'],
  ] as const) {
    if (known !== undefined) {
      if (!glob.test(known)) return { verdict: 'not', part };
    } else if (glob.source !== '*') certain = false;
  }
  const resource = g[5]!;
  if (resource.source === '*' || resource.source === 'key/*') return { verdict: certain ? 'matches' : 'may' };
  return KEY_IDS.some((id) => resource.test(id)) || /^key\/./.test(resource.source) ? { verdict: 'may' } : { verdict: 'not', part: 'resource' };
}

/** Evaluates every statement of a plan against a request. */
export function evaluatePlan(plan: ActionPlan, policyLabel: string, caller: Caller, ctx: RequestContext, key: KeyRef): StatementOutcome[] {
  const lookup: Lookup = ctx;
  const all = plan.all;
  const out: StatementOutcome[] = new Array(all.length);
  for (let i = 0; i < all.length; i++) out[i] = evaluateStatement(all[i]!, policyLabel, caller, ctx, lookup, key, plan.action);
  return out;
}

function evaluateStatement(
  planned: PlannedStatement,
  policyLabel: string,
  caller: Caller,
  ctx: RequestContext,
  lookup: Lookup,
  key: KeyRef,
  action: string,
): StatementOutcome {
  const st = planned.statement;
  const principal = principalVia(st, caller);
  const resource = resourceMatches(st, key, lookup);
  const cs = st.conditions;
  const conditions: ConditionExplanation[] = new Array(cs.length);
  let allHold = true;
  let indeterminate = false;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const present = planned.keyPresent[i]!;
    const values = present ? ctx.get(c.keyLower) : undefined;
    const outcome = evaluateCondition(c, values, lookup);
    if (!outcome.holds) allHold = false;
    if (outcome.indeterminate) indeterminate = true;
    const e: { -readonly [K in keyof ConditionExplanation]: ConditionExplanation[K] } = {
      operator: c.operator.text,
      key: c.key,
      values: c.values,
      requestValues: values ?? null,
      matched: outcome.holds,
    };
    if (!c.operator.valid) e.note = `"${c.operator.text}" is not a valid operator; the condition never holds`;
    else if (!present) e.note = `${action} never carries ${c.key}, so it is absent`;
    else if (outcome.indeterminate) e.note = 'several request values under an operator without ForAnyValue/ForAllValues is undocumented; read as "any value"';
    conditions[i] = e;
  }
  const applies = !st.inert && planned.actionMatched && principal.via !== 'none' && resource.matched && allHold;
  const explanation: { -readonly [K in keyof StatementExplanation]: StatementExplanation[K] } =
    st.sid !== undefined
      ? {
          policy: policyLabel,
          index: st.index,
          sid: st.sid,
          effect: st.effect,
          applies,
          principal,
          action: planned.actionVerdict,
          resource,
          conditions,
        }
      : {
          policy: policyLabel,
          index: st.index,
          effect: st.effect,
          applies,
          principal,
          action: planned.actionVerdict,
          resource,
          conditions,
        };
  if (st.inert) explanation.inert = st.inert;
  return { statement: st, applies, via: principal.via, explanation, indeterminate: indeterminate && applies };
}
