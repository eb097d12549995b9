/**
 * KP411: `ForAllValues:Null` or `ForAnyValue:Null`. Null tests whether the key is present at all; a set
 * qualifier adds nothing and makes the intent unclear (Access Analyzer NULL_WITH_QUALIFIER).
 */
import type { PolicyRule } from './types';
import { readOperator } from '../catalog';
import { replaceString } from '../fixes/edits';

/** KP411 null-with-qualifier. */
export const nullWithQualifier: PolicyRule = {
  code: 'KP411',
  name: 'null-with-qualifier',
  severity: 'info',
  summary: 'Null with ForAllValues/ForAnyValue: the qualifier adds nothing; use plain Null.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      for (const clause of s.condition?.clauses ?? []) {
        const op = readOperator(clause.operator.value);
        // ForAnyValue:NullIfExists is KP410's: one finding, whose fix (plain Null) also drops the qualifier.
        if (!op || op.family !== 'Null' || !op.qualifier || op.ifExists) continue;
        const plain = clause.operator.value.slice(clause.operator.value.indexOf(':') + 1);
        const clash = s.condition?.clauses.some((c) => c.operator.value === plain);
        ctx.report({
          at: clause.operator,
          message: `Null tests whether a key is present at all, so the ${op.qualifier} qualifier adds nothing. Use plain "${plain}".`,
          ...(clash ? {} : { fixes: [{ title: `Change to "${plain}"`, edits: [replaceString(clause.operator, plain)], preferred: true }] }),
        });
      }
    }
  },
};
