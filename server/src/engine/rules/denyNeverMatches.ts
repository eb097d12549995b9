/**
 * KP605: a Deny that can never match any request for the actions it lists, so it protects nothing: its
 * conditions need keys those actions never carry (SEMANTICS §3 "Simulator rule"), contradict each other, or
 * its principals name nobody. Decided by the simulator: for none of its actions can it hold for anyone (set
 * against an Allow of everything to everyone, it would remove nothing). Statements whose Resource names
 * another ARN are left to KP501 when the key ARN is unknown.
 *
 * A Deny that never matches only because it tests a key whose value is fixed on every KMS request (the
 * ubiquitous `Bool aws:SecureTransport false`: KMS accepts only TLS; StatementFacts.impossibleTests, catalog
 * fixedValue) is ordinary and harmless: it is reported at info, saying so, never as "protects nothing".
 */
import type { CompiledStatement } from '../simulate/compile';
import { evaluateCondition } from '../simulate/conditions/match';
import { NO_LOOKUP } from '../simulate/conditions/variables';
import { canonicalAction } from '../simulate/knowledge';
import type { PolicyRule } from './types';
import { compiledPolicy, denyMatches, statementActions, whoCanOptions } from '../simulate/lintQueries';

/** The condition keys of a Deny that are absent for all its actions and make it false there. */
function absentKeys(st: CompiledStatement, actions: readonly string[], plan: (a: string) => readonly boolean[] | undefined): string[] {
  const out: string[] = [];
  st.conditions.forEach((c, i) => {
    const never = actions.every((a) => plan(a)?.[i] === false);
    if (never && !evaluateCondition(c, undefined, NO_LOOKUP).holds) out.push(c.key);
  });
  return [...new Set(out)];
}

/** KP605 deny-never-matches. */
export const denyNeverMatches: PolicyRule = {
  code: 'KP605',
  name: 'deny-never-matches',
  severity: 'warning',
  summary: 'This Deny can never match a request for the actions it lists, so it protects nothing.',
  check(ctx) {
    const policy = compiledPolicy(ctx.facts);
    const options = whoCanOptions(ctx.facts);
    for (const st of policy.statements) {
      if (st.effect !== 'Deny' || st.inert || !st.source) continue;
      if (!options.key && st.resources.some((r) => !r.any)) continue;
      const actions = statementActions(st);
      if (actions.length === 0) continue;
      // The Deny matches when it can hold for some action: ask action by action and stop there.
      const untouched = (a: string): boolean => !denyMatches(ctx.facts, st, a);
      if (!actions.every(untouched)) continue;
      const fixed = ctx.facts.of(st.source).impossibleTests.find((t) => t.reason === 'fixed-value');
      if (fixed) {
        const key = fixed.test.entry.key.value;
        ctx.report({
          at: st.source.span,
          message: `This Deny never matches, harmlessly: KMS accepts only requests over TLS, so "${key}" is always ${fixed.fixed?.values.join(', ')} and its test (${fixed.test.operator.text} ${fixed.test.entry.values.map((v) => JSON.stringify(String(v.value))).join(', ')}) never holds. It is a guard common in S3 bucket policies; keep it or remove it.`,
          severity: 'info',
          unnecessary: true,
        });
        continue;
      }
      const keys = absentKeys(st, actions, (a) => policy.plan(a).all.find((p) => p.statement === st)?.keyPresent);
      const shown =
        actions.length > 4
          ? `${actions
              .slice(0, 4)
              .map((a) => canonicalAction(a) ?? a)
              .join(', ')}…`
          : actions.map((a) => canonicalAction(a) ?? a).join(', ');
      const why =
        keys.length > 0
          ? `${keys.join(', ')} ${keys.length === 1 ? 'is' : 'are'} never in the request context of ${shown}, so the condition is never true`
          : 'its principals and conditions can never all hold for a request';
      ctx.report({
        at: st.source.span,
        message: `This Deny never matches: ${why}. It protects nothing; fix its conditions (an …IfExists operator, or the actions the keys belong to) or remove it.`,
        unnecessary: true,
      });
    }
  },
};
