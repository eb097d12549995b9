/**
 * Sends the aggregate activity query (activityQuery.ts) to CloudTrail Lake or Athena and waits for its
 * answer: start, poll, page the results, and on cancellation stop the query on AWS's side (CancelQuery,
 * StopQueryExecution) so it is not left running and billed. Used by the extension and the CLI alike;
 * the analysis of the answer is the engine's.
 */
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand as AthenaResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import {
  CancelQueryCommand,
  DescribeQueryCommand,
  GetQueryResultsCommand as LakeResultsCommand,
  StartQueryCommand,
  type CloudTrailClient,
} from '@aws-sdk/client-cloudtrail';

/** Athena's price: 5 US dollars per terabyte scanned, at least 10 MB per query (an estimate: Regions and discounts differ). */
export const ATHENA_USD_PER_TB = 5;
const ATHENA_MIN_BYTES = 10 * 1024 * 1024;

/** The estimated price of an Athena query that scanned `bytes`. */
export function athenaCostUsd(bytes: number): number {
  return (Math.max(bytes, ATHENA_MIN_BYTES) / 1e12) * ATHENA_USD_PER_TB;
}

/** A query's answer, as texts. */
export interface QueryAnswer {
  readonly source: 'lake' | 'athena';
  readonly queryId: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
  readonly bytesScanned?: number;
  /** Athena only: the estimated price (ATHENA_USD_PER_TB). */
  readonly costUsd?: number;
}

/** A query AWS refused, failed or timed out: `reason` is AWS's own words. */
export class QueryFailedError extends Error {
  constructor(
    readonly source: 'lake' | 'athena',
    readonly reason: string,
    readonly state?: string,
  ) {
    super(`${source === 'lake' ? 'CloudTrail Lake' : 'Athena'}: ${reason}`);
    this.name = 'QueryFailedError';
  }
}

/** The query was cancelled by the caller (and stopped on AWS's side). */
export class QueryCancelledError extends Error {
  constructor(readonly source: 'lake' | 'athena') {
    super(`The ${source === 'lake' ? 'CloudTrail Lake' : 'Athena'} query was cancelled.`);
    this.name = 'QueryCancelledError';
  }
}

/** How to wait. */
export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Between polls (default 1000 ms). */
  readonly pollMillis?: number;
  /** Give up (and stop the query) after this long (default 10 minutes). */
  readonly timeoutMillis?: number;
  /** Called at each poll with the query's state. */
  readonly onProgress?: (state: string, elapsedMillis: number) => void;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

function reasonOf(e: unknown): string {
  if (e instanceof Error) return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`;
  return String(e);
}

/** Polls until the query leaves its running states; stops it on cancellation or timeout. */
async function waitFor(
  source: 'lake' | 'athena',
  poll: () => Promise<{ state: string; reason?: string }>,
  stop: () => Promise<unknown>,
  running: readonly string[],
  options: RunOptions,
): Promise<string> {
  const began = Date.now();
  for (;;) {
    if (options.signal?.aborted) {
      await stop().catch(() => undefined);
      throw new QueryCancelledError(source);
    }
    const { state, reason } = await poll().catch((e: unknown) => {
      throw new QueryFailedError(source, reasonOf(e));
    });
    options.onProgress?.(state, Date.now() - began);
    if (!running.includes(state)) {
      if (reason !== undefined || (state !== 'FINISHED' && state !== 'SUCCEEDED'))
        throw new QueryFailedError(source, reason ?? `the query ended ${state}`, state);
      return state;
    }
    if (Date.now() - began > (options.timeoutMillis ?? 600_000)) {
      await stop().catch(() => undefined);
      throw new QueryFailedError(
        source,
        `the query did not finish within ${Math.round((options.timeoutMillis ?? 600_000) / 1000)} s and was stopped`,
        'TIMED_OUT',
      );
    }
    await sleep(options.pollMillis ?? 1000, options.signal);
  }
}

/** Runs a query on a CloudTrail Lake event data store. */
export async function runLakeQuery(client: CloudTrailClient, eventDataStore: string, sql: string, options: RunOptions = {}): Promise<QueryAnswer> {
  const started = await client.send(new StartQueryCommand({ QueryStatement: sql })).catch((e: unknown) => {
    throw new QueryFailedError('lake', reasonOf(e));
  });
  const id = started.QueryId!;
  let bytes = 0;
  await waitFor(
    'lake',
    async () => {
      const d = await client.send(new DescribeQueryCommand({ EventDataStore: eventDataStore, QueryId: id }));
      bytes = d.QueryStatistics?.BytesScanned ?? bytes;
      return { state: d.QueryStatus ?? 'UNKNOWN', ...(d.ErrorMessage ? { reason: d.ErrorMessage } : {}) };
    },
    () => client.send(new CancelQueryCommand({ EventDataStore: eventDataStore, QueryId: id })),
    ['QUEUED', 'RUNNING'],
    options,
  );
  let columns: string[] | undefined;
  const rows: (string | null)[][] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new LakeResultsCommand({ EventDataStore: eventDataStore, QueryId: id, NextToken: token })).catch((e: unknown) => {
      throw new QueryFailedError('lake', reasonOf(e));
    });
    for (const row of page.QueryResultRows ?? []) {
      const names = row.map((cell) => Object.keys(cell)[0] ?? '');
      columns ??= names;
      if (names.join('\u0001') !== columns.join('\u0001'))
        throw new QueryFailedError('lake', `a result row has the columns ${names.join(', ')}, not ${columns.join(', ')}`);
      rows.push(row.map((cell) => Object.values(cell)[0] ?? null));
    }
    token = page.NextToken;
  } while (token);
  return { source: 'lake', queryId: id, columns: columns ?? [], rows, bytesScanned: bytes };
}

/** Where an Athena query runs. */
export interface AthenaTarget {
  readonly workgroup: string;
  readonly database: string;
  /** s3:// location of the results, when the workgroup does not set one. */
  readonly outputLocation?: string;
}

/** Runs a query on Athena. */
export async function runAthenaQuery(client: AthenaClient, target: AthenaTarget, sql: string, options: RunOptions = {}): Promise<QueryAnswer> {
  const started = await client
    .send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: target.workgroup,
        QueryExecutionContext: { Database: target.database },
        ...(target.outputLocation ? { ResultConfiguration: { OutputLocation: target.outputLocation } } : {}),
      }),
    )
    .catch((e: unknown) => {
      throw new QueryFailedError('athena', reasonOf(e));
    });
  const id = started.QueryExecutionId!;
  let bytes = 0;
  await waitFor(
    'athena',
    async () => {
      const q = (await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution;
      bytes = q?.Statistics?.DataScannedInBytes ?? bytes;
      const state = q?.Status?.State ?? 'UNKNOWN';
      const reason = q?.Status?.AthenaError?.ErrorMessage ?? q?.Status?.StateChangeReason;
      return { state, ...(state === 'FAILED' || state === 'CANCELLED' ? { reason: reason ?? `the query ended ${state}` } : {}) };
    },
    () => client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })),
    ['QUEUED', 'RUNNING'],
    options,
  );
  let columns: string[] | undefined;
  const rows: (string | null)[][] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new AthenaResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 })).catch((e: unknown) => {
      throw new QueryFailedError('athena', reasonOf(e));
    });
    const list = page.ResultSet?.Rows ?? [];
    columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
    // Athena repeats the column names as the first row of the first page.
    const start =
      token === undefined && list.length > 0 && (list[0]!.Data ?? []).map((d) => d.VarCharValue ?? '').join('\u0001') === columns.join('\u0001') ? 1 : 0;
    for (const r of list.slice(start)) rows.push((r.Data ?? []).map((d) => d.VarCharValue ?? null));
    token = page.NextToken;
  } while (token);
  return { source: 'athena', queryId: id, columns, rows, bytesScanned: bytes, costUsd: athenaCostUsd(bytes) };
}
