/**
 * The activity report of one key, as plain JSON: what the CLI prints with `--format json`, what the language
 * server answers `kmsKeyPolicy/activity` with, and what the text and Markdown renderings are made from.
 * It puts together the aggregated activity (aggregate.ts), who can vs who did (whoDid.ts) and, on request,
 * the tightened policy (tighten.ts).
 */
import { classLabel } from '../features/whoCanReport';
import type { PolicyDocument } from '../parse/model';
import { compile, WHO_CAN_CAVEAT, type Grant, type KeyState, type StatementRef } from '../simulate';
import type { ActivityStats, ActivitySummary, KeyActivity } from './aggregate';
import type { ActivityGroup } from './groups';
import { principalLabel } from './principal';
import { tightenPolicy, type Tightening } from './tighten';
import { whoDid } from './whoDid';

/** One group of the activity. */
export interface ActivityGroupJson {
  /** Role ARN (for sessions), user ARN, root ARN, service principal, or `account:<id>`. */
  readonly principal: string;
  readonly label: string;
  readonly kind: string;
  readonly account?: string;
  readonly operation: string;
  readonly action?: string;
  readonly count: number;
  readonly succeeded: number;
  readonly denied: number;
  readonly failed: number;
  /** ISO times. */
  readonly first: string;
  readonly last: string;
  /** Calls per source: `direct` or the AWS service that made them. */
  readonly sources: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, { readonly count: number; readonly message?: string }>>;
  readonly sessions: readonly string[];
  readonly moreSessions: number;
  /** Encryption-context keys the calls used, sorted. */
  readonly contextKeys: readonly string[];
}

/** One right used by a class. */
export interface RightUseJson {
  readonly action: string;
  readonly calls: number;
  readonly first: string;
  readonly last: string;
  readonly principals: readonly string[];
  readonly unverified: boolean;
}

/** One who-can class with what it did. */
export interface ClassActivityJson {
  readonly principal: string;
  readonly label: string;
  readonly kind: string;
  readonly decision: 'allow' | 'conditional' | 'denied';
  readonly requires: string;
  readonly statements: readonly string[];
  readonly used: readonly RightUseJson[];
  readonly unused: readonly string[];
}

/** Refused calls of one principal and operation. */
export interface DeniedAttemptJson {
  readonly principal: string;
  readonly label: string;
  readonly operation: string;
  readonly count: number;
  readonly first: string;
  readonly last: string;
  readonly errors: Readonly<Record<string, { readonly count: number; readonly message?: string }>>;
  /** What the key policy says about such a call now. */
  readonly keyPolicyNow?: { readonly decision: 'allow' | 'deny'; readonly reason: string; readonly summary: string };
}

/** Which source counted the events, and what it cost (CloudTrail Lake and Athena scan and bill bytes). */
export interface ActivitySourceJson {
  /** `lake`, `athena`, `lookup-events` or `trail-files`. */
  readonly kind: 'lake' | 'athena' | 'lookup-events' | 'trail-files';
  /** The event data store, `workgroup:database.table`, or the Region looked up. */
  readonly name: string;
  readonly queryId?: string;
  readonly bytesScanned?: number;
  /** Estimated price in US dollars (Athena: 5 per TB scanned, at least 10 MB). */
  readonly costUsd?: number;
  /** Sources tried before this one, with why they did not answer. */
  readonly skipped?: readonly { readonly kind: string; readonly reason: string }[];
}

/** The whole report. */
export interface ActivityReportJson {
  readonly key: string;
  /** Which source counted the events (absent when the caller did not say). */
  readonly source?: ActivitySourceJson;
  readonly aliases: readonly string[];
  readonly window: { readonly since?: string; readonly until?: string; readonly first?: string; readonly last?: string };
  /**
   * True when some events could not be analysed (input not read to its end, a lookup stopped at its limit, more
   * pairs of principal and operation than the analysis keeps): the counts are a lower bound; `problems` says why.
   */
  readonly partial: boolean;
  readonly problems: readonly string[];
  /** The aggregator's counts for this key (see ActivityStats), with `events` the events of this key. */
  readonly counts: Omit<ActivityStats, 'attributed' | 'first' | 'last'> & { readonly events: number };
  readonly activity: readonly ActivityGroupJson[];
  /** Present when a policy was analysed. */
  readonly whoCanVsWhoDid?: readonly ClassActivityJson[];
  /** Per class, the rights it holds and did not use; classes granting through IAM delegation come last, with a note. */
  readonly unusedAccess?: readonly {
    readonly principal: string;
    readonly label: string;
    readonly kind: string;
    readonly actions: readonly string[];
    readonly statements: readonly string[];
    readonly note?: string;
  }[];
  readonly deniedAttempts: readonly DeniedAttemptJson[];
  readonly failedCalls: readonly {
    readonly principal: string;
    readonly label: string;
    readonly operation: string;
    readonly errors: Readonly<Record<string, { readonly count: number; readonly message?: string }>>;
  }[];
  readonly unverified?: readonly {
    readonly principal: string;
    readonly label: string;
    readonly operation: string;
    readonly calls: number;
    readonly why: string;
  }[];
  readonly notes: readonly string[];
  readonly proposal?: Tightening;
}

/** The key facts and choices of a report. */
export interface ActivityReportOptions {
  readonly keySpec?: string;
  readonly keyUsage?: string;
  readonly keyState?: KeyState;
  readonly grants?: readonly Grant[];
  /** Draft a tightened policy too. */
  readonly tighten?: boolean;
  /** Input problems (unreadable files, truncation); any makes the report partial. */
  readonly problems?: readonly string[];
  /** True when the input was cut short for another reason (a lookup stopped at its limit). */
  readonly truncated?: boolean;
  /** Refuse the tightened policy when the window is incomplete (partial): rights used outside it would be taken away. */
  readonly tightenOnlyComplete?: boolean;
  /** Which source counted the events, copied into the report. */
  readonly source?: ActivitySourceJson;
}

const count = (n: number): string => n.toLocaleString('en-US');
const iso = (t: number | undefined): string | undefined => (t === undefined || !Number.isFinite(t) ? undefined : new Date(t).toISOString());

/** The activity of the summary's key (its target, else its only key); undefined when neither applies. */
export function keyActivityOf(summary: ActivitySummary, key?: string): KeyActivity | undefined {
  if (key !== undefined) return summary.keys.find((k) => k.key === key);
  if (summary.target !== undefined) return summary.keys.find((k) => k.key === summary.target);
  const known = summary.keys.filter((k) => k.keyKnown);
  return known.length === 1 ? known[0] : undefined;
}

/** Builds the report of one key's activity, with who can vs who did when a policy is given. */
export function activityReport(
  summary: ActivitySummary,
  activity: KeyActivity,
  doc: PolicyDocument | undefined,
  options: ActivityReportOptions = {},
): ActivityReportJson {
  const problems = [...(options.problems ?? [])];
  const notes: string[] = [];
  const stats = summary.stats;
  if (stats.overflow > 0) {
    problems.push(
      `${count(stats.overflow)} events were not analysed: the trail has more than ${count(summary.groupLimit)} pairs of principal and operation, the most the analysis keeps in memory; analyse a shorter window (since, until) to include them.`,
    );
  }
  if (options.truncated) problems.push('The event lookup stopped at its limit before the start of the window: older events are missing.');
  for (const a of summary.movedAliases) notes.push(`The alias ${a} named different keys over time; its events are counted for the key it named last.`);
  for (const u of summary.unresolvedAliases)
    notes.push(`${u.events} events named ${u.alias}, which the trail never maps to a key; name it as an alias of this key to count them.`);
  if (activity.groups.some((g) => g.principal.kind === 'account'))
    notes.push(
      'Some callers from other accounts are recorded by account only (CloudTrail does not give the key owner their ARN); they are shown as "a principal of account …".',
    );

  const base: Omit<ActivityReportJson, 'notes'> = {
    key: activity.key,
    ...(options.source ? { source: options.source } : {}),
    aliases: activity.aliases,
    window: {
      ...(summary.since !== undefined ? { since: iso(summary.since) } : {}),
      ...(summary.until !== undefined ? { until: iso(summary.until) } : {}),
      ...(activity.first !== undefined ? { first: iso(activity.first) } : {}),
      ...(activity.last !== undefined ? { last: iso(activity.last) } : {}),
    },
    partial: problems.length > 0,
    problems,
    counts: {
      records: stats.records,
      kmsEvents: stats.kmsEvents,
      events: activity.events,
      otherKeys: stats.otherKeys + (stats.attributed - activity.events),
      otherServices: stats.otherServices,
      noKey: stats.noKey,
      outsideWindow: stats.outsideWindow,
      unresolvedAlias: stats.unresolvedAlias,
      overflow: stats.overflow,
      unread: stats.unread,
      skipped: stats.skipped,
    },
    activity: byPrincipal(activity.groups).map(groupJson),
    deniedAttempts: [],
    failedCalls: activity.groups
      .filter((g) => g.failed > 0)
      .map((g) => ({
        principal: g.principal.id,
        label: principalLabel(g.principal),
        operation: g.operation,
        errors: errorsJson(g, false),
      })),
  };
  if (!doc?.policy || !activity.keyKnown) {
    return { ...base, deniedAttempts: activity.groups.filter((g) => g.denied > 0).map((g) => deniedJson(g)), notes };
  }
  const policy = compile(doc);
  const key = {
    arn: activity.key,
    ...(options.keySpec ? { keySpec: options.keySpec } : {}),
    ...(options.keyUsage ? { keyUsage: options.keyUsage } : {}),
    ...(options.grants ? { grants: options.grants } : {}),
  };
  const joined = whoDid(policy, activity.groups, { ...key, ...(options.keyState ? { keyState: options.keyState } : {}) });
  notes.push(WHO_CAN_CAVEAT);
  if (joined.unverified.some((u) => u.status === 'unverified')) {
    notes.push(
      "Some successful calls are allowed by the policy only if facts CloudTrail does not record hold (principal tags, organization, the source ARN of a service's own call), or by something outside the key policy; they count as uses of every statement that names the caller and the action.",
    );
  }
  const refused = options.tighten === true && options.tightenOnlyComplete === true && problems.length > 0;
  if (refused)
    notes.push(
      'No tightened policy is proposed: the window is incomplete, and a policy tightened on part of it would take away rights used in the rest. Narrow the window or use a source that counts every event (CloudTrail Lake, Athena).',
    );
  const proposal = options.tighten && !refused ? tightenPolicy(doc, joined.usage, key, policy) : undefined;
  return {
    ...base,
    whoCanVsWhoDid: joined.classes.map((c) => ({
      principal: c.cls.principal,
      label: classLabel(c.cls),
      kind: c.cls.kind,
      decision: c.cls.decision,
      requires: c.cls.requires,
      statements: statementLabels(c.cls.statements),
      used: c.used.map((u) => ({ ...u, first: iso(u.first)!, last: iso(u.last)! })),
      unused: c.unused,
    })),
    unusedAccess: joined.classes
      .filter((c) => c.unused.length > 0)
      .sort((a, b) => Number(a.cls.kind === 'account') - Number(b.cls.kind === 'account'))
      .map((c) => ({
        principal: c.cls.principal,
        label: classLabel(c.cls),
        kind: c.cls.kind,
        actions: c.unused,
        statements: statementLabels(c.cls.statements),
        ...(c.cls.kind === 'account'
          ? {
              note: 'delegation: IAM policies in the account decide who may use these; calls by principals the policy names directly are counted under them',
            }
          : {}),
      })),
    deniedAttempts: joined.denied.map((d) => deniedJson(d.group, d.now)),
    unverified: joined.unverified.map((u) => ({
      principal: u.group.principal.id,
      label: principalLabel(u.group.principal),
      operation: u.group.operation,
      calls: u.group.succeeded + u.group.failed,
      why: u.grants.length > 0 ? `allowed by ${u.grants.join(', ')}` : 'not allowed by the simulated key policy with the facts the trail records',
    })),
    notes,
    ...(proposal ? { proposal } : {}),
  };
}

/** Groups ordered by principal (most events first), then by operation (most events first). */
function byPrincipal(groups: readonly ActivityGroup[]): ActivityGroup[] {
  const totals = new Map<string, number>();
  for (const g of groups) totals.set(g.principal.id, (totals.get(g.principal.id) ?? 0) + g.count);
  return [...groups].sort(
    (a, b) =>
      totals.get(b.principal.id)! - totals.get(a.principal.id)! ||
      a.principal.id.localeCompare(b.principal.id) ||
      b.count - a.count ||
      a.operation.localeCompare(b.operation),
  );
}

function statementLabels(refs: readonly StatementRef[]): string[] {
  return refs.filter((r) => r.effect === 'Allow').map((r) => (r.sid ? r.sid : `statement ${r.index + 1}`));
}

function errorsJson(g: ActivityGroup, deniedOnly: boolean | undefined): Record<string, { count: number; message?: string }> {
  const out: Record<string, { count: number; message?: string }> = {};
  for (const [code, e] of g.errors) {
    const isDenied = /^(Client\.)?(AccessDenied|UnauthorizedOperation|UnauthorizedAccess)/.test(code);
    if (deniedOnly === undefined || isDenied === deniedOnly) out[code] = { ...e };
  }
  return out;
}

function groupJson(g: ActivityGroup): ActivityGroupJson {
  return {
    principal: g.principal.id,
    label: principalLabel(g.principal),
    kind: g.principal.kind,
    ...(g.principal.account ? { account: g.principal.account } : {}),
    operation: g.operation,
    ...(g.action ? { action: g.action } : {}),
    count: g.count,
    succeeded: g.succeeded,
    denied: g.denied,
    failed: g.failed,
    first: iso(g.first)!,
    last: iso(g.last)!,
    sources: Object.fromEntries([...g.sources].sort((a, b) => b[1] - a[1])),
    errors: errorsJson(g, undefined),
    sessions: [...g.sessions].sort(),
    moreSessions: g.moreSessions,
    contextKeys: [...g.contextKeys].sort(),
  };
}

function deniedJson(g: ActivityGroup, now?: { decision: 'allow' | 'deny'; reason: string; summary: string }): DeniedAttemptJson {
  return {
    principal: g.principal.id,
    label: principalLabel(g.principal),
    operation: g.operation,
    count: g.denied,
    first: iso(g.deniedFirst)!,
    last: iso(g.deniedLast)!,
    errors: errorsJson(g, true),
    ...(now ? { keyPolicyNow: now } : {}),
  };
}
