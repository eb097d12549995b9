/**
 * A key's activity counted by CloudTrail Lake or Athena: the aggregate query (shared/activityQuery.ts) sent in
 * the key's Region, polled with progress, stopped on AWS's side when the signal aborts. The answer (a few
 * rows) goes to the language server for the analysis.
 */
import { activityQuery, type ActivitySqlSource } from '../../../shared/activityQuery';
import { runAthenaQuery, runLakeQuery, type QueryAnswer, type RunOptions } from '../../../shared/activityRun';
import type { SessionClients } from './clients';

/** A configured query source; Athena may name where its results go. */
export type QuerySource = ActivitySqlSource & { readonly outputLocation?: string };

/** Options of `queryKeyActivity`. */
export interface QueryKeyActivityOptions extends Pick<RunOptions, 'signal' | 'onProgress' | 'pollMillis'> {
  readonly since: Date;
  readonly until: Date;
}

/** Runs the aggregate activity query of `keyArn` on `source`; QueryFailedError or QueryCancelledError otherwise. */
export function queryKeyActivity(clients: SessionClients, source: QuerySource, keyArn: string, options: QueryKeyActivityOptions): Promise<QueryAnswer> {
  const region = keyArn.split(':')[3] ?? '';
  const sql = activityQuery(source, { keyArn, since: options.since, until: options.until });
  const run = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    pollMillis: options.pollMillis ?? 1000,
  };
  return source.kind === 'lake'
    ? runLakeQuery(clients.cloudTrail(region), source.eventDataStore, sql, run)
    : runAthenaQuery(
        clients.athena(region),
        { workgroup: source.workgroup, database: source.database, ...(source.outputLocation ? { outputLocation: source.outputLocation } : {}) },
        sql,
        run,
      );
}
