/**
 * Cells as the answer's JSON: the residual written back as conditions (residual/describe.ts), the documents
 * that were not supplied as pseudo-conditions (a missing policy may allow or deny), and one sentence.
 */
import type { ConditionJson } from '../simulate/residual/describe';
import { describeResidual } from '../simulate/residual/describe';
import type { NamedCell, ResidualJson } from './answer';
import type { JoinedCell } from './join';

/** The pseudo-condition "a policy that was not supplied allows (or denies) it". */
export function missingCondition(names: readonly string[], allows: boolean): ConditionJson {
  return { operator: allows ? 'PolicyAllows' : 'PolicyDenies', key: '(policy document not supplied)', values: [...names] };
}

/** A joined cell as JSON. */
export function cellJson(action: string, cell: JoinedCell): NamedCell {
  const base = { action, decision: cell.decision, via: 'direct' as const, decidedBy: cell.decidedBy };
  if (cell.decision !== 'conditional') return { ...base, reason: sentence(cell.reason) };
  let residual: ResidualJson = { ...describeResidual(cell.residual), ...(cell.residual.tooComplex ? { tooComplex: true } : {}) };
  if (cell.missing.length > 0) {
    residual = {
      ...residual,
      any: cell.needsMissing ? residual.any.map((c) => [...c, missingCondition(cell.missing, true)]) : residual.any,
      unless: [...residual.unless, [missingCondition(cell.missing, false)]],
    };
  }
  const when = residual.tooComplex ? 'conditions too complex to list' : `only when ${residualText(residual)}`;
  return { ...base, residual, reason: sentence(cell.missing.length > 0 ? cell.reason : `${cell.reason}; ${when}`) };
}

function sentence(s: string): string {
  if (s === '') return s;
  // An action or ARN keeps its case ("kms:ScheduleKeyDeletion cannot …").
  const first = /^[a-z0-9-]+:/.test(s) ? s : s[0]!.toUpperCase() + s.slice(1);
  return first.endsWith('.') ? first : `${first}.`;
}

const SHORT: Readonly<Record<string, string>> = { StringEquals: '=', StringNotEquals: '≠', ArnEquals: '=', ArnLike: '~', StringLike: '~', ArnNotLike: '!~' };

/** One condition in a line: "kms:ViaService = s3.us-east-1.amazonaws.com". */
export function conditionText(c: ConditionJson): string {
  const op = SHORT[c.operator];
  const values = c.values.length === 1 ? c.values[0]! : `[${c.values.join(', ')}]`;
  if (c.values.length === 0) return `${c.operator} ${c.key}`;
  return op ? `${c.key} ${op} ${values}` : `${c.operator} ${c.key} ${values}`;
}

/** A residual in words: "a and b, or c; unless d". */
export function residualText(r: ResidualJson): string {
  const conj = (cs: readonly ConditionJson[]): string => (cs.length === 0 ? 'always' : cs.map(conditionText).join(' and '));
  const any = r.any.map(conj).join(', or ');
  return r.unless.length > 0 ? `${any}; unless ${r.unless.map(conj).join(', or ')}` : any;
}
