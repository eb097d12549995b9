/**
 * KP602: the fragile variants of lockout (SEMANTICS §6; §7 items 22-24): kms:PutKeyPolicy remains only with
 * named users or roles (deleting them leaves orphaned unique ids and possibly nobody), or only under conditions
 * on facts that change (tags, aliases, time, network origin, the calling service). Reported on the Allow
 * statements that still give PutKeyPolicy, the first one carrying the finding and the others as related. AWS
 * managed key policies (PolicyFacts.awsManaged) are left alone.
 */
import type { PolicyRule } from './types';
import { lockoutOf } from '../simulate/lintQueries';

/** KP602 fragile-key-admin. */
export const fragileKeyAdmin: PolicyRule = {
  code: 'KP602',
  name: 'fragile-key-admin',
  severity: 'warning',
  summary: 'Only named principals, or only conditions that can change, keep kms:PutKeyPolicy: the key is one step from lockout.',
  check(ctx) {
    if (ctx.policy.statements.length === 0 || ctx.facts.awsManaged) return;
    const result = lockoutOf(ctx.facts);
    if (result?.status !== 'fragile') return;
    const indexes = [...new Set(result.holders.flatMap((h) => h.statements.filter((s) => s.effect === 'Allow').map((s) => s.index)))].sort((a, b) => a - b);
    const statements = indexes.map((i) => ctx.policy.statements[i]).filter((s) => s !== undefined);
    const first = statements[0];
    if (!first) return;
    const at = first.principal?.span ?? first.span;
    ctx.report({
      at,
      message: `${result.reasons.join(' ')} Also allow kms:PutKeyPolicy to the account root (arn:aws:iam::<account>:root) without such conditions, so IAM can always restore access.`,
      related: statements.slice(1).map((s) => ({ ...(s.principal?.span ?? s.span), message: 'Also allows kms:PutKeyPolicy' })),
    });
  },
};
