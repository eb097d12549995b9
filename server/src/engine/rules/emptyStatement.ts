/** KP106: `"Statement": []` — a key policy needs at least one statement; KMS rejects an empty list. */
import type { PolicyRule } from './types';

/** KP106: an empty Statement list. */
export const emptyStatement: PolicyRule = {
  code: 'KP106',
  name: 'empty-statement',
  severity: 'error',
  summary: 'The Statement list is empty; a key policy needs at least one statement.',
  check(ctx) {
    const member = ctx.policy.statementMember;
    if (!member || member.node.type !== 'array' || (member.node.children ?? []).length > 0) return;
    ctx.report({
      at: member.value,
      message: 'The "Statement" list is empty: the policy allows nothing and KMS rejects it. Add at least one statement.',
    });
  },
};
