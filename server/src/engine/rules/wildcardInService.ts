/**
 * KP203: a wildcard in the service prefix (`k*:Decrypt`, `*:Describe*`). It is hard to read and may match
 * other services' actions; in a key policy only `kms` matters, so write it out. Fix: `kms:<name>`.
 */
import { KMS_PREFIX, matchesGlob } from '../catalog';
import type { PolicyRule } from './types';
import { replaceString } from '../fixes/edits';

/** KP203: a wildcard in the service part of an action. */
export const wildcardInService: PolicyRule = {
  code: 'KP203',
  name: 'wildcard-in-service',
  severity: 'info',
  summary: 'The service prefix of an action contains a wildcard; write "kms" instead.',
  check(ctx) {
    for (const ai of ctx.facts.actionItems) {
      const shape = ai.shape;
      if (shape.kind !== 'action' || !shape.serviceWildcard) continue;
      const coversKms = matchesGlob(shape.service, KMS_PREFIX, true);
      const fixed = `${KMS_PREFIX}:${shape.name}`;
      ctx.report({
        at: ai.item,
        message: coversKms
          ? `The service prefix "${shape.service}" contains a wildcard; in a key policy only kms actions count, so write "${fixed}" to say what you mean.`
          : `The service prefix "${shape.service}" contains a wildcard and does not match "kms", so "${ai.item.value}" has no effect in a key policy.`,
        ...(coversKms ? { fixes: [{ title: `Change to ${fixed}`, edits: [replaceString(ai.item, fixed)], preferred: true }] } : { unnecessary: true }),
      });
    }
  },
};
