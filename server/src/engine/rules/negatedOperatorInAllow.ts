/**
 * KP421: a negated operator (StringNotEquals, ArnNotLike, NotIpAddress…) in an Allow. A negated operator
 * is true when the key is absent, so the Allow also applies to every request that lacks the key
 * (SEMANTICS §3 and §7.29). Quiet for keys that every request of the statement's actions carries, and when
 * the statement also requires the key (a Null:false guard or a positive test on the same key).
 */
import type { Fix, PolicyRule } from './types';
import { keyAlwaysPresent, keyRequiredByStatement } from '../facts';
import { addConditionKey } from '../fixes/conditionEdits';

/** KP421 negated-operator-in-allow. */
export const negatedOperatorInAllow: PolicyRule = {
  code: 'KP421',
  name: 'negated-operator-in-allow',
  severity: 'warning',
  summary: 'A negated operator in an Allow is also true when the key is absent from the request.',
  check(ctx) {
    for (const site of ctx.facts.conditions) {
      const { statement, clause, entry } = site;
      if (statement.effect?.value !== 'Allow') continue;
      const op = site.operator;
      if (!op.negated || op.qualifier || op.family === 'Null') continue;
      const key = entry.key.value;
      if (keyAlwaysPresent(ctx.facts.of(statement), key) || keyRequiredByStatement(ctx.facts.of(statement), key)) continue;
      const edit = addConditionKey(ctx.doc.text, statement, 'Null', key, 'false');
      const fixes: Fix[] = edit ? [{ title: `Also require "${key}" (Null: false)`, edits: [edit] }] : [];
      ctx.report({
        at: entry.key,
        message: `${clause.operator.value} is also true when "${key}" is absent, so this Allow also applies to requests that do not carry the key at all. If the key must be present, add {"Null": {"${key}": "false"}}.`,
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  },
};
