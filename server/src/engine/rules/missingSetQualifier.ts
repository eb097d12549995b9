/**
 * KP408: a multi-valued key (kms:EncryptionContextKeys, aws:TagKeys, kms:GrantOperations…) under an
 * operator without ForAnyValue or ForAllValues. How a plain operator treats a set of values is not
 * documented (Access Analyzer MISSING_QUALIFIER).
 */
import type { Fix, PolicyRule } from './types';
import { formatOperator } from '../catalog';
import { moveConditionKey } from '../fixes/conditionEdits';

/** KP408 missing-set-qualifier. */
export const missingSetQualifier: PolicyRule = {
  code: 'KP408',
  name: 'missing-set-qualifier',
  severity: 'error',
  summary: 'A multi-valued key needs ForAnyValue: or ForAllValues: before the operator.',
  check(ctx) {
    for (const site of ctx.facts.conditions) {
      const op = site.operator;
      if (op.qualifier || op.family === 'Null' || !site.catalogKey?.info.multiValued) continue;
      const key = site.entry.key.value;
      const fixes: Fix[] = [];
      for (const [qualifier, meaning] of [
        ['ForAnyValue', 'at least one value matches'],
        ['ForAllValues', 'every value matches'],
      ] as const) {
        const target = formatOperator({ ...op, qualifier });
        const edits = moveConditionKey(ctx.doc.text, site, target);
        if (edits) fixes.push({ title: `Use ${target} (${meaning})`, edits });
      }
      ctx.report({
        at: site.entry.key,
        message: `"${key}" is multi-valued, so ${site.clause.operator.value} needs a set qualifier: ForAnyValue:${op.base} (at least one value matches) or ForAllValues:${op.base} (every value matches; also true when there are none).`,
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  },
};
