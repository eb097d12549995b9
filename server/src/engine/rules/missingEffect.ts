/** KP107: a statement without Effect. Every statement must say Allow or Deny; KMS rejects the policy. */
import type { PolicyRule } from './types';
import { hasMisspeltMember, statementAnchor } from '../facts';

/** KP107: a statement has no Effect. */
export const missingEffect: PolicyRule = {
  code: 'KP107',
  name: 'missing-effect',
  severity: 'error',
  summary: 'A statement has no "Effect"; every statement must be "Allow" or "Deny".',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (!s.isObject || s.members.some((m) => m.name.value === 'Effect') || hasMisspeltMember(s.members, 'Effect')) continue;
      ctx.report({
        at: statementAnchor(s),
        message: 'This statement has no "Effect"; KMS rejects the policy. Add "Effect": "Allow" or "Effect": "Deny".',
      });
    }
  },
};
