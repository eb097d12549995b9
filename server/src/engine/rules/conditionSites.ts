/**
 * Shared walk over condition blocks, and the condition edits the KP4xx quick fixes need (add a key under an
 * operator, move a key to another operator). Edits keep the document valid JSON.
 */
import { getNodeValue } from 'jsonc-parser';
import type { ConditionClause, ConditionKeyEntry, Statement, Policy } from '../parse/model';
import type { TextEditSpec } from './types';
import { insertMember, removeMember, replaceString } from './edits';
import { memoByObject } from '../memo';

/** One condition key together with its operator and statement. */
export interface ConditionSite {
  readonly statement: Statement;
  readonly clause: ConditionClause;
  readonly entry: ConditionKeyEntry;
}

/** Every condition key of every statement, in document order; walked once per parsed policy (twenty rules ask). */
export const conditionSites: (policy: Policy) => readonly ConditionSite[] = memoByObject(walkSites);

function walkSites(policy: Policy): ConditionSite[] {
  const out: ConditionSite[] = [];
  for (const statement of policy.statements) {
    for (const clause of statement.condition?.clauses ?? []) {
      for (const entry of clause.keys) out.push({ statement, clause, entry });
    }
  }
  return out;
}

/**
 * The edit that adds `key: value` under `operator` in a statement: into the existing operator object, or a
 * new operator in the Condition, or a new Condition. Undefined when the key is already under that operator
 * or the Condition is not an object.
 */
export function addConditionKey(text: string, statement: Statement, operator: string, key: string, value: unknown): TextEditSpec | undefined {
  const condition = statement.condition;
  if (!condition) return insertMember(text, statement.node, 'Condition', { [operator]: { [key]: value } });
  if (condition.node.type !== 'object') return undefined;
  const clause = condition.clauses.find((c) => c.operator.value === operator);
  if (!clause) return insertMember(text, condition.node, operator, { [key]: value });
  if (clause.node.type !== 'object' || clause.keys.some((k) => k.key.value.toLowerCase() === key.toLowerCase())) return undefined;
  return insertMember(text, clause.node, key, value);
}

/**
 * The edits that put a condition key under another operator, values unchanged: renaming the operator when
 * the key is alone under it, otherwise moving the member. Undefined when the move cannot be done cleanly.
 */
export function moveConditionKey(text: string, site: ConditionSite, operator: string): TextEditSpec[] | undefined {
  const { statement, clause, entry } = site;
  const target = statement.condition?.clauses.find((c) => c.operator.value === operator);
  if (clause.keys.length === 1 && !target) return [replaceString(clause.operator, operator)];
  const keyNode = entry.node.parent?.children?.[0];
  // Alone under its operator: drop the whole operator rather than leave an empty object behind.
  const remove = clause.keys.length === 1 ? removeMember(clause.node) : keyNode ? removeMember(keyNode) : undefined;
  const add = addConditionKey(text, statement, operator, entry.key.value, getNodeValue(entry.node));
  return remove && add ? [remove, add] : undefined;
}
