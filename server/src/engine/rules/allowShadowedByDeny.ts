/**
 * KP604: an Allow that the Denies of the policy cancel completely: for every action it covers, every principal
 * class it allows is denied whenever it would be allowed (the simulator subtracts the Denies symbolically and
 * nothing is left). The statement does nothing; it is faded and points at the Denies responsible.
 */
import type { PolicyRule } from './types';
import { allowAnswersOf, compiledPolicy, statementActions } from '../simulate/lintQueries';

/** KP604 allow-shadowed-by-deny. */
export const allowShadowedByDeny: PolicyRule = {
  code: 'KP604',
  name: 'allow-shadowed-by-deny',
  severity: 'info',
  summary: 'Every permission this Allow gives is removed by a Deny: the statement has no effect.',
  check(ctx) {
    const policy = compiledPolicy(ctx.facts);
    if (!policy.statements.some((s) => s.effect === 'Deny' && !s.inert)) return;
    const denied = new Map<string, boolean>();
    const hasDeny = (a: string): boolean => {
      let d = denied.get(a);
      if (d === undefined) denied.set(a, (d = policy.plan(a).live.some((p) => p.statement.effect === 'Deny' && p.statement.principalMode !== 'none')));
      return d;
    };
    for (const st of policy.statements) {
      if (st.effect !== 'Allow' || st.inert || !st.source) continue;
      const actions = statementActions(st);
      // Shadowing needs a Deny on every action the Allow covers; most Allows fail this at once.
      if (actions.length === 0 || !actions.every(hasDeny)) continue;
      const own = allowAnswersOf(ctx.facts, st);
      if (own.length === 0 || own.some((a) => a.residual.any.length > 0)) continue;
      const denies = [...new Set(own.flatMap((a) => a.denies.map((d) => d.index)))].sort((a, b) => a - b);
      const related = denies.flatMap((i) => {
        const d = ctx.policy.statements[i];
        return d ? [{ ...d.span, message: 'This Deny removes what the Allow gives' }] : [];
      });
      ctx.report({
        at: st.source.span,
        message: `Every permission this Allow gives is removed by ${denies.length === 1 ? 'a Deny' : 'the Denies'} of the policy, so the statement has no effect. Remove it, or narrow the Deny if the Allow is meant to work.`,
        related,
        unnecessary: true,
      });
    }
  },
};
