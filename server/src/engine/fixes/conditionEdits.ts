/**
 * The condition edits quick fixes need: add a key under an operator, move a key to another operator. Each
 * keeps the document valid JSON or is undefined when no clean edit exists.
 */
import { getNodeValue } from 'jsonc-parser';
import type { ConditionClause, ConditionKeyEntry, Statement } from '../parse/model';
import { insertMember, removeMember, replaceString, type TextEditSpec } from './edits';

/**
 * The edit that adds `key: value` under `operator` in a statement: into the existing operator object (when
 * it does not test `key` already), or a new operator member in the Condition, or a new Condition member in
 * the statement. Undefined when no clean edit exists (the key is there, the operator is written twice, or an
 * element is not an object).
 */
export function addConditionKey(text: string, statement: Statement, operator: string, key: string, value: unknown): TextEditSpec | undefined {
  if (!statement.isObject || statement.node.type !== 'object') return undefined;
  const condition = statement.condition;
  if (!condition) return insertMember(text, statement.node, 'Condition', { [operator]: { [key]: value } });
  if (condition.node.type !== 'object') return undefined;
  const clauses = condition.clauses.filter((c) => c.operator.value === operator);
  if (clauses.length > 1) return undefined;
  const clause = clauses[0];
  if (!clause) return insertMember(text, condition.node, operator, { [key]: value });
  if (clause.node.type !== 'object' || clause.keys.some((k) => k.key.value.toLowerCase() === key.toLowerCase())) return undefined;
  return insertMember(text, clause.node, key, value);
}

/** Where a condition key sits: its statement, operator clause and entry. */
export interface ConditionPlace {
  readonly statement: Statement;
  readonly clause: ConditionClause;
  readonly entry: ConditionKeyEntry;
}

/**
 * The edits that put a condition key under another operator, values unchanged: renaming the operator when
 * the key is alone under it, otherwise moving the member. Undefined when the move cannot be done cleanly.
 */
export function moveConditionKey(text: string, place: ConditionPlace, operator: string): TextEditSpec[] | undefined {
  const { statement, clause, entry } = place;
  const target = statement.condition?.clauses.find((c) => c.operator.value === operator);
  if (clause.keys.length === 1 && !target) return [replaceString(clause.operator, operator)];
  const keyNode = entry.node.parent?.children?.[0];
  // Alone under its operator: drop the whole operator rather than leave an empty object behind.
  const remove = clause.keys.length === 1 ? removeMember(clause.node) : keyNode ? removeMember(keyNode) : undefined;
  const add = addConditionKey(text, statement, operator, entry.key.value, getNodeValue(entry.node));
  return remove && add ? [remove, add] : undefined;
}

/**
 * The edit that mends a misplaced clause (facts misplacedClause): a `nested` one is replaced by the operators
 * it holds (one level up), a `swapped` one with a single operator by `"Operator": {"key": value}`. Undefined
 * when an operator it holds is already in the Condition (the result would repeat a member).
 */
export function mendMisplacedClause(text: string, statement: Statement, clause: ConditionClause, kind: 'nested' | 'swapped'): TextEditSpec | undefined {
  const others = new Set((statement.condition?.clauses ?? []).filter((c) => c !== clause).map((c) => c.operator.value));
  if (clause.keys.some((k) => others.has(k.key.value))) return undefined;
  const start = clause.operator.offset;
  const end = clause.node.offset + clause.node.length;
  if (kind === 'nested') {
    if (clause.node.type !== 'object') return undefined;
    return { offset: start, length: end - start, newText: text.slice(clause.node.offset + 1, end - 1).trim() };
  }
  const entry = clause.keys[0];
  if (clause.keys.length !== 1 || !entry) return undefined;
  const value = text.slice(entry.node.offset, entry.node.offset + entry.node.length);
  return {
    offset: start,
    length: end - start,
    newText: `${JSON.stringify(entry.key.value)}: {${JSON.stringify(clause.operator.value)}: ${value}}`,
  };
}
