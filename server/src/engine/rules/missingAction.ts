/**
 * KP109: a statement with neither Action nor NotAction. KMS accepts the policy, but the statement matches
 * no request: an Allow grants nothing and, worse, a Deny protects nothing.
 */
import type { PolicyRule } from './types';
import { lacksBoth, statementAnchor } from '../facts';

/** KP109: a statement has no Action or NotAction. */
export const missingAction: PolicyRule = {
  code: 'KP109',
  name: 'missing-action',
  severity: 'error',
  summary: 'A statement has no "Action" or "NotAction": KMS rejects the policy (an old key that holds one ignores it).',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (!lacksBoth(s, 'Action', 'NotAction')) continue;
      ctx.report({
        at: statementAnchor(s),
        message: `This statement has no "Action" or "NotAction": KMS rejects the policy (a key that already holds such a statement ignores it, so it ${s.effect?.value === 'Deny' ? 'denies' : 'allows'} nothing). Add "Action" with the kms: actions it is meant for.`,
      });
    }
  },
};
