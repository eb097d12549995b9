/**
 * KP419: a condition key that KMS documents for IAM policies only (kms:ResourceAliases, aws:ResourceTag/<k>),
 * used in a key policy (SEMANTICS §7.35; Access Analyzer IRRELEVANT_CONDITION_KEY_IN_POLICY).
 */
import type { PolicyRule } from './types';

/** KP419 key-irrelevant-in-key-policy. */
export const keyIrrelevantInKeyPolicy: PolicyRule = {
  code: 'KP419',
  name: 'key-irrelevant-in-key-policy',
  severity: 'warning',
  summary: 'A condition key KMS documents for IAM policies only (kms:ResourceAliases, aws:ResourceTag/…).',
  check(ctx) {
    for (const { entry, catalogKey: match } of ctx.facts.conditions) {
      if (!match?.info.iamPolicyOnly) continue;
      ctx.report({
        at: entry.key,
        message: `KMS documents "${match.canonical}" for IAM policies only; in a key policy its effect is not documented, and anyone who can change the key's tags or aliases could change who this statement covers. Put this condition in an IAM policy instead.`,
      });
    }
  },
};
