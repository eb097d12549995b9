/**
 * Who can vs who did, by name: the named principals that can perform an action on the key (the named answer)
 * set against the key's CloudTrail activity (the activity report's groups), so the live report says which roles
 * and users used their access, which did not (unused named access), and who called without being able to. A join
 * of two answers the server gave; pure, tested in test/client.
 */
import type { ActivityGroupJson, NamedWhoCanAnswer } from '../../../shared/protocol';
import type { CellDecision } from './matrixModel';

/** One principal in the join. */
export interface WhoDidRow {
  readonly name: string;
  readonly principal: string;
  /** What the named answer says for the action; undefined when the answer does not name the principal. */
  readonly decision?: CellDecision;
  /** Successful calls of the action seen in the trail. */
  readonly calls: number;
  /** Calls denied. */
  readonly denied: number;
  /** The last call (ISO time). */
  readonly last?: string;
}

/** The join for one action. */
export interface WhoDidSection {
  readonly action: string;
  /** Named principals that can (allowed or conditional), used or not, then callers the answer does not list as able. */
  readonly rows: readonly WhoDidRow[];
}

/** The operation name of an action (`kms:Decrypt` → `Decrypt`). */
const operationOf = (action: string): string => action.replace(/^kms:/, '');

/** The IAM role or user ARN an activity principal stands for (sessions are grouped under their role already). */
function identityOf(principal: string): string {
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal);
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : principal;
}

/** Joins the named answer with the activity for `action` (default: the answer's first action). */
export function namedWhoDid(answer: NamedWhoCanAnswer, activity: readonly ActivityGroupJson[], action = answer.actions[0] ?? 'kms:Decrypt'): WhoDidSection {
  const used = new Map<string, { calls: number; denied: number; last?: string }>();
  for (const g of activity) {
    if ((g.action ?? `kms:${g.operation}`) !== action && g.operation !== operationOf(action)) continue;
    const id = identityOf(g.principal);
    const u = used.get(id) ?? { calls: 0, denied: 0 };
    used.set(id, { calls: u.calls + g.succeeded, denied: u.denied + g.denied, last: u.last === undefined || g.last > u.last ? g.last : u.last });
  }
  const rows: WhoDidRow[] = [];
  const listed = new Set<string>();
  for (const p of answer.principals) {
    const cell = p.cells.find((c) => c.action === action);
    if (!cell || cell.decision === 'denied') continue;
    listed.add(p.arn);
    const u = used.get(p.arn);
    rows.push({ name: p.name, principal: p.arn, decision: cell.decision, calls: u?.calls ?? 0, denied: u?.denied ?? 0, ...(u?.last ? { last: u.last } : {}) });
  }
  for (const [principal, u] of used) {
    if (listed.has(principal)) continue;
    const named = answer.principals.find((p) => p.arn === principal);
    const decision = named?.cells.find((c) => c.action === action)?.decision;
    rows.push({
      name: named?.name ?? principal.split('/').pop() ?? principal,
      principal,
      ...(decision ? { decision } : {}),
      calls: u.calls,
      denied: u.denied,
      ...(u.last ? { last: u.last } : {}),
    });
  }
  return { action, rows };
}

/** The join as Markdown, for "Copy as Markdown". */
export function whoDidMarkdown(section: WhoDidSection): string {
  const able = section.rows.filter((r) => r.decision === 'allowed' || r.decision === 'conditional');
  const unused = able.filter((r) => r.calls === 0);
  const others = section.rows.filter((r) => !able.includes(r));
  const lines = [`## Who can vs who did, by name (${section.action})`, '', '| Principal | Can | Calls | Last |', '|---|---|---|---|'];
  for (const r of able) lines.push(`| ${r.name} | ${r.decision} | ${r.calls} | ${r.last ?? '—'} |`);
  lines.push('', `**Unused named access:** ${unused.length === 0 ? 'none' : unused.map((r) => r.name).join(', ')}`);
  if (others.length > 0) lines.push('', `**Called without being able to:** ${others.map((r) => `${r.name} (${r.denied} denied)`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
