/**
 * KP301: Allow with NotPrincipal. It grants the actions to every principal in every account except the
 * ones listed (Access Analyzer ALLOW_WITH_NOTPRINCIPAL).
 *
 * No quick fix: the obvious rewrite (Principal "*" with ArnNotEquals on aws:PrincipalArn) is exact only if
 * NotPrincipal excludes a user without its account being listed too, and IAM documents that matching
 * only for Deny (where the account must be listed). An edit that may change who gets access is not offered.
 */
import type { PolicyRule } from './types';

/** KP301 allow-with-not-principal. */
export const allowWithNotPrincipal: PolicyRule = {
  code: 'KP301',
  name: 'allow-with-not-principal',
  severity: 'warning',
  summary: 'Allow with NotPrincipal grants the actions to everyone in every account except the principals listed.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (!s.notPrincipal || s.effect?.value !== 'Allow') continue;
      const member = s.members.find((m) => m.name.value === 'NotPrincipal');
      ctx.report({
        at: member ? member.name : s.notPrincipal.span,
        message:
          'Allow with NotPrincipal grants these actions to every principal in every AWS account except the ones listed. Name the principals you mean in Principal, or use Principal "*" with a Condition on aws:PrincipalArn (ArnNotEquals) or aws:PrincipalAccount.',
      });
    }
  },
};
