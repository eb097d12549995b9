/**
 * KP110: a statement with neither Resource nor NotResource. Since 18 August 2025 CreateKey, PutKeyPolicy and
 * ReplicateKey reject such a statement (MalformedPolicyDocumentException; SEMANTICS §1, the AWS Health notice);
 * older keys may still hold one, and there it never applies. In a key policy `"Resource": "*"` means "this
 * key", so adding it is the safe, conventional fix.
 */
import type { PolicyRule } from './types';
import { lacksBoth, statementAnchor } from '../facts';
import { insertMember } from '../fixes/edits';

/** KP110: a statement has no Resource or NotResource. */
export const missingResource: PolicyRule = {
  code: 'KP110',
  name: 'missing-resource',
  severity: 'error',
  summary: 'A statement has no "Resource" or "NotResource": KMS rejects the policy; key policies use "Resource": "*".',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (!lacksBoth(s, 'Resource', 'NotResource')) continue;
      const insert = insertMember(ctx.doc.text, s.node, 'Resource', '*', 'last');
      ctx.report({
        at: statementAnchor(s),
        message:
          'This statement has no "Resource": KMS rejects the policy (a key that already holds such a statement ignores it). Add "Resource": "*" (in a key policy, "*" means this key).',
        ...(insert ? { fixes: [{ title: 'Add "Resource": "*"', edits: [insert], preferred: true }] } : {}),
      });
    }
  },
};
