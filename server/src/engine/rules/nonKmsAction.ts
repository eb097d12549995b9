/**
 * KP205: an action of another service (`s3:GetObject`, `iam:PassRole`) in a key policy. A key policy only
 * controls requests to this key, so the entry has no effect; the permission belongs in an IAM or resource
 * policy of that service. A prefix that is no AWS service (`foo:Bar`, `ksm:Decrypt`) is KP210's.
 */
import { isKnownService, KMS_PREFIX } from '../catalog';
import type { PolicyRule } from './types';
import { removeItemFixes } from '../fixes/actionFixes';

/** KP205: a non-kms action in a key policy. */
export const nonKmsAction: PolicyRule = {
  code: 'KP205',
  name: 'non-kms-action',
  severity: 'warning',
  summary: 'An action of another service; it has no effect in a key policy.',
  check(ctx) {
    for (const ai of ctx.facts.actionItems) {
      const shape = ai.shape;
      if (shape.kind !== 'action' || shape.serviceWildcard) continue;
      const service = shape.service.toLowerCase();
      if (service === KMS_PREFIX || !isKnownService(service)) continue;
      ctx.report({
        at: ai.item,
        message: `"${ai.item.value}" is not a KMS action: a key policy only governs requests to this key, so it has no effect here. Grant it in an IAM policy or in the ${shape.service} resource's own policy.`,
        unnecessary: true,
        ...removeItemFixes(ai),
      });
    }
  },
};
