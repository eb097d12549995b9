/**
 * KP410: `NullIfExists` (with or without a set qualifier). Null already tests whether the key exists; the
 * IfExists form is not an operator (Access Analyzer NULL_WITH_IF_EXISTS), and the policy is rejected. The fix
 * is plain `Null`: a qualifier on Null adds nothing either (KP411, which leaves these to this rule).
 */
import type { PolicyRule } from './types';
import { readOperator } from '../catalog';
import { replaceString } from '../fixes/edits';

/** KP410 null-with-if-exists. */
export const nullWithIfExists: PolicyRule = {
  code: 'KP410',
  name: 'null-with-if-exists',
  severity: 'error',
  summary: 'Null cannot take IfExists: it already tests whether the key is present.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      for (const clause of s.condition?.clauses ?? []) {
        const op = readOperator(clause.operator.value);
        if (!op || op.family !== 'Null' || !op.ifExists) continue;
        // Plain Null: a set qualifier adds nothing to Null either (KP411), so one fix mends both.
        const fixed = 'Null';
        const clash = s.condition?.clauses.some((c) => c.operator.value === fixed);
        ctx.report({
          at: clause.operator,
          message: `"${clause.operator.value}" is not an operator: Null already tests whether a key is present, so it cannot take IfExists. Use "${fixed}".`,
          ...(clash ? {} : { fixes: [{ title: `Change to "${fixed}"`, edits: [replaceString(clause.operator, fixed)], preferred: true }] }),
        });
      }
    }
  },
};
