/** KP105: the policy has no Statement, so it allows nothing and KMS rejects it. */
import type { PolicyRule } from './types';
import { hasMisspeltMember } from '../facts';

/** KP105: no Statement element. */
export const missingStatement: PolicyRule = {
  code: 'KP105',
  name: 'missing-statement',
  severity: 'error',
  summary: 'The policy has no "Statement"; KMS rejects a key policy without statements.',
  check(ctx) {
    const { policy } = ctx;
    if (policy.statementMember || hasMisspeltMember(policy.members, 'Statement')) return;
    ctx.report({
      at: { offset: policy.span.offset, length: 1, pointer: '' },
      message:
        'The policy has no "Statement"; KMS rejects it. Add "Statement": [ ... ] with at least one statement (start with the root-account statement of the default key policy).',
    });
  },
};
