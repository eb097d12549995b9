/**
 * Condition tests that can never be true, so the statement that holds them can never match a request (an
 * Allow grants nothing, a Deny protects nothing), whatever its principals and actions:
 * - `empty-values`: an empty value list (`[]`) under a positive operator without IfExists (plain or
 *   ForAnyValue): no request value equals one of no values (SEMANTICS §3 "For an empty policy-value list");
 * - `fixed-value`: a test on a key every KMS request carries with the same value (catalog fixedValue) that this
 *   value fails (`Bool aws:SecureTransport false`), or `Null: true` on such a key.
 * Read as StatementFacts.impossibleTests and StatementFacts.canMatch; the rules that say what a statement
 * grants ask canMatch first.
 */
import { fixedValue, type FixedValue } from '../catalog';
import type { ConditionTest } from './conditions';

/** One test that never holds, and why. */
export interface ImpossibleTest {
  readonly test: ConditionTest;
  readonly reason: 'empty-values' | 'fixed-value';
  /** For `fixed-value`: the key's fixed value. */
  readonly fixed?: FixedValue;
}

/** Whether a test holds for the key's fixed values; undefined when the operator is not one this reads. */
function holdsFor(t: ConditionTest, values: readonly string[]): boolean | undefined {
  const listed = t.entry.values.map((v) => String(v.value));
  if (t.base === 'Null') return listed.length > 0 && listed.every((v) => v.toLowerCase() === 'false');
  if (t.operator.comparison !== 'equals' || (t.operator.family !== 'Bool' && t.operator.family !== 'String')) return undefined;
  const same = (a: string, b: string): boolean => (t.operator.family === 'Bool' || t.ignoresCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  const anyEqual = values.some((v) => listed.some((l) => same(v, l)));
  return t.negated ? !anyEqual : anyEqual;
}

/** The test as an impossible one, or undefined when it can hold. */
export function impossibleTest(t: ConditionTest): ImpossibleTest | undefined {
  if (!t.operator.valid) return undefined;
  const values = t.entry.values;
  if (t.entry.isArray && t.entry.node.type === 'array' && (t.entry.node.children ?? []).length === 0) {
    const never = !t.negated && !t.ifExists && t.qualifier !== 'ForAllValues' && t.base !== 'Null';
    return never ? { test: t, reason: 'empty-values' } : undefined;
  }
  const fixed = fixedValue(t.key);
  if (!fixed || values.length === 0) return undefined;
  return holdsFor(t, fixed.values) === false ? { test: t, reason: 'fixed-value', fixed } : undefined;
}
