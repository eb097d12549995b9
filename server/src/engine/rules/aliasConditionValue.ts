/**
 * KP423: a `kms:RequestAlias` or `kms:ResourceAliases` value that is an alias ARN or lacks the `alias/`
 * prefix. These keys hold alias names (`alias/ExampleAlias`), so such a value never matches.
 */
import type { PolicyRule } from './types';
import { readOperator } from '../catalog';
import { replaceString } from '../fixes/edits';

const ALIAS_KEYS = new Set(['kms:requestalias', 'kms:resourcealiases']);

/** The alias name a value most likely means. */
function aliasName(value: string): string | undefined {
  const arn = /^arn:[^:]+:kms:[^:]*:[^:]*:(alias\/.+)$/.exec(value);
  if (arn) return arn[1];
  if (/^[A-Za-z0-9/_-]+$/.test(value) && !value.startsWith('alias/')) return `alias/${value}`;
  return undefined;
}

/** KP423 alias-condition-value. */
export const aliasConditionValue: PolicyRule = {
  code: 'KP423',
  name: 'alias-condition-value',
  severity: 'warning',
  summary: 'kms:RequestAlias and kms:ResourceAliases hold alias names (alias/Name), never ARNs.',
  check(ctx) {
    for (const { clause, entry } of ctx.facts.conditions) {
      if (!ALIAS_KEYS.has(entry.key.value.toLowerCase())) continue;
      const op = readOperator(clause.operator.value);
      if (!op || op.family !== 'String') continue;
      for (const v of entry.values) {
        if (typeof v.value !== 'string' || v.value.startsWith('alias/') || v.value.includes('${')) continue;
        // A pattern that starts with a wildcard can still match alias/…
        if (op.wildcards && /^[*?]/.test(v.value)) continue;
        const isArn = v.value.startsWith('arn:');
        const meant = aliasName(v.value);
        ctx.report({
          at: v,
          message: isArn
            ? `${entry.key.value} holds alias names such as "alias/ExampleAlias", not alias ARNs, so "${v.value}" never matches.${meant ? ` Use "${meant}".` : ''}`
            : `${entry.key.value} values start with "alias/", so "${v.value}" never matches.${meant ? ` Use "${meant}".` : ''}`,
          ...(meant ? { fixes: [{ title: `Change to "${meant}"`, edits: [replaceString(v, meant)], preferred: true }] } : {}),
        });
      }
    }
  },
};
