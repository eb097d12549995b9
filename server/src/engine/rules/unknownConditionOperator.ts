/**
 * KP401: a condition operator that does not exist: a misspelt or miscased name (`stringequals`), an unknown
 * set qualifier (`ForAnyValues:`), or a bad suffix (`StringEqualsIfExist`) (Access Analyzer
 * INVALID_CONDITION_OPERATOR). KMS rejects the policy. `Null…IfExists` is KP410's. A misplaced clause (a
 * Condition nested in itself, or a key written where its operator goes: facts misplacedClause) is one mistake,
 * reported once here with the fix that mends it; the key rules do not read the operators under it as keys.
 */
import { checkOperator } from '../catalog/index';
import type { ConditionClause } from '../parse/model';
import type { Fix, PolicyRule, RuleContext } from './types';
import { replaceString } from '../fixes/edits';
import { mendMisplacedClause } from '../fixes/conditionEdits';
import { misplacedClause } from '../facts';
import type { Statement } from '../parse/model';
import { listNames } from '../messages';

/** Reports a misplaced clause once, with the edit that puts its parts where they belong; false when it is not one. */
function reportMisplaced(ctx: RuleContext, statement: Statement, clause: ConditionClause): boolean {
  const kind = misplacedClause(clause);
  if (!kind) return false;
  const written = clause.operator.value;
  const inner = listNames(
    clause.keys.map((k) => `"${k.key.value}"`),
    3,
  );
  const edit = mendMisplacedClause(ctx.doc.text, statement, clause, kind);
  const message =
    kind === 'nested'
      ? `"${written}" is not a condition operator: it holds the operator${clause.keys.length > 1 ? 's' : ''} ${inner} one level too deep (Condition takes operators directly), so KMS rejects the policy. Remove the "${written}" level and keep what it holds.`
      : `"${written}" is a condition key written where its operator goes: the operator comes first, {${JSON.stringify(clause.keys[0]?.key.value ?? 'StringEquals')}: {"${written}": …}}, so KMS rejects the policy as written.`;
  const title = kind === 'nested' ? `Remove the "${written}" level` : `Write {${JSON.stringify(clause.keys[0]?.key.value)}: {"${written}": …}}`;
  ctx.report({ at: clause.operator, message, ...(edit ? { fixes: [{ title, edits: [edit], preferred: true }] } : {}) });
  return true;
}

/** Suggestions from the catalog, or, when it has none, for the text with a misspelt IfExists suffix repaired. */
function suggestionsFor(written: string, fromCatalog: readonly string[]): readonly string[] {
  if (fromCatalog.length > 0) return fromCatalog;
  const stripped = written.replace(/if_?exi?s?t?s?$/i, '');
  if (stripped === written || stripped === '') return [];
  const repaired = checkOperator(`${stripped}IfExists`);
  return repaired.ok ? [repaired.parsed.text] : repaired.suggestions;
}

const WHY: Record<string, string> = {
  empty: 'an empty operator name is not valid',
  unknownQualifier: 'the part before ":" must be ForAllValues or ForAnyValue',
  wrongCase: 'operator names are case-sensitive',
  unknown: 'there is no such condition operator',
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
        if (result.ok || result.problem === 'ifExistsNotAllowed' || reportMisplaced(ctx, s, clause)) continue;
        // Renaming onto an operator the Condition already has would duplicate a member: no fix then.
        const suggestions = suggestionsFor(clause.operator.value, result.suggestions);
        const usable = suggestions.filter((sug) => !written.has(sug));
        const fixes: Fix[] = usable.map((sug, i) => ({
          title: `Change to "${sug}"`,
          edits: [replaceString(clause.operator, sug)],
          ...(i === 0 && (result.problem === 'wrongCase' || usable.length === 1) ? { preferred: true } : {}),
        }));
        const meant = suggestions.length > 0 ? ` Did you mean ${suggestions.map((x) => `"${x}"`).join(' or ')}?` : '';
        ctx.report({
          at: clause.operator,
          message: `"${clause.operator.value}" is not a condition operator: ${WHY[result.problem]}, so KMS rejects the policy.${meant}`,
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      }
    }
  },
};
