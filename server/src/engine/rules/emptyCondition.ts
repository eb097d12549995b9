/**
 * KP412: an empty Condition, operator or value list (Access Analyzer EMPTY_OBJECT_CONDITION and
 * EMPTY_ARRAY_CONDITION*). An empty object constrains nothing; an empty value list never matches, or
 * matches only when the key is absent.
 */
import type { PolicyRule, Severity } from './types';
import { readOperator } from '../catalog';
import { removeMember } from '../fixes/edits';

/** KP412 empty-condition. */
export const emptyCondition: PolicyRule = {
  code: 'KP412',
  name: 'empty-condition',
  severity: 'info',
  summary: 'An empty Condition, operator or value list: it constrains nothing, or never matches.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      const condition = s.condition;
      if (!condition || condition.node.type !== 'object') continue;
      if ((condition.node.children ?? []).length === 0) {
        const edit = removeMember(condition.node);
        ctx.report({
          at: condition.span,
          message: 'This Condition is empty, so it constrains nothing. Remove it, or add the conditions you meant.',
          unnecessary: true,
          ...(edit ? { fixes: [{ title: 'Remove the empty Condition', edits: [edit], preferred: true }] } : {}),
        });
        continue;
      }
      for (const clause of condition.clauses) {
        if (clause.node.type !== 'object') continue;
        if ((clause.node.children ?? []).length === 0) {
          const edit = removeMember(clause.node);
          ctx.report({
            at: clause.span,
            message: `"${clause.operator.value}" lists no condition keys, so it constrains nothing. Remove it, or add the keys you meant.`,
            unnecessary: true,
            ...(edit ? { fixes: [{ title: `Remove the empty "${clause.operator.value}"`, edits: [edit], preferred: true }] } : {}),
          });
          continue;
        }
        const op = readOperator(clause.operator.value);
        for (const entry of clause.keys) {
          if (entry.node.type !== 'array' || (entry.node.children ?? []).length > 0) continue;
          const absentOnly = op && (op.ifExists || op.qualifier === 'ForAllValues');
          const never = op && !absentOnly && !op.negated && op.family !== 'Null';
          const deny = s.effect?.value === 'Deny';
          const severity: Severity | undefined = never && deny ? 'warning' : undefined;
          const effect = never
            ? deny
              ? 'never matches, so this Deny never applies'
              : 'never matches, so this statement grants nothing'
            : absentOnly
              ? 'matches only when the key is absent from the request'
              : 'has no documented meaning';
          ctx.report({
            at: entry.span,
            message: `"${entry.key.value}" has an empty value list under ${clause.operator.value}: the condition ${effect}. List the values you meant.`,
            ...(severity ? { severity } : {}),
          });
        }
      }
    }
  },
};
