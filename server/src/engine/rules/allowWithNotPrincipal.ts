/**
 * KP301: Allow with NotPrincipal. It grants the actions to every principal in every account except the
 * ones listed (Access Analyzer ALLOW_WITH_NOTPRINCIPAL). A caller is left out only when every identity it
 * carries is listed (SEMANTICS §1), so a listed role's sessions are still granted: the message says so.
 *
 * No quick fix: the obvious rewrite (Principal "*" with ArnNotEquals on aws:PrincipalArn) is exact only if
 * NotPrincipal excludes a user without its account being listed too, and IAM documents that matching
 * only for Deny (where the account must be listed). An edit that may change who gets access is not offered.
 */
import type { PolicyRule } from './types';
import { rolesWithoutSessions } from '../facts';

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
      const roles = rolesWithoutSessions(s.notPrincipal).map((e) => (e.ref.kind === 'role' ? `"${e.ref.name}"` : e.value));
      const sessions =
        roles.length === 0
          ? ''
          : ` Listing role ${roles.join(', ')} does not leave out ${roles.length === 1 ? 'its' : 'their'} sessions: they call with session ARNs that are not listed, so they are granted too.`;
      ctx.report({
        at: member ? member.name : s.notPrincipal.span,
        message: `Allow with NotPrincipal grants these actions to every principal in every AWS account except the ones listed.${sessions} Name the principals you mean in Principal, or use Principal "*" with a Condition on aws:PrincipalArn (ArnNotEquals) or aws:PrincipalAccount.`,
      });
    }
  },
};
