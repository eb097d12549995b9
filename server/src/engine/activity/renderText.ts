/**
 * The activity report as text, for the terminal: who did (by principal and operation), who can vs who did,
 * unused access, denied attempts, failed calls and notes; and the proposal's summary.
 */
import type { ActivityReportJson, ClassActivityJson } from './report';
import type { Tightening } from './tighten';

const day = (iso: string | undefined): string => (iso ? iso.slice(0, 10) : '?');
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const SOURCE_NAMES = { lake: 'CloudTrail Lake', athena: 'Athena', 'lookup-events': 'CloudTrail LookupEvents', 'trail-files': 'trail files' } as const;

/** Which source counted the events, what it scanned and its estimated price; the sources tried before it. */
export function sourceLine(s: NonNullable<ActivityReportJson['source']>): string {
  const scanned = s.bytesScanned !== undefined ? `; scanned ${(s.bytesScanned / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB` : '';
  const cost = s.costUsd !== undefined ? `, about $${s.costUsd.toFixed(s.costUsd < 0.01 ? 5 : 2)} (an estimate at $5 per TB scanned)` : '';
  const skipped = (s.skipped ?? []).map((x) => ` ${SOURCE_NAMES[x.kind as keyof typeof SOURCE_NAMES] ?? x.kind} did not answer: ${x.reason}.`).join('');
  return `Counted by ${SOURCE_NAMES[s.kind]} (${s.name})${scanned}${cost}.${skipped}`;
}

/** How many events, of what, between when: the report's first lines. */
export function headline(r: ActivityReportJson): string[] {
  const c = r.counts;
  const lines = [`KMS key activity: ${r.key}${r.aliases.length > 0 ? `  (${r.aliases.join(', ')})` : ''}`];
  const span = r.window.first ? ` from ${day(r.window.first)} to ${day(r.window.last)}` : '';
  const window =
    r.window.since || r.window.until
      ? ` (window: ${r.window.since ? `since ${day(r.window.since)}` : ''}${r.window.since && r.window.until ? ', ' : ''}${r.window.until ? `until ${day(r.window.until)}` : ''})`
      : '';
  lines.push(`Events: ${plural(c.events, 'event')} of this key${span}${window}.`);
  if (r.source) lines.push(sourceLine(r.source));
  const others: string[] = [];
  if (c.otherKeys > 0) others.push(`${plural(c.otherKeys, 'event')} of other keys`);
  if (c.otherServices > 0) others.push(`${plural(c.otherServices, 'record')} of other services`);
  if (c.noKey > 0) others.push(`${plural(c.noKey, 'KMS event')} naming no key`);
  if (c.outsideWindow > 0) others.push(`${plural(c.outsideWindow, 'event')} outside the window`);
  if (c.unread > 0) others.push(`${plural(c.unread, 'KMS record')} that do not name this key`);
  if (c.unresolvedAlias > 0) others.push(`${plural(c.unresolvedAlias, 'event')} naming an unknown alias`);
  lines.push(`Read ${plural(c.records, 'record')}${others.length > 0 ? `: also ${others.join(', ')}` : ''}.`);
  const skipped = Object.entries(c.skipped);
  if (skipped.length > 0) {
    const total = skipped.reduce((n, [, v]) => n + v, 0);
    lines.push(`Skipped ${plural(total, 'unusable record')}: ${skipped.map(([why, n]) => `${n} ${why}`).join(', ')}.`);
  }
  if (r.partial) {
    lines.push('PARTIAL RESULTS: not every event could be analysed; counts are lower bounds.');
    for (const p of r.problems) lines.push(`  ! ${p}`);
  }
  return lines;
}

function sourcesText(sources: Readonly<Record<string, number>>): string {
  return Object.entries(sources)
    .map(([s, n]) => (s === 'direct' ? `direct ${n}` : `via ${s} ${n}`))
    .join(', ');
}

function errorsText(errors: Readonly<Record<string, { count: number }>>): string {
  return Object.entries(errors)
    .map(([code, e]) => `${code} ${e.count}`)
    .join(', ');
}

function classLine(c: ClassActivityJson): string {
  const how = c.decision === 'conditional' ? 'when its conditions hold' : 'allowed';
  const needs =
    c.requires === 'iam' ? ', with an IAM allow in its account' : c.requires === 'iam-if-external' ? ', with an IAM allow when from another account' : '';
  return `  ${c.label} — ${how}${needs} (${c.statements.join(', ') || 'grant'})`;
}

function compactList(actions: readonly string[], max = 8): string {
  const shown = actions.slice(0, max).join(', ');
  return actions.length > max ? `${actions.length} actions: ${shown}, …` : shown;
}

/** What the key policy says now about a refused call. */
export function nowText(now: { decision: 'allow' | 'deny'; reason: string; summary: string }): string {
  return now.decision === 'deny' ? `refuses it. ${now.summary}` : `would allow it. ${now.summary}`;
}

/** The report as text. */
export function renderActivityText(r: ActivityReportJson): string {
  const lines = headline(r);
  lines.push('', 'Who did (by principal and operation)');
  if (r.activity.length === 0) lines.push('  No events of this key in the window.');
  let last = '';
  for (const g of r.activity) {
    if (g.principal !== last) {
      lines.push(
        `  ${g.label}${g.label === g.principal ? '' : `  ${g.principal}`}${g.sessions.length > 0 ? `  sessions: ${g.sessions.join(', ')}${g.moreSessions > 0 ? ` +${g.moreSessions}` : ''}` : ''}`,
      );
      last = g.principal;
    }
    const errors = Object.keys(g.errors).length > 0 ? `  errors: ${errorsText(g.errors)}` : '';
    lines.push(`    ${g.operation.padEnd(34)} ${String(g.count).padStart(7)}  ${day(g.first)} … ${day(g.last)}  ${sourcesText(g.sources)}${errors}`);
  }
  if (r.whoCanVsWhoDid) {
    lines.push('', 'Who can vs who did');
    for (const c of r.whoCanVsWhoDid) {
      lines.push(classLine(c));
      if (c.used.length > 0)
        lines.push(
          `    used:   ${c.used.map((u) => `${u.action} (${u.calls}, last ${day(u.last)}${u.unverified ? ', conditions unverified' : ''})`).join(', ')}`,
        );
      else lines.push('    used:   nothing in the window');
      if (c.unused.length > 0) lines.push(`    unused: ${compactList(c.unused)}`);
    }
  }
  if (r.unusedAccess) {
    lines.push('', 'Unused access (rights granted and never used in the window)');
    if (r.unusedAccess.length === 0) lines.push('  None: every right granted was used.');
    for (const u of r.unusedAccess)
      lines.push(`  ${u.label}: ${compactList(u.actions, 12)}  [${u.statements.join(', ') || 'grant'}]${u.note ? `\n    (${u.note})` : ''}`);
  }
  lines.push('', 'Denied attempts');
  if (r.deniedAttempts.length === 0) lines.push('  None.');
  for (const d of r.deniedAttempts) {
    lines.push(`  ${d.label}  ${d.operation}  ${d.count}×  ${day(d.first)} … ${day(d.last)}  ${Object.keys(d.errors).join(', ')}`);
    if (d.keyPolicyNow) lines.push(`    key policy now: ${nowText(d.keyPolicyNow)}`);
  }
  if (r.failedCalls.length > 0) {
    lines.push('', 'Failed calls (other errors)');
    for (const f of r.failedCalls) lines.push(`  ${f.label}  ${f.operation}  ${errorsText(f.errors)}`);
  }
  if (r.unverified && r.unverified.length > 0) {
    lines.push('', 'Calls the simulated key policy does not explain by itself');
    for (const u of r.unverified) lines.push(`  ${u.label}  ${u.operation}  ${u.calls}×: ${u.why}`);
  }
  if (r.notes.length > 0) {
    lines.push('', 'Notes');
    for (const n of r.notes) lines.push(`  - ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What the proposal changes and how it was checked, as text. */
export function renderProposalSummary(t: Tightening): string {
  const lines = ['Proposed tightened key policy (a proposal: nothing is written to KMS)'];
  for (const s of t.statements) lines.push(`  ${s.change === 'removed' ? '-' : s.change === 'narrowed' ? '~' : ' '} ${s.why}`);
  lines.push(`  Lockout: ${t.lockout.before} before, ${t.lockout.after} after.`);
  lines.push(`  Replay: ${t.replay.allowed} of ${t.replay.checked} recorded calls the current policy allows are still allowed.`);
  for (const l of t.replay.lost) lines.push(`    ! would refuse ${l.action} by ${l.principal}`);
  lines.push(
    `  Lint: ${t.lint.errors} errors, ${t.lint.warnings} warnings${t.lint.newFindings.length > 0 ? `; new: ${t.lint.newFindings.map((f) => `${f.code} (${f.severity})`).join(', ')}` : '; nothing new'}.`,
  );
  for (const n of t.notes) lines.push(`  - ${n}`);
  return `${lines.join('\n')}\n`;
}
