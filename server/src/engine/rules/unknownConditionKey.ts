/**
 * KP402: a condition key that KMS requests never carry: an `aws:` or `kms:` key that does not exist
 * (Access Analyzer INVALID_GLOBAL_CONDITION_KEY / INVALID_SERVICE_CONDITION_KEY), or a key of another
 * service (`s3:prefix`), which a KMS request never has. Withdrawn global keys (`aws:ARN`) are KP404's.
 */
import { globalKeyNote, suggestConditionKeys, templateOfPrefix, wellFormedKey } from '../catalog';
import type { Fix, PolicyRule } from './types';
import { replaceString } from '../fixes/edits';

/** KP402 unknown-condition-key. */
export const unknownConditionKey: PolicyRule = {
  code: 'KP402',
  name: 'unknown-condition-key',
  severity: 'error',
  summary: 'A condition key that does not exist, or that belongs to another service and never reaches KMS.',
  check(ctx) {
    for (const { entry, catalogKey } of ctx.facts.conditions) {
      const key = entry.key.value;
      // Malformed keys are KP403's, bare template prefixes KP405's, withdrawn global keys (aws:ARN) KP404's.
      if (!wellFormedKey(key) || templateOfPrefix(key) || catalogKey || globalKeyNote(key)) continue;
      const service = key.slice(0, key.indexOf(':')).toLowerCase();
      const suggestions = suggestConditionKeys(key);
      // A bare template (`kms:EncryptionContext:${EncryptionContextKey}`) is shown, not written: the user picks the name.
      const concrete = suggestions.filter((x) => !x.includes('${'));
      const fixes: Fix[] = concrete.map((sug, i) => ({
        title: `Change to "${sug}"`,
        edits: [replaceString(entry.key, sug)],
        ...(i === 0 && concrete.length === 1 ? { preferred: true } : {}),
      }));
      const shown = suggestions.map((x) => `"${x.replace(/\$\{(\w+)\}/, '<$1>')}"`);
      const meant = shown.length > 0 ? ` Did you mean ${shown.join(' or ')}?` : '';
      if (service === 'kms' || service === 'aws') {
        ctx.report({
          at: entry.key,
          message: `"${key}" is not a${service === 'aws' ? ' global' : ' KMS'} condition key, so no request carries it and the condition never matches as intended.${meant}`,
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      } else {
        ctx.report({
          at: entry.key,
          severity: 'warning',
          message: `"${key}" is not a KMS or global condition key: KMS requests never carry ${service}: keys, so this test only ever sees an absent key.${meant}`,
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      }
    }
  },
};
