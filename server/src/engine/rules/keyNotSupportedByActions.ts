/**
 * KP418: a condition key that none of the statement's actions carries, such as kms:EncryptionContext:<k> on
 * a statement that allows only kms:DescribeKey (Access Analyzer UNSUPPORTED_ACTION_FOR_CONDITION_KEY). The key
 * is always absent, so a positive test kills the statement and a negated test is vacuous. Reported only when
 * no action the statement matches supports the key; global keys apply to every action.
 */
import type { PolicyRule } from './types';
import { readOperator } from '../catalog';
import { findConditionKey } from '../catalog';

/** KP418 key-not-supported-by-actions. */
export const keyNotSupportedByActions: PolicyRule = {
  code: 'KP418',
  name: 'key-not-supported-by-actions',
  severity: 'warning',
  summary: "A condition key that none of the statement's actions carries: the test always sees an absent key.",
  check(ctx) {
    for (const { statement, clause, entry } of ctx.facts.conditions) {
      const match = findConditionKey(entry.key.value);
      if (!match || match.info.actions === 'all') continue;
      const supporting = match.info.actions;
      const actions = ctx.facts.of(statement).covered;
      // What actionSupportsKey asks, with the key's facts already at hand.
      if (!actions || actions.some((a) => supporting.includes(a.name))) continue;
      const op = readOperator(clause.operator.value);
      const vacuous =
        op &&
        (op.negated ||
          op.ifExists ||
          op.qualifier === 'ForAllValues' ||
          (op.family === 'Null' && entry.values.every((v) => String(v.value).toLowerCase() === 'true')));
      const listed = actions.length <= 3 ? actions.map((a) => a.fullName).join(', ') : `${actions.length} actions`;
      const outcome = !op
        ? 'the test always sees an absent key'
        : vacuous
          ? 'this test is always true and restricts nothing'
          : statement.effect?.value === 'Deny'
            ? 'this test is always false and the Deny never applies'
            : 'this test is always false and the statement never applies';
      ctx.report({
        at: entry.key,
        message: `No request for ${listed} carries "${match.canonical}", so ${outcome}. Move the condition to a statement with actions that support the key (e.g. kms:${supporting[0] ?? ''}).`,
      });
    }
  },
};
