/**
 * KP110: a statement with neither Resource nor NotResource. KMS accepts it, but it never applies. In a key
 * policy `"Resource": "*"` means "this key", so adding it is the safe, conventional fix.
 */
import type { PolicyRule } from './types';
import { lacksBoth, statementAnchor } from '../facts';
import { insertMember } from '../fixes/edits';

/** KP110: a statement has no Resource or NotResource. */
export const missingResource: PolicyRule = {
  code: 'KP110',
  name: 'missing-resource',
  severity: 'error',
  summary: 'A statement has no "Resource" or "NotResource", so it never applies; key policies use "Resource": "*".',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (!lacksBoth(s, 'Resource', 'NotResource')) continue;
      const insert = insertMember(ctx.doc.text, s.node, 'Resource', '*', 'last');
      ctx.report({
        at: statementAnchor(s),
        message: 'This statement has no "Resource": KMS accepts it but it never applies. Add "Resource": "*" (in a key policy, "*" means this key).',
        ...(insert ? { fixes: [{ title: 'Add "Resource": "*"', edits: [insert], preferred: true }] } : {}),
      });
    }
  },
};
