/**
 * CloudTrail Lake (StartQuery, DescribeQuery, GetQueryResults, CancelQuery) and Athena (StartQueryExecution,
 * GetQueryExecution, GetQueryResults, StopQueryExecution) over the endpoint's trail, run by DuckDB
 * (sqlEngine.ts). Queries run in the background as on AWS: started, polled, paged, stoppable. The tables
 * hold the trail of the caller's account; an Athena scan is charged the bytes of every record of the table.
 */
import { randomUUID } from 'node:crypto';
import { ServiceError } from './errors';
import type { OpContext } from './ops/context';
import type { Input } from './ops/input';
import { SqlEngine, toDuckDb, type SqlAnswer } from './sqlEngine';
import type { TrailStore } from './trail';

/** Names the endpoint answers to. */
export interface QuerySettings {
  /** Event data store ids (default one: LOCAL_EVENT_DATA_STORE). */
  readonly eventDataStores: readonly string[];
  readonly workgroups: readonly string[];
  /** Athena tables as `database.table`. */
  readonly athenaTables: readonly string[];
  /** Milliseconds a query stays RUNNING at least (tests of progress and cancellation). */
  readonly minRunMillis: number;
  /** Lay the trail out as the tables (default); false when the caller creates them itself (the bench's generated records). */
  readonly layOut: boolean;
}

/** The local event data store id. */
export const LOCAL_EVENT_DATA_STORE = 'EXAMPLE0-f852-4e8f-8bd1-bcf6cEXAMPLE';
export const DEFAULT_QUERY_SETTINGS: QuerySettings = {
  eventDataStores: [LOCAL_EVENT_DATA_STORE],
  workgroups: ['primary'],
  athenaTables: ['default.cloudtrail_logs'],
  minRunMillis: 0,
  layOut: true,
};

interface Query {
  readonly id: string;
  readonly kind: 'lake' | 'athena';
  readonly sql: string;
  readonly created: Date;
  state: 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED';
  error?: string;
  answer?: SqlAnswer;
  bytes: number;
  millis: number;
  interrupt?: () => void;
  workgroup?: string;
}

/** AWS's wording of the failures a client is expected to show (Athena names a missing table so). */
function failureReason(kind: Query['kind'], message: string): string {
  const table = /Table with name (\S+) does not exist/.exec(message)?.[1];
  if (kind === 'athena' && table !== undefined) return `TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${table}' does not exist`;
  return message;
}

/** The query service of one endpoint. */
export class QueryService {
  private engine: Promise<SqlEngine> | undefined;
  private laidOut = -1;
  private readonly queries = new Map<string, Query>();

  constructor(
    private readonly trail: TrailStore,
    readonly settings: QuerySettings,
  ) {}

  /** The DuckDB engine (created on first use), for the bench to define tables of its own. */
  sql(): Promise<SqlEngine> {
    this.engine ??= SqlEngine.create();
    return this.engine;
  }

  private async tables(account: string): Promise<SqlEngine> {
    const engine = await this.sql();
    const stamp = this.trail.size;
    if (this.settings.layOut && stamp !== this.laidOut) {
      this.laidOut = stamp;
      await engine.loadRecords(this.trail.eventsOfAccount(account).map((e) => ({ account, json: JSON.stringify(e.record) })));
      for (const id of this.settings.eventDataStores) await engine.layOutLake(id, account);
      for (const t of this.settings.athenaTables) await engine.layOutAthena(t.split('.')[0]!, t.split('.')[1]!, account);
    }
    return engine;
  }

  private start(kind: Query['kind'], sql: string, ctx: OpContext, workgroup?: string): string {
    const q: Query = { id: randomUUID(), kind, sql, created: ctx.now, state: 'RUNNING', bytes: 0, millis: 0, ...(workgroup ? { workgroup } : {}) };
    this.queries.set(q.id, q);
    const began = Date.now();
    const delay = new Promise((r) => setTimeout(r, this.settings.minRunMillis));
    void (async () => {
      try {
        const engine = await this.tables(ctx.caller.accountId);
        const answer = await engine.query(toDuckDb(sql, this.settings.eventDataStores), (stop) => (q.interrupt = stop));
        await delay;
        if (q.state !== 'RUNNING') return;
        q.answer = answer;
        q.bytes = this.settings.layOut ? await engine.bytesOf(ctx.caller.accountId) : 0;
        q.state = 'FINISHED';
      } catch (e) {
        await delay;
        if (q.state !== 'RUNNING') return;
        q.state = 'FAILED';
        q.error = failureReason(kind, e instanceof Error ? e.message.split('\n')[0]! : String(e));
      } finally {
        q.millis = Date.now() - began;
      }
    })();
    return q.id;
  }

  private find(input: Input, member: string, kind: Query['kind']): Query {
    const id = input[member];
    const q = typeof id === 'string' ? this.queries.get(id) : undefined;
    if (!q || q.kind !== kind) {
      throw kind === 'lake'
        ? new ServiceError('QueryIdNotFoundException', `The query ID ${String(id)} does not exist or is not associated with the specified event data store.`)
        : new ServiceError('InvalidRequestException', `QueryExecution ${String(id)} was not found`);
    }
    return q;
  }

  private stop(q: Query): void {
    if (q.state !== 'RUNNING') return;
    q.state = 'CANCELLED';
    q.interrupt?.();
  }

  /** The state of every query so far, oldest first (for tests asserting that a query was stopped). */
  states(): string[] {
    return [...this.queries.values()].map((q) => q.state);
  }

  // CloudTrail Lake

  /** StartQuery: the statement must name a known event data store after FROM. */
  startQuery(input: Input, ctx: OpContext): Record<string, unknown> {
    const sql = input.QueryStatement;
    if (typeof sql !== 'string' || sql.trim() === '') throw new ServiceError('InvalidQueryStatementException', 'The query statement is empty.');
    const named = /\bFROM\s+([A-Za-z0-9-]+)/i.exec(sql)?.[1];
    if (named === undefined) throw new ServiceError('InvalidQueryStatementException', 'The query must name an event data store after FROM.');
    if (!this.settings.eventDataStores.includes(named))
      throw new ServiceError('EventDataStoreNotFoundException', `The specified event data store ${named} was not found.`);
    return { QueryId: this.start('lake', sql, ctx) };
  }

  describeQuery(input: Input): Record<string, unknown> {
    const q = this.find(input, 'QueryId', 'lake');
    return {
      QueryId: q.id,
      QueryString: q.sql,
      QueryStatus: q.state,
      QueryStatistics: {
        EventsMatched: q.answer?.rows.length ?? 0,
        EventsScanned: 0,
        BytesScanned: q.bytes,
        ExecutionTimeInMillis: q.millis,
        CreationTime: q.created,
      },
      ...(q.error ? { ErrorMessage: q.error } : {}),
    };
  }

  lakeResults(input: Input): Record<string, unknown> {
    const q = this.find(input, 'QueryId', 'lake');
    if (q.state === 'RUNNING') throw new ServiceError('InactiveQueryException', `The query ${q.id} is still running.`);
    const { page, next } = this.page(q, input.NextToken, input.MaxQueryResults, 1000);
    return {
      QueryStatus: q.state,
      QueryStatistics: { ResultsCount: page.length, TotalResultsCount: q.answer?.rows.length ?? 0, BytesScanned: q.bytes },
      QueryResultRows: page.map((row) => row.map((v, i) => ({ [q.answer!.columns[i]!]: v ?? '' }))),
      ...(next ? { NextToken: next } : {}),
      ...(q.error ? { ErrorMessage: q.error } : {}),
    };
  }

  cancelQuery(input: Input): Record<string, unknown> {
    const q = this.find(input, 'QueryId', 'lake');
    if (q.state !== 'RUNNING') throw new ServiceError('InactiveQueryException', `The query ${q.id} is not running: ${q.state}.`);
    this.stop(q);
    return { QueryId: q.id, QueryStatus: q.state };
  }

  // Athena

  startQueryExecution(input: Input, ctx: OpContext): Record<string, unknown> {
    const sql = input.QueryString;
    if (typeof sql !== 'string' || sql.trim() === '') throw new ServiceError('InvalidRequestException', 'QueryString must not be empty.');
    const workgroup = typeof input.WorkGroup === 'string' ? input.WorkGroup : 'primary';
    if (!this.settings.workgroups.includes(workgroup)) throw new ServiceError('InvalidRequestException', `WorkGroup ${workgroup} is not found.`);
    return { QueryExecutionId: this.start('athena', sql, ctx, workgroup) };
  }

  getQueryExecution(input: Input): Record<string, unknown> {
    const q = this.find(input, 'QueryExecutionId', 'athena');
    const state = q.state === 'FINISHED' ? 'SUCCEEDED' : q.state;
    return {
      QueryExecution: {
        QueryExecutionId: q.id,
        Query: q.sql,
        StatementType: 'DML',
        WorkGroup: q.workgroup,
        Status: {
          State: state,
          SubmissionDateTime: q.created,
          ...(q.error ? { StateChangeReason: q.error, AthenaError: { ErrorCategory: 2, ErrorType: 1301, Retryable: false, ErrorMessage: q.error } } : {}),
        },
        Statistics: { DataScannedInBytes: q.bytes, EngineExecutionTimeInMillis: q.millis, TotalExecutionTimeInMillis: q.millis },
      },
    };
  }

  athenaResults(input: Input): Record<string, unknown> {
    const q = this.find(input, 'QueryExecutionId', 'athena');
    if (q.state !== 'FINISHED')
      throw new ServiceError('InvalidRequestException', `Query has not yet finished. Current state: ${q.state === 'RUNNING' ? 'RUNNING' : q.state}`);
    // The first page starts with the header row, as Athena's does for a SELECT.
    const first = input.NextToken === undefined || input.NextToken === null;
    const { page, next } = this.page(q, input.NextToken, input.MaxResults, first ? 999 : 1000);
    const columns = q.answer!.columns;
    const rows = [...(first ? [columns] : []), ...page].map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) }));
    return {
      ResultSet: {
        Rows: rows,
        ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ Name: c, Label: c, Type: 'varchar', CatalogName: 'hive', Nullable: 'UNKNOWN' })) },
      },
      UpdateCount: 0,
      ...(next ? { NextToken: next } : {}),
    };
  }

  stopQueryExecution(input: Input): Record<string, unknown> {
    this.stop(this.find(input, 'QueryExecutionId', 'athena'));
    return {};
  }

  private page(q: Query, token: unknown, max: unknown, limit: number): { page: readonly (readonly (string | null)[])[]; next?: string } {
    const rows = q.answer?.rows ?? [];
    const start = typeof token === 'string' ? Number(/^page-(\d+)$/.exec(token)?.[1] ?? NaN) : 0;
    if (Number.isNaN(start)) throw new ServiceError('InvalidRequestException', 'The NextToken is not valid.');
    const size = typeof max === 'number' && max > 0 ? Math.min(max, limit) : limit;
    const end = start + size;
    return { page: rows.slice(start, end), ...(end < rows.length ? { next: `page-${end}` } : {}) };
  }
}
