/**
 * KP601: after this policy nobody can call kms:PutKeyPolicy (SEMANTICS §6 "Lockout", §7 item 7). PutKeyPolicy
 * cannot be used from another account and cannot be granted, so the only ways are the key's own account
 * (delegation, where the root user always counts), its named principals, "*" and services. KMS refuses such a
 * policy from the caller unless BypassPolicyLockoutSafetyCheck is set; with it, only AWS Support can help.
 * Reported on the Statement member (or the root object). AWS managed key policies (PolicyFacts.awsManaged) are
 * left alone: AWS maintains them and nobody may change them.
 */
import type { PolicyRule } from './types';
import { lockoutOf } from '../simulate/lintQueries';

/** KP601 key-policy-lockout. */
export const keyPolicyLockout: PolicyRule = {
  code: 'KP601',
  name: 'key-policy-lockout',
  severity: 'error',
  summary: 'Nobody can call kms:PutKeyPolicy after this policy: the key could never be managed again.',
  check(ctx) {
    // An AWS managed key's policy (aws/<service>) allows nobody PutKeyPolicy by design: AWS maintains it.
    if (ctx.policy.statements.length === 0 || ctx.facts.awsManaged) return;
    const result = lockoutOf(ctx.facts);
    if (result?.status !== 'locked') return;
    const member = ctx.policy.statementMember;
    ctx.report({
      at: member ? member.name : ctx.policy.span,
      message:
        'Nobody can call kms:PutKeyPolicy under this policy: no statement allows it to the key\'s account, a principal of the account, "*" or a service. KMS rejects the policy unless the lockout safety check is bypassed, and then only AWS Support can restore access. Keep a statement that allows kms:PutKeyPolicy to the account root (arn:aws:iam::<account>:root) or to a key administrator.',
    });
  },
};
