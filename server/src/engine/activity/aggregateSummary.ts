/**
 * From the rows of the aggregate query to the activity the report is made of: the same groups, counts, times,
 * sources, errors, sessions and samples the record aggregator (aggregate.ts) builds from the records
 * themselves. Reading a query's answer checks every column and value: an answer with unexpected columns or a
 * value of the wrong shape is refused with the reason, never guessed at.
 */
import { canonicalAction } from '../simulate/knowledge';
import { AGGREGATE_COLUMNS } from './aggregateColumns';
import { compareRows, type ActivityAggregateRow, type RowExemplar } from './aggregateRows';
import type { ActivitySummary, KeyActivity } from './aggregate';
import { newGroup, type ActivityGroup, type EventSample } from './groups';
import { normaliseKeyArn } from './keyRefs';
import { readIdentity, type EventPrincipal } from './principal';
import { isAccessDenied, requestAlias } from './record';

/** An answer that is not the aggregate query's. */
export class AggregateRowsError extends Error {}

/** How the answering engine writes request parameters: Athena's are the record's JSON, CloudTrail Lake's a map of texts. */
export type AggregateDialect = 'athena' | 'lake';

/** Reads a query answer (column names and rows of texts, as GetQueryResults gives them) into rows. */
export function readAggregateRows(
  columns: readonly string[],
  rows: readonly (readonly (string | null | undefined)[])[],
  dialect: AggregateDialect,
): ActivityAggregateRow[] {
  const expected = AGGREGATE_COLUMNS.join(', ');
  if (columns.length !== AGGREGATE_COLUMNS.length || columns.some((c, i) => c.toLowerCase() !== AGGREGATE_COLUMNS[i]))
    throw new AggregateRowsError(`The query answered the columns ${columns.join(', ')}; expected ${expected}.`);
  return rows.map((r, i) => readRow(r, i + 1, dialect)).sort(compareRows);
}

function readRow(r: readonly (string | null | undefined)[], n: number, dialect: AggregateDialect): ActivityAggregateRow {
  const fail = (column: string, why: string): never => {
    throw new AggregateRowsError(`Row ${n} of the query answer: ${column} ${why}.`);
  };
  if (r.length !== AGGREGATE_COLUMNS.length) fail('the row', `has ${r.length} values, not ${AGGREGATE_COLUMNS.length}`);
  const v = (i: number): string | undefined => (r[i] === null || r[i] === undefined || r[i] === '' ? undefined : r[i]!);
  const text = (i: number): string => v(i) ?? fail(AGGREGATE_COLUMNS[i]!, 'is empty');
  const int = (i: number): number => {
    const s = text(i);
    if (!/^-?\d{1,16}$/.test(s)) fail(AGGREGATE_COLUMNS[i]!, `is not a whole number: ${s}`);
    return Number(s);
  };
  const json = (i: number): unknown => {
    try {
      return JSON.parse(text(i));
    } catch {
      return fail(AGGREGATE_COLUMNS[i]!, 'is not JSON');
    }
  };
  const strings = (i: number): string[] => {
    const value = v(i) === undefined ? [] : json(i);
    if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) fail(AGGREGATE_COLUMNS[i]!, 'is not a list of texts');
    return value as string[];
  };
  const sameKey = text(11);
  if (sameKey !== 'true' && sameKey !== 'false') fail('same_key', `is not true or false: ${sameKey}`);
  const calls = int(12);
  if (calls < 1) fail('calls', 'is below 1');
  const ex = json(15);
  if (!Array.isArray(ex) || ex.length !== 7 || ex.some((x) => x !== null && typeof x !== 'string')) fail('exemplar', 'is not a list of 7 texts');
  const optional = (name: string, i: number): Record<string, string> => {
    const s = v(i);
    return s === undefined ? {} : { [name]: s };
  };
  return {
    principalKey: text(0),
    identityType: v(1) ?? '',
    ...optional('accountId', 2),
    ...optional('invokedBy', 3),
    ...optional('issuerArn', 4),
    operation: text(5),
    ...optional('eventType', 6),
    source: text(7),
    region: text(8),
    ...optional('errorCode', 9),
    contextKeys: strings(10),
    sameKey: sameKey === 'true',
    calls,
    first: int(13),
    last: int(14),
    exemplar: readExemplar(ex as (string | null)[], dialect, (why) => fail('exemplar', why)),
    sessions: strings(16),
    sessionCount: int(17),
  };
}

function readExemplar(ex: readonly (string | null)[], dialect: AggregateDialect, fail: (why: string) => never): RowExemplar {
  const [arn, principalId, sourceIp, vpcEndpointId, mfa, errorMessage, request] = ex;
  let parameters: unknown;
  if (request) {
    try {
      parameters = JSON.parse(request);
    } catch {
      fail('has request parameters that are not JSON');
    }
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) fail('has request parameters that are not a JSON object');
    if (dialect === 'lake') parameters = lakeParameters(parameters as Record<string, string>);
  }
  return {
    ...(arn ? { arn } : {}),
    ...(principalId ? { principalId } : {}),
    ...(sourceIp ? { sourceIp } : {}),
    ...(vpcEndpointId ? { vpcEndpointId } : {}),
    ...(mfa === 'true' ? { mfa: true } : mfa === 'false' ? { mfa: false } : {}),
    ...(parameters ? { request: parameters as Record<string, unknown> } : {}),
    ...(errorMessage ? { errorMessage } : {}),
  };
}

/**
 * CloudTrail Lake keeps requestParameters as map<string,string>: members that are objects, lists, numbers or
 * booleans in the record are texts of their JSON there. They are read back so the replay sees the record's values.
 */
function lakeParameters(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(map)) {
    if (typeof value === 'string' && /^([[{]|-?\d+(\.\d+)?$|true$|false$)/.test(value)) {
      try {
        out[k] = JSON.parse(value);
        continue;
      } catch {
        // kept as text
      }
    }
    out[k] = value;
  }
  return out;
}

/** What the summary of aggregate rows is for. */
export interface AggregateSummaryOptions {
  readonly key: string;
  readonly since?: number;
  readonly until?: number;
  /** As ActivityOptions: most groups kept (default 50,000) and samples per group (default 8). */
  readonly maxGroups?: number;
  readonly samplesPerGroup?: number;
}

/** The activity of the key from the rows of its aggregate query (rows in compareRows order, as readAggregateRows leaves them). */
export function summaryFromAggregates(rows: readonly ActivityAggregateRow[], options: AggregateSummaryOptions): ActivitySummary {
  const key = normaliseKeyArn(options.key);
  if (!key) throw new RangeError(`not a key ARN: ${options.key}`);
  const maxGroups = options.maxGroups ?? 50_000;
  const maxSamples = options.samplesPerGroup ?? 8;
  const groups = new Map<string, ActivityGroup>();
  const skipped: Record<string, number> = {};
  let events = 0;
  let overflow = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const row of [...rows].sort(compareRows)) {
    const principal = rowPrincipal(row);
    // The ReEncryptTo row of a same-key ReEncrypt repeats the events of its ReEncryptFrom row.
    const newEvents = row.operation === 'ReEncryptTo' && row.sameKey ? 0 : row.calls;
    if (typeof principal === 'string') {
      skipped[principal] = (skipped[principal] ?? 0) + newEvents;
      continue;
    }
    const id = `${principal.id}\u0001${row.operation}`;
    let g = groups.get(id);
    if (!g) {
      if (groups.size >= maxGroups) {
        overflow += newEvents;
        continue;
      }
      g = newGroup(principal, row.operation, actionOf(row), row.first);
      for (const s of row.sessions) g.sessions.add(s);
      g.moreSessions = Math.max(0, row.sessionCount - row.sessions.length);
      groups.set(id, g);
    }
    foldRow(g, row, principal, maxSamples);
    events += newEvents;
    if (row.first < first) first = row.first;
    if (row.last > last) last = row.last;
  }
  const sorted = [...groups.values()].sort(
    (x, y) => y.count - x.count || x.principal.id.localeCompare(y.principal.id) || x.operation.localeCompare(y.operation),
  );
  const activity: KeyActivity = { key, keyKnown: true, aliases: [], events, ...(events > 0 ? { first, last } : {}), groups: sorted };
  const total = events + overflow + Object.values(skipped).reduce((a, b) => a + b, 0);
  return {
    stats: {
      records: total,
      kmsEvents: total,
      attributed: events,
      otherKeys: 0,
      otherServices: 0,
      noKey: 0,
      outsideWindow: 0,
      unresolvedAlias: 0,
      overflow,
      unread: 0,
      skipped,
      ...(events > 0 ? { first, last } : {}),
    },
    keys: [activity],
    target: key,
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
    movedAliases: [],
    unresolvedAliases: [],
    groupLimit: maxGroups,
  };
}

/** The key-policy action of a row's calls (as aggregate.ts: none for service events; ReEncrypt's two halves by name). */
function actionOf(row: ActivityAggregateRow): string | undefined {
  if (row.operation === 'ReEncryptFrom' || row.operation === 'ReEncryptTo') return `kms:${row.operation}`;
  if (row.eventType === 'AwsServiceEvent') return undefined;
  return canonicalAction(`kms:${row.operation}`.toLowerCase());
}

/** The caller of a row's first call, read as a record's userIdentity is. */
function rowPrincipal(row: ActivityAggregateRow): EventPrincipal | ReturnType<typeof readIdentity> {
  const ex = row.exemplar;
  const mfa = ex.mfa === undefined ? {} : { attributes: { mfaAuthenticated: String(ex.mfa) } };
  return readIdentity({
    type: row.identityType,
    ...(ex.arn ? { arn: ex.arn } : {}),
    ...(row.accountId ? { accountId: row.accountId } : {}),
    ...(row.invokedBy ? { invokedBy: row.invokedBy } : {}),
    ...(ex.principalId ? { principalId: ex.principalId } : {}),
    ...(row.issuerArn || ex.mfa !== undefined ? { sessionContext: { ...(row.issuerArn ? { sessionIssuer: { arn: row.issuerArn } } : {}), ...mfa } } : {}),
  });
}

function foldRow(g: ActivityGroup, row: ActivityAggregateRow, principal: EventPrincipal, maxSamples: number): void {
  g.count += row.calls;
  if (row.first < g.first) g.first = row.first;
  if (row.last > g.last) g.last = row.last;
  g.sources.set(row.source, (g.sources.get(row.source) ?? 0) + row.calls);
  const code = row.errorCode;
  if (code === undefined) g.succeeded += row.calls;
  else {
    if (isAccessDenied(code)) {
      g.denied += row.calls;
      if (!(row.first >= g.deniedFirst)) g.deniedFirst = row.first;
      if (!(row.last <= g.deniedLast)) g.deniedLast = row.last;
    } else g.failed += row.calls;
    const err = g.errors.get(code);
    if (err) err.count += row.calls;
    else g.errors.set(code, { count: row.calls, ...(row.exemplar.errorMessage ? { message: row.exemplar.errorMessage } : {}) });
  }
  for (const k of row.contextKeys) g.contextKeys.add(k);
  if (g.samples.length < maxSamples) g.samples.push(rowSample(row, principal));
}

function rowSample(row: ActivityAggregateRow, principal: EventPrincipal): EventSample {
  const ex = row.exemplar;
  const alias = requestAlias(ex);
  return {
    time: row.first,
    principal,
    source: row.source,
    region: row.region,
    ...(row.errorCode ? { errorCode: row.errorCode } : {}),
    ...(ex.errorMessage ? { errorMessage: ex.errorMessage } : {}),
    ...(ex.request ? { request: ex.request } : {}),
    ...(ex.sourceIp ? { sourceIp: ex.sourceIp } : {}),
    ...(ex.vpcEndpointId ? { vpcEndpointId: ex.vpcEndpointId } : {}),
    ...(ex.mfa !== undefined ? { mfa: ex.mfa } : {}),
    ...(alias ? { alias } : {}),
    ...(row.sameKey ? { sameKey: true } : {}),
  };
}
