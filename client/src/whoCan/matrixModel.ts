/**
 * The who-can matrix as the view draws it: one row per principal (or principal class), one cell per action,
 * rows grouped by account and kind. Built from either answer the server gives — the named answer
 * (kmsKeyPolicy/whoCanNamed, with IAM data) or the key-policy-only report (kmsKeyPolicy/whoCan, principal
 * classes) — so every who-can report is shown the same way. Pure: no vscode, tested in test/client.
 */
import type { ConditionJson, NamedPrincipal, NamedWhoCanAnswer, WhoCanReport } from '../../../shared/protocol';
import type { WhoDidSection } from './namedActivity';

/** A cell's decision, as the view words it. */
export type CellDecision = 'allowed' | 'conditional' | 'denied';

/** A statement that decides a cell. */
export interface MatrixStatement {
  /** "key policy statement 2 "Allow use of the key" (Allow)". */
  readonly label: string;
  /** The key-policy statement index, when the statement is in the key policy (the view can reveal it). */
  readonly keyPolicyIndex?: number;
}

/** One principal × action cell. */
export interface MatrixCell {
  readonly action: string;
  readonly decision: CellDecision;
  /** When a conditional cell holds: alternatives, each a conjunction in words. */
  readonly conditions: readonly string[];
  /** When it does not hold although `conditions` do. */
  readonly unless: readonly string[];
  readonly tooComplex: boolean;
  /** One sentence for people. */
  readonly reason: string;
  readonly viaChain: boolean;
  readonly statements: readonly MatrixStatement[];
}

/** A role chain drawn as a path: the principal, the roles it assumes, the actions at the end. */
export interface MatrixChain {
  /** Short names along the path, principal first. */
  readonly steps: readonly string[];
  /** The ARNs along the path (shown on hover). */
  readonly arns: readonly string[];
  readonly actions: readonly string[];
  readonly conditional: boolean;
}

/** One row of the matrix. */
export interface MatrixRow {
  readonly id: string;
  readonly name: string;
  /** ARN, account id, service principal or "*". */
  readonly principal: string;
  /** Kind in words: role, user, account, service, everyone, … */
  readonly kind: string;
  /** What else the principal needs, when the answer says ("an IAM allow in its own account"). */
  readonly note?: string;
  readonly cells: readonly MatrixCell[];
  readonly chains: readonly MatrixChain[];
}

/** Rows of one account and one kind. */
export interface MatrixGroup {
  readonly id: string;
  /** "Account 111122223333 · roles". */
  readonly label: string;
  readonly rows: readonly MatrixRow[];
}

/** The whole view. */
export interface MatrixModel {
  readonly title: string;
  /** True when the answer names principals from IAM data; false for principal classes of the key policy alone. */
  readonly named: boolean;
  readonly actions: readonly string[];
  readonly groups: readonly MatrixGroup[];
  /** One line: "4 roles, 1 user can kms:Decrypt (2 conditional)". */
  readonly summary: string;
  /** What was not supplied, and other limits of the answer. */
  readonly notes: readonly string[];
  /** The server's Markdown, for "Copy as Markdown". */
  readonly markdown: string;
  /** Who can vs who did by name (the live report, with IAM data and the key's CloudTrail activity). */
  readonly whoDid?: WhoDidSection;
  /** A section shown as text under the matrix (the class-based who can vs who did, or why the activity is missing). */
  readonly appendix?: { readonly title: string; readonly text: string };
}

/** The conditions of one alternative, in words: `StringEquals kms:ViaService "s3.us-east-1.amazonaws.com"`. */
export function conditionText(all: readonly ConditionJson[]): string {
  return all.map((c) => `${c.operator} ${c.key} ${c.values.length === 1 ? JSON.stringify(c.values[0]) : JSON.stringify(c.values)}`).join(' and ');
}

const SOURCE_WORDS: Readonly<Record<string, string>> = {
  'key-policy': 'key policy',
  identity: 'identity policy',
  boundary: 'permission boundary',
  scp: 'SCP',
  rcp: 'RCP',
  trust: 'trust policy',
  grant: 'grant',
};

const KIND_PLURAL: Readonly<Record<string, string>> = {
  role: 'roles',
  user: 'users',
  root: 'account roots',
  service: 'services',
  account: 'accounts',
  everyone: 'everyone',
  principal: 'principals',
  'external-account': 'external accounts',
};

const plural = (kind: string): string => KIND_PLURAL[kind] ?? `${kind}s`;

/**
 * The matrix of a named answer (IAM data supplied). `summary` is the server's one-line answer (the lens's words),
 * shown as "Answer: …".
 */
export function matrixFromNamed(title: string, answer: NamedWhoCanAnswer, markdown: string, summary: string | undefined): MatrixModel {
  const rows = answer.principals.map((p, i) => namedRow(p, i));
  const groups = groupRows(rows, (r, i) => groupOf(answer.principals[i]!.account, answer.principals[i]!.kind, r.kind));
  const line = summary === undefined ? `${rows.length} principals named.` : `Answer: ${summary}${summary.endsWith('.') ? '' : '.'}`;
  return { title, named: true, actions: answer.actions, groups, summary: line, notes: [...answer.notSupplied, ...answer.caveats], markdown };
}

function namedRow(p: NamedPrincipal, i: number): MatrixRow {
  return {
    id: `r${i}`,
    name: p.name,
    principal: p.arn,
    kind: p.kind,
    cells: p.cells.map((c) => ({
      action: c.action,
      decision: c.decision,
      conditions: (c.residual?.any ?? []).filter((x) => x.length > 0).map(conditionText),
      unless: (c.residual?.unless ?? []).map(conditionText),
      tooComplex: c.residual?.tooComplex === true,
      reason: c.reason,
      viaChain: c.via === 'chain',
      statements: c.decidedBy.map((s) => ({
        label: `${SOURCE_WORDS[s.source] ?? s.source}${s.source === 'key-policy' ? '' : ` ${s.policy}`}${s.index !== undefined ? ` statement ${s.index + 1}` : ''}${s.sid !== undefined ? ` "${s.sid}"` : ''} (${s.effect})`,
        ...(s.source === 'key-policy' && s.index !== undefined ? { keyPolicyIndex: s.index } : {}),
      })),
    })),
    chains: p.chains.map((c) => ({ steps: c.path.map(shortName), arns: c.path, actions: c.actions, conditional: c.conditional })),
  };
}

/** The short name of an ARN: the last part of its resource (`role/ci/DeployRole` → DeployRole). */
export function shortName(arn: string): string {
  if (!arn.startsWith('arn:')) return arn;
  const resource = arn.split(':').slice(5).join(':');
  return resource === 'root' ? `${arn.split(':')[4]} root` : (resource.split('/').pop() ?? arn);
}

const ACCOUNT = /^\d{12}$/;

/** The account of a principal class (its ARN's account, or the account id itself). */
function accountOf(principal: string): string | undefined {
  if (ACCOUNT.test(principal)) return principal;
  const a = principal.startsWith('arn:') ? principal.split(':')[4] : undefined;
  return a && ACCOUNT.test(a) ? a : undefined;
}

function groupOf(account: string | undefined, kind: string, kindWords: string): string {
  if (kind === 'service') return 'Services';
  if (kind === 'everyone') return 'Everyone';
  return account ? `Account ${account} · ${plural(kindWords)}` : plural(kindWords);
}

/** Rows grouped by a label, groups in first-seen order. */
function groupRows(rows: readonly MatrixRow[], label: (r: MatrixRow, i: number) => string): MatrixGroup[] {
  const groups = new Map<string, MatrixRow[]>();
  rows.forEach((r, i) => {
    const l = label(r, i);
    let g = groups.get(l);
    if (!g) groups.set(l, (g = []));
    g.push(r);
  });
  return [...groups].map(([l, rs], i) => ({ id: `g${i}`, label: l, rows: rs }));
}

const CLASS_DECISION: Readonly<Record<string, CellDecision>> = { allow: 'allowed', conditional: 'conditional', denied: 'denied' };

/** The matrix of a key-policy-only report: one row per principal class, as today's report lists them. */
export function matrixFromReport(title: string, report: Pick<WhoCanReport, 'actions' | 'principals' | 'notes' | 'markdown'>, summary: string): MatrixModel {
  // Classes that reach the capability by escalation hold other actions (kms:PutKeyPolicy, kms:CreateGrant…): their columns follow.
  const actions = [...new Set([...report.actions, ...report.principals.flatMap((p) => p.actions)])];
  const rows = report.principals.map((p, i): MatrixRow => {
    const decision = CLASS_DECISION[p.decision] ?? 'denied';
    const statements = p.statements.map((s) => ({
      label: `key policy statement ${s.index + 1}${s.sid !== undefined ? ` "${s.sid}"` : ''} (${s.effect})`,
      keyPolicyIndex: s.index,
    }));
    const conditions = p.conditions.filter((x) => x.length > 0).map(conditionText);
    const reason =
      decision === 'allowed'
        ? 'allowed by the key policy'
        : decision === 'conditional'
          ? p.tooComplex
            ? 'conditions too complex to list'
            : 'allowed when the conditions hold'
          : 'denied by the key policy';
    return {
      id: `r${i}`,
      name: classLabel(p.principal, p.kind),
      principal: p.principal,
      kind: p.kind,
      ...(p.requires === 'iam' ? { note: 'also needs an IAM allow in its own account' } : {}),
      ...(p.requires === 'iam-if-external' ? { note: 'needs an IAM allow in its own account when outside the key account' } : {}),
      cells: actions.map((action) =>
        p.actions.includes(action)
          ? {
              action,
              decision,
              conditions,
              unless: (p.unless ?? []).map(conditionText),
              tooComplex: p.tooComplex === true,
              reason,
              viaChain: false,
              statements,
            }
          : { action, decision: 'denied', conditions: [], unless: [], tooComplex: false, reason: 'not allowed to this class', viaChain: false, statements: [] },
      ),
      chains: [],
    };
  });
  const groups = groupRows(rows, (r) => {
    const account = accountOf(r.principal);
    if (r.kind === 'service' || r.kind === 'everyone') return groupOf(undefined, r.kind, r.kind);
    return account ? `Account ${account}` : 'Other principals';
  });
  return { title, named: false, actions, groups, summary, notes: report.notes, markdown: report.markdown };
}

const ESCALATION = ' (by escalation)';

function classLabel(principal: string, kind: string): string {
  const base = kind.endsWith(ESCALATION) ? kind.slice(0, -ESCALATION.length) : kind;
  const label =
    base === 'account' || base === 'external-account' ? `IAM principals of ${principal}` : principal === '*' ? 'Everyone (*)' : shortName(principal);
  return base === kind ? label : `${label}, by escalation`;
}

/** Every decision a row's cells hold, space-separated (what the decision filter matches). */
export function rowDecisions(row: MatrixRow): string {
  return [...new Set(row.cells.map((c) => c.decision))].join(' ');
}

/** What the text filter searches in a row: its name, principal, kind and chain steps, lower-cased. */
export function rowSearchText(row: MatrixRow): string {
  return [row.name, row.principal, row.kind, ...row.chains.flatMap((c) => c.arns)].join(' ').toLowerCase();
}

/**
 * Whether a row passes the view's filter: the text (case-insensitive substring of the row's search text) and
 * the decision ("" for any). Self-contained (no closures, no helpers): the webview's script embeds its source.
 */
export function rowMatches(searchText: string, decisions: string, query: string, decision: string): boolean {
  const q = query.trim().toLowerCase();
  if (q !== '' && searchText.indexOf(q) < 0) return false;
  if (decision !== '' && (' ' + decisions + ' ').indexOf(' ' + decision + ' ') < 0) return false;
  return true;
}
