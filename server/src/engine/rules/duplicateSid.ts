/**
 * KP113: two statements share a Sid. KMS does not document uniqueness, but AWS Knowledge Center lists
 * duplicate Sids as a cause of MalformedPolicyDocumentException and they make findings ambiguous.
 */
import type { Located } from '../parse/model';
import type { PolicyRule } from './types';

/** KP113: a Sid used by more than one statement. */
export const duplicateSid: PolicyRule = {
  code: 'KP113',
  name: 'duplicate-sid',
  severity: 'warning',
  summary: 'Two statements have the same Sid; KMS may reject the policy, and tools cannot tell the statements apart.',
  check(ctx) {
    const seen = new Map<string, Located<string>>();
    for (const s of ctx.policy.statements) {
      const sid = s.sid;
      if (!sid || sid.value === '') continue;
      const first = seen.get(sid.value);
      if (!first) {
        seen.set(sid.value, sid);
        continue;
      }
      ctx.report({
        at: sid,
        message: `Sid "${sid.value}" is already used by another statement. Duplicate Sids can make KMS reject the policy (MalformedPolicyDocumentException); give each statement its own Sid.`,
        related: [{ ...first, message: 'First statement with this Sid' }],
      });
    }
  },
};
