/**
 * KP401: a condition operator that does not exist: a misspelt or miscased name (`stringequals`), an unknown
 * set qualifier (`ForAnyValues:`), or a bad suffix (`StringEqualsIfExist`) (Access Analyzer
 * INVALID_CONDITION_OPERATOR). KMS rejects the policy. `Null…IfExists` is KP410's.
 */
import { checkOperator } from '../catalog/index';
import type { Fix, PolicyRule } from './types';
import { replaceString } from './edits';

const WHY: Record<string, string> = {
  empty: 'An empty operator name is not valid',
  unknownQualifier: 'The part before ":" must be ForAllValues or ForAnyValue',
  wrongCase: 'Operator names are case-sensitive',
  unknown: 'There is no such condition operator',
};

/** KP401 unknown-condition-operator. */
export const unknownConditionOperator: PolicyRule = {
  code: 'KP401',
  name: 'unknown-condition-operator',
  severity: 'error',
  summary: 'A condition operator that does not exist (misspelt, wrong case, bad qualifier or suffix).',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      const written = new Set((s.condition?.clauses ?? []).map((c) => c.operator.value));
      for (const clause of s.condition?.clauses ?? []) {
        const result = checkOperator(clause.operator.value);
        if (result.ok || result.problem === 'ifExistsNotAllowed') continue;
        // Renaming onto an operator the Condition already has would duplicate a member: no fix then.
        const usable = result.suggestions.filter((sug) => !written.has(sug));
        const fixes: Fix[] = usable.map((sug, i) => ({
          title: `Change to "${sug}"`,
          edits: [replaceString(clause.operator, sug)],
          ...(i === 0 && (result.problem === 'wrongCase' || usable.length === 1) ? { preferred: true } : {}),
        }));
        const meant = result.suggestions.length > 0 ? ` Did you mean ${result.suggestions.map((x) => `"${x}"`).join(' or ')}?` : '';
        ctx.report({
          at: clause.operator,
          message: `"${clause.operator.value}" is not a condition operator: ${WHY[result.problem]}, so KMS rejects the policy.${meant}`,
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      }
    }
  },
};
