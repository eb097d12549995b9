/**
 * Aggregates as a first-class input of the activity analysis. A CloudTrail Lake or Athena query
 * (shared/activityQuery.ts) answers one row per principal, operation, kind of record, source, Region, error
 * code, encryption-context keys and same-key ReEncrypt, with counts, first and last time, the first call of
 * the row (its exemplar, replayed by the simulator) and the group's session names; `aggregateRecords` is that
 * query written over records, pure, so that a test can check analyse(records) = analyse(aggregateRecords(records)).
 */
import type { KeyReference } from './keyRefs';
import { normaliseKeyArn } from './keyRefs';
import { readTrailRecord, RecordCache, type TrailEvent } from './record';

/** The first call of a row, as far as the simulator replays it. */
export interface RowExemplar {
  /** `userIdentity.arn` (a session ARN for a role). */
  readonly arn?: string;
  readonly principalId?: string;
  readonly sourceIp?: string;
  readonly vpcEndpointId?: string;
  /** `sessionContext.attributes.mfaAuthenticated`. */
  readonly mfa?: boolean;
  readonly request?: Readonly<Record<string, unknown>>;
  readonly errorMessage?: string;
}

/** One row of the aggregate activity query. */
export interface ActivityAggregateRow {
  /** Role ARN for sessions (the issuer's), `account:<id>` for callers recorded by account, the service, else the ARN. */
  readonly principalKey: string;
  /** `userIdentity.type`. */
  readonly identityType: string;
  readonly accountId?: string;
  readonly invokedBy?: string;
  /** `sessionContext.sessionIssuer.arn`. */
  readonly issuerArn?: string;
  /** The event name; ReEncrypt is ReEncryptFrom or ReEncryptTo as the key was its source or destination. */
  readonly operation: string;
  readonly eventType?: string;
  /** `direct` or the AWS service that made the call. */
  readonly source: string;
  readonly region: string;
  readonly errorCode?: string;
  /** Encryption-context keys of the calls, sorted. */
  readonly contextKeys: readonly string[];
  /** A ReEncrypt under the same key (its ReEncryptTo row repeats the events of its ReEncryptFrom row). */
  readonly sameKey: boolean;
  readonly calls: number;
  /** Epoch milliseconds. */
  readonly first: number;
  readonly last: number;
  readonly exemplar: RowExemplar;
  /** Of the whole group (principal and operation): the first five session names in name order, and how many distinct names. */
  readonly sessions: readonly string[];
  readonly sessionCount: number;
}

/** What the aggregate query is asked for. */
export interface AggregateQuery {
  /** The key ARN. */
  readonly key: string;
  /** Oldest and newest event time kept (epoch ms, inclusive). */
  readonly since?: number;
  readonly until?: number;
}

interface Building {
  row: Omit<ActivityAggregateRow, 'calls' | 'first' | 'last' | 'sessions' | 'sessionCount'>;
  calls: number;
  first: number;
  last: number;
  group: string;
}

/** The rows the aggregate query answers over `records`, in the order readAggregateRows leaves them (see compareRows). */
export function aggregateRecords(records: Iterable<unknown>, query: AggregateQuery): ActivityAggregateRow[] {
  const key = normaliseKeyArn(query.key);
  if (!key) throw new RangeError(`not a key ARN: ${query.key}`);
  const cache = new RecordCache();
  const rows = new Map<string, Building>();
  const sessions = new Map<string, Set<string>>();
  for (const raw of records) {
    const reading = readTrailRecord(raw, cache);
    if (reading.kind !== 'event') continue;
    const e = reading.event;
    if ((query.since !== undefined && e.time < query.since) || (query.until !== undefined && e.time > query.until)) continue;
    // As the query: the key named in resources or as keyId.
    if (!e.refs.some((r) => r.kind === 'key' && r.arn === key && (r.role === 'resource' || r.role === 'keyId'))) continue;
    const identity = (raw as Record<string, unknown>).userIdentity as Record<string, unknown>;
    for (const [operation, sameKey] of operationsOn(e, key)) {
      const dims = rowDimensions(e, identity, operation, sameKey);
      const id = JSON.stringify(dims);
      const group = `${dims.principalKey}\u0001${operation}`;
      const b = rows.get(id);
      if (b === undefined) rows.set(id, { row: { ...dims, exemplar: exemplarOf(e, identity) }, calls: 1, first: e.time, last: e.time, group });
      else {
        b.calls++;
        if (e.time < b.first) {
          b.first = e.time;
          b.row = { ...b.row, exemplar: exemplarOf(e, identity) };
        }
        if (e.time > b.last) b.last = e.time;
      }
      const session = e.principal.session;
      if (session !== undefined) {
        let names = sessions.get(group);
        if (!names) sessions.set(group, (names = new Set()));
        names.add(session);
      }
    }
  }
  const out = [...rows.values()].map((b): ActivityAggregateRow => {
    const names = [...(sessions.get(b.group) ?? [])].sort();
    return { ...b.row, calls: b.calls, first: b.first, last: b.last, sessions: names.slice(0, 5), sessionCount: names.length };
  });
  return out.sort(compareRows);
}

/** Rows by first time, then by their dimensions: the order the analysis folds them in (the first row of a group is its first call). */
export function compareRows(a: ActivityAggregateRow, b: ActivityAggregateRow): number {
  return a.first - b.first || rowOrder(a).localeCompare(rowOrder(b));
}

function rowOrder(r: ActivityAggregateRow): string {
  return [r.principalKey, r.operation, r.eventType ?? '', r.source, r.region, r.errorCode ?? '', r.contextKeys.join('\u0002'), r.sameKey ? '1' : '0'].join(
    '\u0001',
  );
}

/**
 * The operations an event is on the key: its name, except ReEncrypt, which is ReEncryptFrom when the key is its
 * source (named as source, or not named as destination, or the only key of a ReEncrypt naming no source) and
 * ReEncryptTo when it is the destination; both, marked same-key, when the key is both.
 */
function operationsOn(e: TrailEvent, key: string): [string, boolean][] {
  if (e.name !== 'ReEncrypt') return [[e.name, false]];
  const is = (r: KeyReference): boolean => r.kind === 'key' && r.arn === key;
  const to = e.refs.some((r) => r.role === 'destination' && is(r));
  const noSource = typeof e.request?.sourceKeyId !== 'string';
  const onlyKey = e.refs.filter((r) => r.role === 'resource').every(is);
  const from = e.refs.some((r) => r.role === 'source' && is(r)) || !to || (noSource && onlyKey);
  const out: [string, boolean][] = [];
  if (from) out.push(['ReEncryptFrom', from && to]);
  if (to) out.push(['ReEncryptTo', from && to]);
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The identity columns of a record, as the query computes them. */
export function principalKeyOf(identity: Record<string, unknown> | undefined): string {
  const type = str(identity?.type) ?? '';
  const arn = str(identity?.arn);
  const account = str(identity?.accountId);
  const issuer = str(obj(obj(identity?.sessionContext)?.sessionIssuer)?.arn);
  if (type === 'AssumedRole') return issuer ?? arn ?? '';
  if (type === 'AWSAccount') return `account:${account ?? ''}`;
  if (type === 'AWSService') return str(identity?.invokedBy) ?? '';
  return arn ?? `${type}:${account ?? ''}`;
}

function rowDimensions(e: TrailEvent, identity: Record<string, unknown>, operation: string, sameKey: boolean): Building['row'] {
  const ec = obj(e.request?.encryptionContext);
  const invokedBy = str(identity.invokedBy);
  const account = str(identity.accountId);
  const issuer = str(obj(obj(identity.sessionContext)?.sessionIssuer)?.arn);
  return {
    principalKey: principalKeyOf(identity),
    identityType: str(identity.type) ?? '',
    ...(account ? { accountId: account } : {}),
    ...(invokedBy ? { invokedBy } : {}),
    ...(issuer ? { issuerArn: issuer } : {}),
    operation,
    ...(e.eventType ? { eventType: e.eventType } : {}),
    source: e.source,
    region: e.region,
    ...(e.errorCode ? { errorCode: e.errorCode } : {}),
    contextKeys: ec ? Object.keys(ec).sort() : [],
    sameKey,
    exemplar: {},
  };
}

function exemplarOf(e: TrailEvent, identity: Record<string, unknown>): RowExemplar {
  const arn = str(identity.arn);
  const principalId = str(identity.principalId);
  return {
    ...(arn ? { arn } : {}),
    ...(principalId ? { principalId } : {}),
    ...(e.sourceIp ? { sourceIp: e.sourceIp } : {}),
    ...(e.vpcEndpointId ? { vpcEndpointId: e.vpcEndpointId } : {}),
    ...(e.mfa !== undefined ? { mfa: e.mfa } : {}),
    ...(e.request ? { request: e.request } : {}),
    ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
  };
}
