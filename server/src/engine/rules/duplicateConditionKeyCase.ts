/**
 * KP420: two condition keys under one operator that differ only by case (`kms:ViaService` and
 * `kms:viaservice`). Key names are case-insensitive, so they are the same key twice (Access Analyzer
 * DUPLICATE_KEYS_WITH_DIFFERENT_CASE). Exact duplicates are KP004's.
 */
import type { PolicyRule } from './types';

/** KP420 duplicate-condition-key-case. */
export const duplicateConditionKeyCase: PolicyRule = {
  code: 'KP420',
  name: 'duplicate-condition-key-case',
  severity: 'error',
  summary: 'Two keys under one operator differ only by case; they are the same key.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      for (const clause of s.condition?.clauses ?? []) {
        const seen = new Map<string, (typeof clause.keys)[number]>();
        for (const entry of clause.keys) {
          const folded = entry.key.value.toLowerCase();
          const first = seen.get(folded);
          if (!first) {
            seen.set(folded, entry);
            continue;
          }
          if (first.key.value === entry.key.value) continue;
          ctx.report({
            at: entry.key,
            message: `"${entry.key.value}" and "${first.key.value}" are the same condition key (names ignore case), written twice under ${clause.operator.value}. Merge their values under one key.`,
            related: [{ ...first.key, message: 'The same key, first written here' }],
          });
        }
      }
    }
  },
};
