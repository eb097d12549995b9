/**
 * KP207: kms:RetireGrant in a key policy. Who may retire a grant is decided by the grant itself (its retiring
 * principal, its grantee when RetireGrant is among its operations, the account it was made in), so a key
 * policy entry for it has no effect. Facts: the catalog's kmsFacts (keyPolicy 'noEffect').
 */
import type { PolicyRule } from './types';
import { removeItemFixes } from '../fixes/actionFixes';
import { listNames } from '../messages';

/** KP207: an action whose permission the grant decides (RetireGrant) in a key policy. */
export const retireGrantInKeyPolicy: PolicyRule = {
  code: 'KP207',
  name: 'retire-grant-in-key-policy',
  severity: 'info',
  summary: 'kms:RetireGrant in a key policy has no effect: the grant decides who may retire it.',
  check(ctx) {
    for (const ai of ctx.facts.actionItems) {
      if (ai.element !== 'Action' || ai.shape.kind !== 'action') continue;
      if (ai.facts.useless !== 'noEffect') continue;
      const matched = ai.facts.matched;
      const names = listNames(
        matched.map((a) => a.fullName),
        3,
      );
      const subject = ai.shape.nameWildcard ? `"${ai.item.value}" matches only ${names}, which has` : `${names} has`;
      ctx.report({
        at: ai.item,
        message: `${subject} no effect in a key policy: the grant decides who may retire it (its retiring principal, or its grantee when the grant includes RetireGrant). To control retirement, set the retiring principal when creating the grant.`,
        unnecessary: true,
        ...removeItemFixes(ai),
      });
    }
  },
};
