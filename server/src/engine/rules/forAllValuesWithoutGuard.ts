/**
 * KP422: ForAllValues on a multi-valued key in an Allow with no guard. ForAllValues is true when the
 * request carries no values, so the Allow admits an empty encryption context, a key with no aliases or a
 * request with no tags (SEMANTICS §3 and §7.28). A Null:false or ForAnyValue test on the same key guards it, so
 * does a positive test on one of its members (an encryption-context pair, a request tag: AWS's own example), and
 * keys every request of the statement carries (kms:GrantOperations on CreateGrant) need no guard.
 */
import type { Fix, PolicyRule } from './types';
import { keyAlwaysPresent, valuesRequiredByStatement } from '../facts';
import { addConditionKey } from '../fixes/conditionEdits';

/** KP422 for-all-values-without-guard. */
export const forAllValuesWithoutGuard: PolicyRule = {
  code: 'KP422',
  name: 'for-all-values-without-guard',
  severity: 'warning',
  summary: 'ForAllValues in an Allow is true when the key has no values; guard it with Null:false.',
  check(ctx) {
    for (const { statement, entry, operator: op, catalogKey } of ctx.facts.conditions) {
      if (statement.effect?.value !== 'Allow') continue;
      if (op.qualifier !== 'ForAllValues' || op.family === 'Null') continue;
      const key = entry.key.value;
      // Single-valued keys are KP409's; unknown keys KP402's.
      if (!catalogKey?.info.multiValued || valuesRequiredByStatement(ctx.facts.of(statement), key)) continue;
      // A key every request of the statement carries with at least one value (kms:GrantOperations on CreateGrant).
      if (keyAlwaysPresent(ctx.facts.of(statement), key)) continue;
      const edit = addConditionKey(ctx.doc.text, statement, 'Null', key, 'false');
      const fixes: Fix[] = edit ? [{ title: `Also require "${key}" (Null: false)`, edits: [edit], preferred: true }] : [];
      ctx.report({
        at: entry.key,
        message: `ForAllValues is true when the request has no "${key}" values at all, so this Allow also admits requests without any. Add {"Null": {"${key}": "false"}} to require at least one value.`,
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  },
};
