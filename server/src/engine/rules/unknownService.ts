/**
 * KP210: an action whose service prefix is no AWS service (`foo:Bar`, `ksm:Decrypt`, `kmss:Encrypt*`), checked
 * against the catalog's list of service prefixes (Access Analyzer INVALID_SERVICE_IN_ACTION / INVALID_SERVICE).
 * Such an entry never matches any request. Fixes write each nearby real prefix; the `kms` one is preferred
 * when the result names real kms actions. A wildcard prefix is KP203's, a real non-kms service KP205's.
 */
import { findAction, isKnownService, KMS_PREFIX, matchActions, suggestServices } from '../catalog';
import type { Fix, PolicyRule } from './types';
import { replaceString } from '../fixes/edits';

/** Whether `kms:<name>` (a name or a pattern) matches at least one kms action. */
function realKmsAction(name: string): boolean {
  const full = `${KMS_PREFIX}:${name}`;
  return name.includes('*') || name.includes('?') ? matchActions(full).length > 0 : findAction(full) !== undefined;
}

/** KP210: an unknown service prefix in an action. */
export const unknownService: PolicyRule = {
  code: 'KP210',
  name: 'unknown-service',
  severity: 'error',
  summary: 'An action whose service prefix is not an AWS service; it never matches. Offers the nearest real prefix.',
  check(ctx) {
    for (const ai of ctx.facts.actionItems) {
      const shape = ai.shape;
      if (shape.kind !== 'action' || shape.serviceWildcard || isKnownService(shape.service)) continue;
      const suggestions = suggestServices(shape.service);
      const fixes: Fix[] = suggestions.map((s) => {
        const value = `${s}:${shape.name}`;
        const preferred = s === KMS_PREFIX && realKmsAction(shape.name);
        return { title: `Change to ${value}`, edits: [replaceString(ai.item, value)], ...(preferred ? { preferred: true } : {}) };
      });
      const hint =
        suggestions.length > 0
          ? `Did you mean ${suggestions.map((s) => `"${s}:${shape.name}"`).join(' or ')}?`
          : `Write a KMS action as "${KMS_PREFIX}:ActionName".`;
      ctx.report({
        at: ai.item,
        message: `"${shape.service}" is not an AWS service prefix, so "${ai.item.value}" never matches any request. ${hint}`,
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  },
};
