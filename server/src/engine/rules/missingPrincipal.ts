/** KP111: a statement with neither Principal nor NotPrincipal. KMS requires one in every key-policy statement. */
import type { PolicyRule } from './types';
import { lacksBoth, statementAnchor } from '../facts';

/** KP111: a statement has no Principal or NotPrincipal. */
export const missingPrincipal: PolicyRule = {
  code: 'KP111',
  name: 'missing-principal',
  severity: 'error',
  summary: 'A statement has no "Principal" or "NotPrincipal"; every key-policy statement needs one.',
  check(ctx) {
    const account = ctx.facts.account ?? '111122223333';
    for (const s of ctx.policy.statements) {
      if (!lacksBoth(s, 'Principal', 'NotPrincipal')) continue;
      ctx.report({
        at: statementAnchor(s),
        message: `This statement has no "Principal": a key policy is a resource policy, and KMS rejects statements that do not say who they apply to. Add e.g. "Principal": {"AWS": "arn:aws:iam::${account}:root"}.`,
      });
    }
  },
};
