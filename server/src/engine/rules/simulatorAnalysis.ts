/**
 * What the KP6xx rules share: the compiled policy and the who-can answers, computed once per lint through
 * ctx.analysis.memo, and the key facts the simulator needs from the rule context.
 */
import { compile, subPolicy, type CompiledPolicy, type CompiledStatement } from '../simulate/compile';
import { knownActions, isKeyPolicyAction } from '../simulate/knowledge';
import { whoCan, type WhoCanOptions, type WhoCanResult } from '../simulate/residual/whoCan';
import type { RuleContext } from './types';

/** The policy compiled once per lint. */
export function compiledPolicy(ctx: RuleContext): CompiledPolicy {
  return ctx.analysis.memo('simulate:compiled', () => compile(ctx.policy));
}

/** Who-can options from the rule context (the key's account given or inferred). */
export function whoCanOptions(ctx: RuleContext): WhoCanOptions {
  const c = ctx.context;
  const account = ctx.analysis.account;
  return {
    ...(account ? { account } : {}),
    ...(c.region ? { region: c.region } : {}),
    ...(c.partition ? { partition: c.partition } : {}),
    ...(c.keyArn ? { key: c.keyArn } : {}),
    ...(c.keySpec ? { keySpec: c.keySpec } : {}),
    ...(c.keyUsage ? { keyUsage: c.keyUsage } : {}),
  };
}

/** Every action a key policy can allow (lower case). */
export function keyPolicyActions(): readonly string[] {
  return knownActions()
    .map((a) => a.toLowerCase())
    .filter(isKeyPolicyAction);
}

/** Who can do each key-policy action, once per lint. */
export function whoCanAll(ctx: RuleContext): WhoCanResult {
  return ctx.analysis.memo('simulate:whoCanAll', () => whoCan(compiledPolicy(ctx), keyPolicyActions(), whoCanOptions(ctx)));
}

/** The key-policy actions a statement applies to (its Action/NotAction covers them; it is not inert). */
export function statementActions(policy: CompiledPolicy, st: CompiledStatement): string[] {
  if (st.inert) return [];
  return keyPolicyActions().filter((a) => policy.plan(a).live.some((p) => p.statement === st));
}

/** A policy of one statement and every Deny of the policy (to judge the statement on its own). */
export function withDenies(policy: CompiledPolicy, st: CompiledStatement): CompiledPolicy {
  return subPolicy(policy, policy.statements.filter((s) => s === st || (s.effect === 'Deny' && !s.inert)));
}
