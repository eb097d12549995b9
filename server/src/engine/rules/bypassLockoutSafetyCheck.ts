/**
 * KP514: an Allow that grants PutKeyPolicy with kms:BypassPolicyLockoutSafetyCheck = true. The safety
 * check is what stops a PutKeyPolicy call from installing a policy that nobody can change again; a
 * principal allowed to bypass it can lock the key for good (recovery needs AWS Support).
 *
 * Reported for Allow tests that admit `true`: a positive test listing true, or a negated test listing only
 * false. A Deny on `true` is the recommended guard and is never reported.
 *
 * No fix: the right change is to drop the permission, which only the author can decide.
 */
import type { PolicyRule } from './types';
import { type ConditionTest, isTrue } from '../facts';

/** True when an Allow test lets a request with the bypass flag set through. */
function admitsBypass(t: ConditionTest): boolean {
  if (t.base === 'Null' || t.entry.values.length === 0) return false;
  const hasTrue = t.entry.values.some((v) => isTrue(v.value));
  return t.negated ? !hasTrue : hasTrue;
}

/** KP514 bypass-lockout-safety-check. */
export const bypassLockoutSafetyCheck: PolicyRule = {
  code: 'KP514',
  name: 'bypass-lockout-safety-check',
  severity: 'warning',
  summary: 'An Allow lets principals bypass the policy lockout safety check and lock the key for good.',
  check(ctx) {
    for (const f of ctx.facts.statements) {
      const s = f.statement;
      if (s.effect?.value !== 'Allow') continue;
      for (const t of f.testsOf('kms:BypassPolicyLockoutSafetyCheck')) {
        if (!admitsBypass(t)) continue;
        ctx.report({
          at: t.entry.key,
          message:
            'This statement lets its principals call PutKeyPolicy with BypassPolicyLockoutSafetyCheck, which skips the check that the new policy still lets someone manage the key; one mistaken policy then locks the key for good. Remove this permission, and consider a Deny for kms:PutKeyPolicy when kms:BypassPolicyLockoutSafetyCheck is true.',
        });
      }
    }
  },
};
