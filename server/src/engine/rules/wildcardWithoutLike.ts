/**
 * KP413: `*` or `?` in a value of a String operator that does not glob (StringEquals, StringNotEquals and
 * the IgnoreCase forms). There they are literal characters, so the value almost never matches (Access
 * Analyzer WILDCARD_WITHOUT_LIKE_OPERATOR).
 */
import type { Fix, PolicyRule } from './types';
import { formatOperator } from '../catalog';
import { moveConditionKey } from '../fixes/conditionEdits';

const LIKE_OF: Record<string, string> = { StringEquals: 'StringLike', StringNotEquals: 'StringNotLike' };

/** True when the value has a `*` or `?` that is not part of a `${*}` / `${?}` escape. */
function hasWildcard(value: string): boolean {
  return /[*?]/.test(value.replace(/\$\{[*?$]\}/g, ''));
}

/** KP413 wildcard-without-like. */
export const wildcardWithoutLike: PolicyRule = {
  code: 'KP413',
  name: 'wildcard-without-like',
  severity: 'warning',
  summary: '* and ? are literal in StringEquals/StringNotEquals; use StringLike/StringNotLike to match patterns.',
  check(ctx) {
    for (const site of ctx.facts.conditions) {
      const op = site.operator;
      if (op.family !== 'String' || op.wildcards) continue;
      const likeBase = LIKE_OF[op.base];
      const target = likeBase ? formatOperator({ ...op, base: likeBase }) : undefined;
      for (const v of site.entry.values) {
        if (typeof v.value !== 'string' || !hasWildcard(v.value)) continue;
        const edits = target ? moveConditionKey(ctx.doc.text, site, target) : undefined;
        const fixes: Fix[] = target && edits ? [{ title: `Use ${target} for "${site.entry.key.value}"`, edits }] : [];
        ctx.report({
          at: v,
          message: `${site.clause.operator.value} compares "${v.value}" literally: "*" and "?" are wildcards only in StringLike and StringNotLike.${target ? ` Use ${target} if you meant a pattern.` : ' Use a Like operator (it is case-sensitive) if you meant a pattern.'}`,
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      }
    }
  },
};
