/**
 * KP101: an element holds the wrong JSON type (Effect is a number, Sid an array, Action a list of objects,
 * Condition values nested objects...). KMS rejects the policy as malformed; the rest of the engine skips
 * values it cannot read, so this rule is what makes them visible.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { Member, Span } from '../parse/model';
import { childPointer } from '../parse/text';
import type { PolicyRule, Report } from './types';
import { jsonTypeName, misplacedClause, nodeSpan } from '../facts';

type Reporter = (report: Report) => void;

const STRING_ELEMENTS: Readonly<Record<string, string>> = {
  Version: 'a string such as "2012-10-17"',
  Id: 'a string',
  Sid: 'a string',
  Effect: 'the string "Allow" or "Deny"',
};

const LIST_ELEMENTS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);

function mismatch(report: Reporter, at: Span, node: JsonNode, what: string, expected: string): void {
  report({
    at,
    message: `${what} must be ${expected}, not ${jsonTypeName(node)}. KMS rejects the policy as malformed; rewrite the value.`,
  });
}

/** A value that may be one string or a non-empty array of strings (Action, Resource, a principal type). */
function checkStringOrList(report: Reporter, node: JsonNode, span: Span, what: string): void {
  if (node.type === 'string') return;
  if (node.type !== 'array') {
    mismatch(report, span, node, what, 'a string or an array of strings');
    return;
  }
  // Spans and pointers are made only for the items reported (nearly always none).
  const items = node.children ?? [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as JsonNode;
    if (item.type !== 'string') mismatch(report, nodeSpan(item, childPointer(span.pointer, i)), item, `Each item of ${what}`, 'a string');
  }
}

function checkPrincipal(report: Reporter, m: Member): void {
  const node = m.node;
  const what = `"${m.name.value}"`;
  if (node.type === 'string') return;
  if (node.type !== 'object') {
    mismatch(report, m.value, node, what, '"*" or an object such as {"AWS": [...]}');
    return;
  }
  for (const prop of node.children ?? []) {
    const key = prop.children?.[0];
    const value = prop.children?.[1];
    if (!key || !value || typeof key.value !== 'string' || value.type === 'string') continue;
    checkStringOrList(report, value, nodeSpan(value, childPointer(m.value.pointer, key.value)), `"${m.name.value}.${key.value}"`);
  }
}

function isScalar(node: JsonNode): boolean {
  return node.type === 'string' || node.type === 'number' || node.type === 'boolean';
}

/** `skip`: the operator objects of misplaced clauses (KP401 reports those once; their members are operators). */
function checkCondition(report: Reporter, m: Member, skip: ReadonlySet<JsonNode>): void {
  const node = m.node;
  if (node.type !== 'object') {
    mismatch(report, m.value, node, '"Condition"', 'an object of operators, such as {"StringEquals": {...}}');
    return;
  }
  for (const opProp of node.children ?? []) {
    const opKey = opProp.children?.[0];
    const opValue = opProp.children?.[1];
    if (!opKey || !opValue || typeof opKey.value !== 'string') continue;
    if (opValue.type !== 'object') {
      mismatch(
        report,
        nodeSpan(opValue, childPointer(m.value.pointer, opKey.value)),
        opValue,
        `The value of operator "${opKey.value}"`,
        'an object of condition keys, such as {"kms:CallerAccount": "111122223333"}',
      );
      continue;
    }
    if (skip.has(opValue)) continue;
    for (const keyProp of opValue.children ?? []) {
      const key = keyProp.children?.[0];
      const value = keyProp.children?.[1];
      if (!key || !value || typeof key.value !== 'string' || isScalar(value)) continue;
      // Pointers are made only for what is reported (nearly always nothing).
      const keyPointer = (): string => childPointer(childPointer(m.value.pointer, opKey.value as string), key.value as string);
      if (value.type !== 'array') {
        mismatch(report, nodeSpan(value, keyPointer()), value, `The value of condition key "${key.value}"`, 'a string, number or boolean, or an array of them');
        continue;
      }
      const items = value.children ?? [];
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as JsonNode;
        if (!isScalar(item))
          mismatch(report, nodeSpan(item, childPointer(keyPointer(), i)), item, `Each value of condition key "${key.value}"`, 'a string, number or boolean');
      }
    }
  }
}

function checkStatementMember(report: Reporter, m: Member, skip: ReadonlySet<JsonNode>): void {
  const name = m.name.value;
  const expected = STRING_ELEMENTS[name];
  if (expected !== undefined) {
    if (m.node.type !== 'string') mismatch(report, m.value, m.node, `"${name}"`, expected);
  } else if (LIST_ELEMENTS.has(name)) {
    checkStringOrList(report, m.node, m.value, `"${name}"`);
  } else if (name === 'Principal' || name === 'NotPrincipal') {
    checkPrincipal(report, m);
  } else if (name === 'Condition') {
    checkCondition(report, m, skip);
  }
}

/** KP101: an element has the wrong JSON type. */
export const dataTypeMismatch: PolicyRule = {
  code: 'KP101',
  name: 'data-type-mismatch',
  severity: 'error',
  summary: 'An element has the wrong JSON type (e.g. Effect is a number, Action items are not strings); KMS rejects the policy.',
  check(ctx) {
    const report: Reporter = (r) => ctx.report(r);
    const { policy } = ctx;
    for (const m of policy.members) {
      if (m.value.length === 0) continue;
      const name = m.name.value;
      if (name === 'Version' || name === 'Id') {
        if (m.node.type !== 'string') mismatch(report, m.value, m.node, `"${name}"`, STRING_ELEMENTS[name] as string);
      } else if (name === 'Statement' && m.node.type !== 'object' && m.node.type !== 'array') {
        mismatch(report, m.value, m.node, '"Statement"', 'an object or an array of statement objects');
      }
    }
    for (const statement of policy.statements) {
      if (!statement.isObject) {
        if (policy.statementIsArray) mismatch(report, statement.span, statement.node, 'Each item of "Statement"', 'a statement object');
        continue;
      }
      const clauses = statement.condition?.clauses ?? [];
      const skip = new Set(clauses.filter((c) => misplacedClause(c) !== undefined).map((c) => c.node));
      for (const m of statement.members) if (m.value.length > 0) checkStatementMember(report, m, skip);
    }
  },
};
