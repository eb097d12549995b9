/**
 * What the CLI prints: the JSON shapes of `simulate` and `who-can` (plain serialisable objects), and human text
 * for both — an explanation a person can follow, and a table read at a glance.
 */
import type { ConditionJson } from './residual/describe';
import { describeResidual } from './residual/describe';
import type { PrincipalClass, StatementRef, WhoCanResult } from './residual/whoCan';
import type { ConditionExplanation, Decision, StatementExplanation } from './types';

/** `simulate --json`. */
export interface SimulateJson {
  readonly decision: 'allow' | 'deny';
  readonly reason: string;
  readonly statements: readonly StatementExplanation[];
}

/** One who-can row as JSON. */
export interface WhoCanPrincipalJson {
  /** ARN, account id, service principal or "*". */
  readonly principal: string;
  readonly kind: string;
  readonly decision: 'allow' | 'conditional' | 'denied';
  /**
   * Alternatives: the row holds when every condition of one inner list holds. Empty for allow. For denied
   * rows, when the Deny applies (empty: always).
   */
  readonly conditions: readonly (readonly ConditionJson[])[];
  readonly statements: readonly StatementRef[];
  /** The analysed actions this row is about. */
  readonly actions: readonly string[];
  /** What a member needs besides the key policy: none, iam, iam-if-external. */
  readonly requires: string;
  /** Present when some Denies could not be folded in: the row does not hold when one of these lists holds. */
  readonly unless?: readonly (readonly ConditionJson[])[];
  /**
   * Present (true) when the conditions are too complex to list: the analysis's work budget ran out, or they
   * are too many. The row is then conditional, `conditions` is empty and `unless` absent.
   */
  readonly tooComplex?: true;
}

/** What the text reports say for a row whose conditions are too complex to list. */
export const TOO_COMPLEX = 'conditions too complex to list';

/** `who-can --json`. */
export interface WhoCanJson {
  readonly actions: readonly string[];
  readonly principals: readonly WhoCanPrincipalJson[];
  readonly caveats: readonly string[];
}

/** The JSON `simulate` prints. */
export function simulateJson(d: Decision): SimulateJson {
  return { decision: d.decision, reason: d.reason, statements: d.statements };
}

/** One who-can row as JSON. */
export function principalJson(c: PrincipalClass): WhoCanPrincipalJson {
  const row = {
    principal: c.principal,
    kind: c.kind,
    decision: c.decision,
    statements: c.statements,
    actions: c.actions,
    requires: c.requires,
  };
  if (tooComplex(c)) return { ...row, conditions: [], tooComplex: true };
  const { any, unless } = describeResidual(c.residual);
  const conditions = c.decision === 'allow' ? [] : any.filter((x) => x.length > 0);
  return { ...row, conditions, ...(unless.length > 0 ? { unless } : {}) };
}

/** Whether a row's conditions are too complex to list (only ever for a conditional row). */
export function tooComplex(c: PrincipalClass): boolean {
  return c.decision === 'conditional' && c.residual.tooComplex === true;
}

/** The JSON `who-can` prints. */
export function whoCanJson(r: WhoCanResult): WhoCanJson {
  return { actions: r.actions, principals: r.classes.map(principalJson), caveats: r.caveats };
}

function conditionText(c: ConditionJson): string {
  return `${c.operator} ${c.key} ${c.values.length === 1 ? JSON.stringify(c.values[0]) : JSON.stringify(c.values)}`;
}

function requestValues(c: ConditionExplanation): string {
  return c.requestValues === null ? 'absent' : c.requestValues.length === 1 ? JSON.stringify(c.requestValues[0]) : JSON.stringify(c.requestValues);
}

const mark = (ok: boolean): string => (ok ? '✓' : '✗');

function statementTitle(s: StatementExplanation): string {
  const where = policyWords(s.policy);
  return `${where} statement ${s.index + 1}${s.sid !== undefined ? ` "${s.sid}"` : ''} (${s.effect || 'no Effect'})`;
}

/** The explanation of a decision, for people. */
export function renderDecision(d: Decision): string {
  const lines: string[] = [];
  lines.push(`${d.decision.toUpperCase()}  ${d.action} by ${d.caller}  [${d.reason}]`);
  lines.push(`  ${d.summary}`);
  lines.push('');
  lines.push('Statements:');
  for (const s of d.statements) {
    lines.push(`  ${s.applies ? '●' : '○'} ${statementTitle(s)}: ${s.applies ? 'applies' : 'does not apply'}`);
    if (s.inert) {
      lines.push(`      inert: ${s.inert}`);
      continue;
    }
    lines.push(`      ${mark(s.principal.matched)} principal  ${s.principal.detail}`);
    lines.push(`      ${mark(s.action.matched)} action     ${s.action.detail}`);
    lines.push(`      ${mark(s.resource.matched)} resource   ${s.resource.detail}`);
    for (const c of s.conditions) {
      lines.push(
        `      ${mark(c.matched)} condition  ${c.operator} ${c.key} ${JSON.stringify(c.values)}; request: ${requestValues(c)}${c.note ? ` (${c.note})` : ''}`,
      );
    }
  }
  if (d.grants.length > 0) {
    lines.push('');
    lines.push('Grants:');
    for (const g of d.grants) lines.push(`  ${g.applies ? '●' : '○'} ${g.grant}: ${g.detail}`);
  }
  lines.push('');
  lines.push(`IAM policies of the caller: ${d.iam === 'not-given' ? 'not given (taken to allow nothing)' : d.iam}`);
  lines.push(`Key state: ${d.keyState.state}${d.keyState.blocks ? ` (refuses ${d.action})` : ''}`);
  const derived = Object.entries(d.derivedContext);
  if (derived.length > 0) {
    lines.push('Context derived from the request:');
    for (const [k, v] of derived) lines.push(`  ${k} = ${v.length === 1 ? v[0] : JSON.stringify(v)}`);
  }
  for (const c of d.caveats) lines.push(`Note: ${c}`);
  return lines.join('\n') + '\n';
}

function rowConditions(c: PrincipalClass): string {
  if (c.decision === 'allow') return '—';
  if (tooComplex(c)) return `(${TOO_COMPLEX})`;
  const { any, unless } = describeResidual(c.residual);
  const alt = any.map((x) => (x.length === 0 ? 'always' : x.map(conditionText).join(' AND ')));
  let text = alt.length > 0 ? alt.join('  OR  ') : c.decision === 'denied' ? 'always' : '—';
  if (unless.length > 0) text += `  UNLESS ${unless.map((x) => x.map(conditionText).join(' AND ')).join('  OR  ')}`;
  return text;
}

function statementsText(refs: readonly StatementRef[]): string {
  return refs.map((r) => `${r.effect === 'Deny' ? '-' : '+'}${r.sid !== undefined ? r.sid : `#${r.index}`}`).join(' ');
}

function shortActions(actions: readonly string[]): string {
  return actions.map((a) => a.replace(/^kms:/, '')).join(',');
}

/** A who-can answer as a table, for people. */
export function renderWhoCan(r: WhoCanResult): string {
  const header = ['PRINCIPAL', 'KIND', 'DECISION', 'ACTIONS', 'NEEDS', 'STATEMENTS', 'CONDITIONS'];
  const rows = r.classes.map((c) => [
    c.principal,
    c.kind,
    c.decision,
    shortActions(c.actions),
    c.requires === 'none' ? '—' : c.requires === 'iam' ? 'IAM allow' : 'IAM if other acct',
    statementsText(c.statements),
    rowConditions(c),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [`Who can ${r.actions.join(', ')}${r.key.arn ? ` on ${r.key.arn}` : r.key.account ? ` on a key in account ${r.key.account}` : ''}`, ''];
  if (rows.length === 0) lines.push('  Nobody.');
  else {
    lines.push(fmt(header));
    for (const row of rows) lines.push(fmt(row));
  }
  lines.push('');
  for (const c of r.caveats) lines.push(`Note: ${c}`);
  return lines.join('\n') + '\n';
}

/** How the explanation names a policy label: key-policy, identity:<n>, boundary, scp:<level>:<n>, rcp:<level>:<n>. */
function policyWords(label: string): string {
  if (label === 'key-policy') return 'key policy';
  if (label === 'boundary') return 'permissions boundary';
  const [kind, a, b] = label.split(':');
  if (kind === 'scp' || kind === 'rcp') return `${kind.toUpperCase()} ${b} at level ${a}`;
  return `identity policy ${a ?? ''}`;
}
