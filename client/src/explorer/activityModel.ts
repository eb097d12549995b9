/**
 * What the Activity row under a key shows, as plain data: its label and description in each state, and
 * the rows of a loaded report (callers with their operations, unused access, denied attempts, problems).
 * Pure (no `vscode`): the tree turns rows into TreeItems; unit tests check the wording in Node.
 */
import type { ActivityGroupJson, ActivityReportJson } from '../../../shared/protocol';
import type { DetailRow } from './awsKeysModel';

/** The state of one key's activity. */
export type ActivityState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly events: number; readonly message?: string }
  | { readonly status: 'loaded'; readonly report: ActivityReportJson; readonly days: number; readonly loadedAt: Date }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'cancelled' };

/** The context value of the Activity row, matched by the view's menus. */
export function activityContextValue(state: ActivityState): string {
  return state.status === 'loaded' ? 'kmsActivity.loaded' : state.status === 'loading' ? 'kmsActivity.loading' : 'kmsActivity';
}

/** The Activity row itself. */
export function activityRow(state: ActivityState, days: number): Omit<DetailRow, 'children'> {
  const base = { id: 'activity', label: 'Activity', contextValue: activityContextValue(state) };
  switch (state.status) {
    case 'idle':
      return {
        ...base,
        icon: 'pulse',
        description: `CloudTrail, last ${days} days · expand to read`,
        tooltip: `Who used this key in the last ${days} days, from CloudTrail (LookupEvents). Expanding reads the events.`,
      };
    case 'loading':
      return { ...base, icon: 'loading~spin', description: state.message ?? `reading CloudTrail… ${state.events} events` };
    case 'failed':
      return { ...base, icon: 'error', description: 'could not read CloudTrail', tooltip: state.error };
    case 'cancelled':
      return { ...base, icon: 'debug-stop', description: 'cancelled · refresh to read again' };
    case 'loaded': {
      const r = state.report;
      const principals = new Set(r.activity.map((g) => g.principal)).size;
      const parts = [
        `${r.counts.events} event${r.counts.events === 1 ? '' : 's'}`,
        `${principals} caller${principals === 1 ? '' : 's'}`,
        `last ${state.days} days`,
      ];
      if (r.source)
        parts.push(SHORT[r.source.kind] + (r.source.costUsd !== undefined ? ` ~$${r.source.costUsd.toFixed(r.source.costUsd < 0.01 ? 4 : 2)}` : ''));
      if (r.partial) parts.push('partial window');
      return { ...base, icon: r.partial ? 'warning' : 'pulse', description: parts.join(' · '), tooltip: summaryTooltip(r, state.days) };
    }
  }
}

const SHORT = { lake: 'Lake', athena: 'Athena', 'lookup-events': 'LookupEvents', 'trail-files': 'trail files' } as const;
const LONG = { lake: 'CloudTrail Lake', athena: 'Athena', 'lookup-events': 'CloudTrail LookupEvents', 'trail-files': 'trail files' } as const;

/** Which source answered, over what window, what it scanned and cost (an estimate), and the sources that did not answer. */
export function sourceText(r: ActivityReportJson): string[] {
  const s = r.source;
  if (!s) return [];
  const window = r.window.since ? ` over ${day(r.window.since)} – ${r.window.until ? day(r.window.until) : 'now'}` : '';
  const scanned = s.bytesScanned !== undefined ? `; scanned ${(s.bytesScanned / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB` : '';
  const cost = s.costUsd !== undefined ? `, about $${s.costUsd.toFixed(s.costUsd < 0.01 ? 5 : 2)} (estimate: $5 per TB scanned)` : '';
  return [
    `Counted by ${LONG[s.kind]} (${s.name})${window}${scanned}${cost}.`,
    ...(s.skipped ?? []).map((x) => `${LONG[x.kind as keyof typeof LONG] ?? x.kind} did not answer: ${x.reason}`),
  ];
}

function summaryTooltip(r: ActivityReportJson, days: number): string {
  const lines = [`**Activity of the last ${days} days** (CloudTrail)`, '', ...sourceText(r), `${r.counts.events} events of this key.`];
  if (r.partial) lines.push('The window is incomplete: no tightened policy is proposed on it.');
  if (r.unusedAccess) lines.push(`${r.unusedAccess.length} principal class${r.unusedAccess.length === 1 ? ' has' : 'es have'} unused access.`);
  if (r.deniedAttempts.length > 0) lines.push(`${r.deniedAttempts.reduce((n, d) => n + d.count, 0)} refused calls.`);
  for (const p of r.problems) lines.push('', `⚠️ ${p}`);
  return lines.join('\n');
}

const day = (iso: string): string => iso.slice(0, 10);

function operationRow(g: ActivityGroupJson): DetailRow {
  const sources = Object.entries(g.sources)
    .map(([s, n]) => (s === 'direct' ? `direct ${n}` : `via ${s.replace(/\.amazonaws\.com$/, '')} ${n}`))
    .join(', ');
  const errors = Object.entries(g.errors);
  const icon = g.denied > 0 && g.succeeded === 0 ? 'circle-slash' : errors.length > 0 ? 'warning' : 'symbol-event';
  const tooltip = [
    `**${g.operation}** by ${g.label}`,
    '',
    `${g.count} calls from ${day(g.first)} to ${day(g.last)}: ${g.succeeded} succeeded${g.denied > 0 ? `, ${g.denied} refused` : ''}${g.failed > 0 ? `, ${g.failed} failed` : ''}.`,
    `Source: ${sources}.`,
    ...errors.map(([code, e]) => `- ${code} ×${e.count}${e.message ? `: ${e.message}` : ''}`),
    ...(g.sessions.length > 0 ? ['', `Sessions: ${g.sessions.join(', ')}`] : []),
  ].join('\n');
  return {
    id: `op:${g.operation}`,
    label: g.operation,
    description: `${g.count} · ${day(g.first)} – ${day(g.last)} · ${sources}${errors.length > 0 ? ` · ${errors.map(([c, e]) => `${c} ${e.count}`).join(', ')}` : ''}`,
    tooltip,
    icon,
    contextValue: 'kmsActivityOperation',
  };
}

const KIND_ICONS: Readonly<Record<string, string>> = {
  role: 'server-process',
  user: 'person',
  root: 'shield',
  service: 'cloud',
  account: 'organization',
  'federated-user': 'person',
};

/** The rows under a loaded Activity row. */
export function activityRows(r: ActivityReportJson, days: number, maxCallers = 100): DetailRow[] {
  const rows: DetailRow[] = [];
  for (const p of r.problems) rows.push({ id: `problem:${rows.length}`, label: p, icon: 'warning', tooltip: p });
  if (r.activity.length === 0) rows.push({ id: 'none', label: `No CloudTrail events for this key in the last ${days} days`, icon: 'info' });
  const byPrincipal = new Map<string, ActivityGroupJson[]>();
  for (const g of r.activity) {
    const list = byPrincipal.get(g.principal);
    if (list) list.push(g);
    else byPrincipal.set(g.principal, [g]);
  }
  const callers = [...byPrincipal.values()];
  for (const groups of callers.slice(0, maxCallers)) {
    const first = groups[0]!;
    const total = groups.reduce((n, g) => n + g.count, 0);
    const refused = groups.reduce((n, g) => n + g.denied, 0);
    rows.push({
      id: `caller:${first.principal}`,
      label: first.label,
      description: `${total} · ${groups.map((g) => `${g.operation} ${g.count}`).join(' · ')}${refused > 0 ? ` · ${refused} refused` : ''}`,
      tooltip: `**${first.label}**\n\n\`${first.principal}\``,
      icon: KIND_ICONS[first.kind] ?? 'question',
      contextValue: 'kmsActivityCaller',
      children: groups.map(operationRow),
    });
  }
  if (callers.length > maxCallers) rows.push({ id: 'more', label: `${callers.length - maxCallers} more callers: see the activity report`, icon: 'ellipsis' });
  if (r.unusedAccess) {
    rows.push({
      id: 'unused',
      label: `Unused access (${r.unusedAccess.length})`,
      description: r.unusedAccess.length === 0 ? 'every right granted was used' : 'rights granted, never used in the window',
      icon: 'unverified',
      contextValue: 'kmsActivityUnused',
      children: r.unusedAccess.map((u) => ({
        id: `unused:${u.principal}:${u.statements.join(',')}`,
        label: u.label,
        description: `${u.actions.length} action${u.actions.length === 1 ? '' : 's'} · ${u.statements.join(', ') || 'grant'}`,
        tooltip: `**${u.label}** never used:\n\n${u.actions.map((a) => `- \`${a}\``).join('\n')}`,
        icon: 'circle-large-outline',
      })),
    });
  }
  if (r.deniedAttempts.length > 0) {
    rows.push({
      id: 'denied',
      label: `Denied attempts (${r.deniedAttempts.reduce((n, d) => n + d.count, 0)})`,
      icon: 'circle-slash',
      contextValue: 'kmsActivityDenied',
      children: r.deniedAttempts.map((d) => ({
        id: `denied:${d.principal}:${d.operation}`,
        label: `${d.label} · ${d.operation}`,
        description: `${d.count}× · last ${day(d.last)}`,
        icon: 'circle-slash',
      })),
    });
  }
  return rows;
}

/**
 * The who-can-vs-who-did part of a live who-can report when the key's activity could not be had (no
 * permission to read CloudTrail, an error, a cancelled read): the answer stands, and says what is missing and why.
 */
export function activityUnavailableMarkdown(reason: string, days: number): string {
  return [
    '## Who can vs who did',
    '',
    `> ⚠️ **Activity unavailable:** ${reason.replace(/\s*\n\s*/g, ' ')}`,
    '>',
    `> The answer above comes from the key policy alone: whether each principal used its rights in the last ${days} days, unused access and denied attempts are not shown.`,
    '',
  ].join('\n');
}
