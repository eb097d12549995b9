/**
 * KP303: a wildcard inside a principal (`arn:aws:iam::*:root`, `role/*`, `{"Service": "*"}`). Principal
 * accepts only a bare `"*"`; anything else is rejected (Access Analyzer UNSUPPORTED_WILDCARD_IN_PRINCIPAL).
 */
import type { PolicyRule } from './types';

/** KP303 principal-partial-wildcard. */
export const principalPartialWildcard: PolicyRule = {
  code: 'KP303',
  name: 'principal-partial-wildcard',
  severity: 'error',
  summary: 'Principal accepts only a bare "*"; partial wildcards such as arn:aws:iam::*:root or role/* are rejected.',
  check(ctx) {
    for (const { block } of ctx.facts.principalSites) {
      for (const entry of block.entries) {
        if (entry.ref.kind !== 'invalid' || entry.ref.reason !== 'partial-wildcard') continue;
        const advice =
          entry.type === 'Service'
            ? 'name each service principal, e.g. "logs.amazonaws.com"'
            : 'use "*" with a Condition on aws:PrincipalArn (ArnLike), aws:PrincipalAccount or aws:PrincipalOrgID instead';
        ctx.report({
          at: entry,
          message: `${JSON.stringify(entry.value)} has a wildcard inside a principal; KMS accepts only a bare "*" and rejects the policy. To match many principals, ${advice}.`,
        });
      }
    }
  },
};
