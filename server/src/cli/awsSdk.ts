/**
 * The AWS SDK side of `kms-policy activity --lake / --athena`: the clients and the query runs, and nothing else.
 * Bundled apart (dist/cliAws.js, see scripts/bundleSplit.mjs) and required by activityQueries.ts only when a
 * query is sent: the SDK is about a third of the CLI's code, and every other command (lint over a thousand files
 * included) starts without compiling it. Nothing here throws the CLI's own error classes (they would be this
 * bundle's copies): QueryFailedError is this module's, and its callers test for it through this module.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { QueryFailedError, runAthenaQuery, runLakeQuery, type QueryAnswer } from '../../../shared/activityRun';

export { QueryFailedError };

/** Where a client sends its requests. */
export interface ClientConfig {
  readonly region: string;
  readonly endpoint?: string;
}

/** Runs the query on a CloudTrail Lake event data store. */
export function sendLakeQuery(config: ClientConfig, eventDataStore: string, sql: string): Promise<QueryAnswer> {
  return runLakeQuery(new CloudTrailClient(config), eventDataStore, sql);
}

/** Runs the query in an Athena workgroup. */
export function sendAthenaQuery(
  config: ClientConfig,
  target: { readonly workgroup: string; readonly database: string; readonly outputLocation?: string },
  sql: string,
): Promise<QueryAnswer> {
  return runAthenaQuery(new AthenaClient(config), target, sql);
}
