/**
 * KP406: condition values of mixed JSON types under one key (`["true", 1]`), or several values for a Bool
 * test (Access Analyzer INVALID_CONDITION_DATA_TYPE / INVALID_CONDITION_MULTIPLE_BOOLEAN). Nested arrays and
 * objects are KP101's.
 */
import type { PolicyRule } from './types';

/** KP406 invalid-condition-values. */
export const invalidConditionValues: PolicyRule = {
  code: 'KP406',
  name: 'invalid-condition-values',
  severity: 'error',
  summary: 'Condition values of one key must share one JSON type, and a Bool test takes a single value.',
  check(ctx) {
    for (const { clause, entry, operator: op } of ctx.facts.conditions) {
      if (op.family === 'Bool' && entry.values.length > 1) {
        ctx.report({
          at: entry.span,
          message: `${clause.operator.value} takes one value ("true" or "false"); with several, the test is either always true or contradictory. Keep one value.`,
        });
        continue;
      }
      const types = new Set(entry.values.map((v) => typeof v.value));
      if (types.size < 2) continue;
      ctx.report({
        at: entry.span,
        message: `The values of "${entry.key.value}" mix JSON types (${[...types].join(' and ')}); write them all the same way, e.g. all as strings.`,
      });
    }
  },
};
