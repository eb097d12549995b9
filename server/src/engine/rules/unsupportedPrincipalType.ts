/**
 * KP305: a Federated or CanonicalUser principal. Neither can be named in a key policy (Access Analyzer
 * FEDERATED_PRINCIPAL_NOT_SUPPORTED); KMS rejects the policy.
 */
import type { PolicyRule } from './types';

const ADVICE: Record<string, string> = {
  Federated: 'Federated identities reach KMS through the IAM role they assume: name that role (or its account) under "AWS" instead',
  CanonicalUser: 'CanonicalUser ids belong to Amazon S3 ACLs, not to KMS: name the account or an IAM ARN under "AWS" instead',
};

/** KP305 unsupported-principal-type. */
export const unsupportedPrincipalType: PolicyRule = {
  code: 'KP305',
  name: 'unsupported-principal-type',
  severity: 'error',
  summary: 'Federated and CanonicalUser principals are not supported in a key policy.',
  check(ctx) {
    for (const { element, block } of ctx.facts.principalSites) {
      for (const tk of block.typeKeys) {
        const advice = ADVICE[tk.name.value];
        if (!advice) continue;
        ctx.report({
          at: tk.name,
          message: `${element} type "${tk.name.value}" is not supported in a key policy, so KMS rejects it. ${advice}.`,
        });
      }
    }
  },
};
