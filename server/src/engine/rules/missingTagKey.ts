/**
 * KP405: a templated key written without its variable part: `aws:ResourceTag/`, `aws:RequestTag/`,
 * `aws:PrincipalTag/`, `kms:EncryptionContext:` (Access Analyzer MISSING_TAG_KEY_IN_CONDITION).
 */
import { templateOfPrefix } from '../catalog/index';
import type { PolicyRule } from './types';

/** KP405 missing-tag-key. */
export const missingTagKey: PolicyRule = {
  code: 'KP405',
  name: 'missing-tag-key',
  severity: 'error',
  summary: 'A tag or encryption-context condition key with nothing after its prefix (aws:ResourceTag/).',
  check(ctx) {
    for (const { entry, key } of ctx.facts.conditions) {
      const written = entry.key.value;
      const template = templateOfPrefix(key);
      if (!template?.template) continue;
      const what = template.template.variable === 'TagKey' ? 'tag key' : template.template.variable.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
      ctx.report({
        at: entry.key,
        message: `"${written}" names no ${what}: write the ${what} after the prefix, e.g. "${template.template.prefix}Department". As written the key names nothing, and Access Analyzer rejects it.`,
      });
    }
  },
};
