/**
 * KP201: a `kms:` action that does not exist (`kms:Decrpyt`, `kms:GenerateDataKeys`). It never matches, so an
 * Allow grants nothing and a Deny protects nothing. Offers the nearest real actions as fixes. Action names are
 * case-insensitive: `kms:decrypt` is valid and not reported.
 */
import { suggestActions } from '../catalog';
import type { Fix, PolicyRule } from './types';
import { isKmsItem } from '../facts';
import { replaceString } from '../fixes/edits';

/** KP201: an unknown kms action. */
export const unknownAction: PolicyRule = {
  code: 'KP201',
  name: 'unknown-action',
  severity: 'error',
  summary: 'A kms: action that does not exist; it never matches. Offers the nearest real action.',
  check(ctx) {
    for (const ai of ctx.facts.actionItems) {
      const shape = ai.shape;
      if (!isKmsItem(shape) || shape.nameWildcard || ai.facts.known) continue;
      const suggestions = suggestActions(ai.item.value);
      const fixes: Fix[] = suggestions.map((s, i) => ({
        title: `Change to ${s}`,
        edits: [replaceString(ai.item, s)],
        ...(i === 0 && suggestions.length === 1 ? { preferred: true } : {}),
      }));
      const hint =
        suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : 'Check the name against the AWS KMS API reference.';
      ctx.report({
        at: ai.item,
        message: `"${ai.item.value}" is not a KMS action, so it never matches and this ${ai.statement.effect?.value === 'Deny' ? 'Deny protects nothing' : 'grants nothing'} for it. ${hint}`,
        ...(fixes.length ? { fixes } : {}),
      });
    }
  },
};
