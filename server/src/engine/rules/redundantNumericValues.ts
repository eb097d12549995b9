/**
 * KP417: several values under a Numeric ordering operator (`NumericLessThan: [10, 20]`). Values are ORed,
 * so only the widest bound matters; the others are redundant (Access Analyzer REDUNDANT_CONDITION_VALUE_NUM).
 */
import type { PolicyRule } from './types';

/** KP417 redundant-numeric-values. */
export const redundantNumericValues: PolicyRule = {
  code: 'KP417',
  name: 'redundant-numeric-values',
  severity: 'info',
  summary: 'Several values for a Numeric ordering operator: only the widest bound matters.',
  check(ctx) {
    for (const { clause, entry, operator: op } of ctx.facts.conditions) {
      if (op.family !== 'Numeric' || op.negated || op.base === 'NumericEquals' || entry.values.length < 2) continue;
      const numbers = entry.values.map((v) => ({
        v,
        n: typeof v.value === 'number' ? v.value : typeof v.value === 'string' && v.value.trim() !== '' ? Number(v.value) : NaN,
      }));
      if (numbers.some((x) => Number.isNaN(x.n))) continue;
      const upper = op.base.startsWith('NumericLessThan');
      const widest = numbers.reduce((a, b) => (upper ? (b.n > a.n ? b : a) : b.n < a.n ? b : a));
      const raw = ctx.doc.text.slice(widest.v.offset, widest.v.offset + widest.v.length);
      ctx.report({
        at: entry.span,
        message: `${clause.operator.value} with several values matches if any one does, so only the ${upper ? 'largest' : 'smallest'} bound (${raw}) matters. Keep that one value.`,
        fixes: [{ title: `Keep only ${raw}`, edits: [{ offset: entry.span.offset, length: entry.span.length, newText: raw }], preferred: true }],
      });
    }
  },
};
