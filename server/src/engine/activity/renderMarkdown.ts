/**
 * The activity report as Markdown, for the editor's report document: the same sections as the text form,
 * as tables. The sections that put the activity beside who can (who can vs who did, unused access, denied
 * attempts) are also rendered on their own, for the live who-can report.
 */
import type { ActivityReportJson } from './report';
import { headline, nowText } from './renderText';

const day = (iso: string | undefined): string => (iso ? iso.slice(0, 10) : '?');
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string): string => `\`${s}\``;

/** The report as Markdown. */
export function renderActivityMarkdown(r: ActivityReportJson, title = 'Key activity'): string {
  const [, ...summary] = headline(r);
  const lines = [`# ${title}`, '', `Key: ${code(r.key)}${r.aliases.length > 0 ? ` · ${r.aliases.map(code).join(', ')}` : ''}`, ''];
  lines.push(...summaryLines(summary));
  lines.push('## Who did', '');
  if (r.activity.length === 0) lines.push('_No events of this key in the window._', '');
  else {
    lines.push('| Principal | Operation | Calls | First | Last | Source | Errors |', '|---|---|---:|---|---|---|---|');
    for (const g of r.activity) {
      const sources = Object.entries(g.sources)
        .map(([s, n]) => `${s === 'direct' ? 'direct' : `via ${s}`} ${n}`)
        .join('<br>');
      const errors =
        Object.entries(g.errors)
          .map(([c, e]) => `${c} ${e.count}`)
          .join('<br>') || '—';
      lines.push(
        `| ${cell(g.label)}<br><sub>${cell(g.principal)}</sub> | ${g.operation} | ${g.count} | ${day(g.first)} | ${day(g.last)} | ${sources} | ${errors} |`,
      );
    }
    lines.push('');
  }
  if (r.whoCanVsWhoDid) lines.push('## Who can vs who did', '', ...whoCanVsWhoDidLines(r.whoCanVsWhoDid));
  lines.push(...unusedAccessLines(r), ...deniedAttemptsLines(r));
  if (r.failedCalls.length > 0) {
    lines.push('## Failed calls', '');
    for (const f of r.failedCalls)
      lines.push(
        `- ${cell(f.label)} · ${f.operation}: ${Object.entries(f.errors)
          .map(([c, e]) => `${c} ×${e.count}${e.message ? ` (“${cell(e.message)}”)` : ''}`)
          .join(', ')}`,
      );
    lines.push('');
  }
  if (r.proposal) {
    lines.push('## Tightened policy (proposal)', '');
    for (const s of r.proposal.statements) lines.push(`- ${s.change === 'removed' ? '➖' : s.change === 'narrowed' ? '✂️' : '✔️'} ${cell(s.why)}`);
    lines.push(
      '',
      `Lockout: ${r.proposal.lockout.before} → ${r.proposal.lockout.after}. Replay: ${r.proposal.replay.allowed} of ${r.proposal.replay.checked} recorded calls still allowed. Lint: ${r.proposal.lint.errors} errors, ${r.proposal.lint.warnings} warnings.`,
      '',
    );
  }
  if (r.notes.length > 0) {
    lines.push('## Notes', '');
    for (const n of r.notes) lines.push(`- ${cell(n)}`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * Who can vs who did, unused access and denied attempts, as sections of another report (the live who-can
 * report): the activity report's own sections, introduced by the events they rest on (how many, over which
 * window, and whether the input was partial).
 */
export function renderActivityJoinMarkdown(r: ActivityReportJson): string {
  const [, events, ...rest] = headline(r);
  const lines = ['## Who can vs who did', '', `CloudTrail: ${events!.replace(/^Events: /, '')}`, ''];
  lines.push(...summaryLines(rest.filter((l) => l.startsWith('PARTIAL') || l.startsWith('  ! '))));
  if (r.whoCanVsWhoDid) lines.push(...whoCanVsWhoDidLines(r.whoCanVsWhoDid));
  else lines.push('_The key policy could not be analysed, so the activity is not set beside who can._', '');
  lines.push(...unusedAccessLines(r), ...deniedAttemptsLines(r));
  return lines.join('\n');
}

/** Summary lines (see headline) as paragraphs, problems as warnings. */
function summaryLines(summary: readonly string[]): string[] {
  const lines: string[] = [];
  for (const s of summary) lines.push(s.startsWith('  ! ') ? `> ⚠️ ${cell(s.slice(4))}` : s.startsWith('PARTIAL') ? `> **${s}**` : s, '');
  return lines;
}

/** Per who-can class: the rights it used (calls, last use) and those it did not. */
function whoCanVsWhoDidLines(classes: NonNullable<ActivityReportJson['whoCanVsWhoDid']>): string[] {
  const lines = ['| Who can | Through | Used (calls, last) | Unused |', '|---|---|---|---|'];
  for (const c of classes) {
    const used = c.used.map((u) => `${code(u.action)} (${u.calls}, ${day(u.last)})${u.unverified ? ' ⓘ' : ''}`).join('<br>') || '_nothing_';
    const unused = c.unused.length > 10 ? `${c.unused.length} actions: ${c.unused.slice(0, 10).map(code).join(', ')}, …` : c.unused.map(code).join(', ') || '—';
    lines.push(
      `| ${cell(c.label)}${c.decision === 'conditional' ? ' (conditional)' : ''}<br><sub>${cell(c.principal)}</sub> | ${cell(c.statements.join(', ') || 'grant')} | ${used} | ${unused} |`,
    );
  }
  lines.push('');
  if (classes.some((c) => c.used.some((u) => u.unverified))) lines.push('ⓘ the policy allows these calls only if facts CloudTrail does not record hold.', '');
  return lines;
}

function unusedAccessLines(r: ActivityReportJson): string[] {
  if (!r.unusedAccess) return [];
  const lines = ['## Unused access', ''];
  if (r.unusedAccess.length === 0) lines.push('_None: every right granted was used in the window._', '');
  for (const u of r.unusedAccess)
    lines.push(
      `- **${cell(u.label)}** (${cell(u.statements.join(', ') || 'grant')}): ${u.actions.map(code).join(', ')}${u.note ? `  \n  _${cell(u.note)}_` : ''}`,
    );
  if (r.unusedAccess.length > 0) lines.push('');
  return lines;
}

function deniedAttemptsLines(r: ActivityReportJson): string[] {
  const lines = ['## Denied attempts', ''];
  if (r.deniedAttempts.length === 0) return [...lines, '_None._', ''];
  lines.push('| Principal | Operation | Refused | First | Last | Key policy now |', '|---|---|---:|---|---|---|');
  for (const d of r.deniedAttempts) {
    const now = d.keyPolicyNow ? cell(nowText(d.keyPolicyNow)) : '—';
    lines.push(`| ${cell(d.label)} | ${d.operation} | ${d.count} | ${day(d.first)} | ${day(d.last)} | ${now} |`);
  }
  lines.push('');
  return lines;
}
