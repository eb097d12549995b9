/**
 * KP206: an action that is not authorized on a key (kms:CreateKey, ListKeys, ListAliases, GenerateRandom,
 * ListRetirableGrants, the custom key store actions) in a key policy. Only IAM policies can allow these, so
 * the entry has no effect here. Patterns are reported only when everything they match is of that kind
 * (`kms:List*` also matches key actions and is fine). Facts: the catalog's kmsFacts (keyPolicy 'iamOnly').
 */
import type { PolicyRule } from './types';
import { removeItemFixes } from '../fixes/actionFixes';
import { listNames } from '../messages';

/** KP206: an IAM-only action in a key policy. */
export const actionNotForKey: PolicyRule = {
  code: 'KP206',
  name: 'action-not-for-key',
  severity: 'info',
  summary: 'An action that is not authorized on a key (CreateKey, ListKeys, GenerateRandom, custom key stores...); it has no effect in a key policy.',
  check(ctx) {
    for (const ai of ctx.facts.actionItems) {
      if (ai.element !== 'Action' || ai.shape.kind !== 'action') continue;
      if (ai.facts.useless !== 'iamOnly') continue;
      const matched = ai.facts.matched;
      const names = matched.map((a) => a.fullName);
      const what = ai.shape.nameWildcard ? `"${ai.item.value}" matches only ${listNames(names, 3)}, which are` : `${names[0]} is`;
      ctx.report({
        at: ai.item,
        message: `${what} not authorized on a key, so a key policy cannot allow or deny it: this entry has no effect. Allow it in an IAM policy instead.`,
        unnecessary: true,
        ...removeItemFixes(ai),
      });
    }
  },
};
