/**
 * KP204: a kms action pattern with wildcards that matches no kms action (`kms:Foo*`, `kms:Decrypt?`). Like an
 * unknown action it never matches anything.
 */
import { KMS_PREFIX, matchesGlob } from '../catalog';
import type { PolicyRule } from './types';

/** KP204: a wildcard pattern that matches no kms action. */
export const actionMatchesNothing: PolicyRule = {
  code: 'KP204',
  name: 'action-matches-nothing',
  severity: 'error',
  summary: 'A kms action pattern with wildcards that matches no kms action; it never applies.',
  check(ctx) {
    for (const ai of ctx.facts.actionItems) {
      const shape = ai.shape;
      if (shape.kind !== 'action' || !shape.nameWildcard) continue;
      if (!matchesGlob(shape.service, KMS_PREFIX, true) || ai.facts.matched.length > 0) continue;
      ctx.report({
        at: ai.item,
        message: `"${ai.item.value}" matches no KMS action, so it never applies. Check the spelling of the part before the wildcard.`,
      });
    }
  },
};
