/**
 * KP512: a Condition on the statement that delegates the key to its own account (an Allow whose only
 * principal is the key's account root or id). That statement is what lets IAM policies in the account
 * grant access at all, so its conditions narrow every IAM grant for this key, including the root user's
 * way back in; a condition that later turns false (a tag, a network, a service) can lock the account out.
 *
 * Conditions that every caller of the key's own account satisfies (kms:CallerAccount, aws:PrincipalAccount
 * or aws:ResourceAccount equal to that account) are not counted. Needs the key's account (given or
 * inferred); quiet when it is unknown.
 *
 * No fix: removing the condition widens access. Move the narrowing into IAM policies or a separate Deny.
 */
import type { PolicyRule } from './types';
import { type ConditionTest, isRootDelegation, stringValues } from '../facts';

const ACCOUNT_KEYS = ['kms:calleraccount', 'aws:principalaccount', 'aws:resourceaccount'];

/** True when the test holds for every request from the key's own account. */
function alwaysTrueForAccount(t: ConditionTest, account: string): boolean {
  if (!ACCOUNT_KEYS.includes(t.key) || t.negated || t.qualifier) return false;
  if (t.base !== 'StringEquals' && t.base !== 'StringEqualsIgnoreCase' && t.base !== 'StringLike') return false;
  return stringValues(t.entry).some((v) => v.value === account);
}

/** KP512 conditions-on-root-delegation. */
export const conditionsOnRootDelegation: PolicyRule = {
  code: 'KP512',
  name: 'conditions-on-root-delegation',
  severity: 'warning',
  summary: 'Conditions on the statement that delegates the key to its account narrow every IAM grant and risk lockout.',
  check(ctx) {
    const account = ctx.facts.account;
    if (!account) return;
    for (const f of ctx.facts.statements) {
      const s = f.statement;
      if (!s.condition || !isRootDelegation(s, account)) continue;
      const tests = f.tests;
      if (tests.length === 0 || tests.every((t) => alwaysTrueForAccount(t, account))) continue;
      const member = s.members.find((m) => m.name.value === 'Condition');
      ctx.report({
        at: member ? member.name : s.condition.span,
        message: `This statement delegates the key to account ${account}, so its Condition limits every IAM permission for the key, the root user's included; if the condition stops holding, nobody in the account can manage the key. Keep this statement unconditional and put the restriction in IAM policies or a separate Deny statement.`,
      });
    }
  },
};
