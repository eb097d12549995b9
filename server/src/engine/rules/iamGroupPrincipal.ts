/**
 * KP306: an IAM group ARN as a principal. Groups are not principals (they never sign a request); KMS
 * rejects the policy as having invalid principals.
 */
import type { PolicyRule } from './types';

/** KP306 iam-group-principal. */
export const iamGroupPrincipal: PolicyRule = {
  code: 'KP306',
  name: 'iam-group-principal',
  severity: 'error',
  summary: 'An IAM group is not a principal; KMS rejects the policy.',
  check(ctx) {
    for (const { block } of ctx.facts.principalSites) {
      for (const entry of block.entries) {
        if (entry.ref.kind !== 'group') continue;
        ctx.report({
          at: entry,
          message: `IAM group "${entry.ref.name}" cannot be a principal (groups never make requests), so KMS rejects the policy. Allow the account (arn:${entry.ref.partition}:iam::${entry.ref.account}:root) here and grant the group through an IAM policy, or name its users or roles.`,
        });
      }
    }
  },
};
