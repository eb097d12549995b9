/**
 * KP424: a deprecated condition key: kms:CustomerMasterKeySpec and kms:CustomerMasterKeyUsage, replaced by
 * kms:KeySpec and kms:KeyUsage (SEMANTICS §7.48). The old keys never gained the newer key specs.
 */
import type { Fix, PolicyRule } from './types';
import { replaceString } from '../fixes/edits';

/** KP424 deprecated-condition-key. */
export const deprecatedConditionKey: PolicyRule = {
  code: 'KP424',
  name: 'deprecated-condition-key',
  severity: 'info',
  summary: 'A deprecated condition key (kms:CustomerMasterKeySpec/KeyUsage); use kms:KeySpec/kms:KeyUsage.',
  check(ctx) {
    for (const { clause, entry, catalogKey } of ctx.facts.conditions) {
      const replacement = catalogKey?.info.replacedBy;
      if (!replacement) continue;
      const clash = clause.keys.some((k) => k.key.value.toLowerCase() === replacement.toLowerCase());
      const fixes: Fix[] = clash ? [] : [{ title: `Change to "${replacement}"`, edits: [replaceString(entry.key, replacement)], preferred: true }];
      ctx.report({
        at: entry.key,
        message: `"${entry.key.value}" is deprecated; use "${replacement}", which also covers the newer key specs.`,
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  },
};
