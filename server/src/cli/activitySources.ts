/**
 * `kms-policy activity --lake EDS_ID` / `--athena WORKGROUP:DATABASE.TABLE`: the key's activity counted by
 * CloudTrail Lake or Athena with one aggregate query (shared/activityQuery.ts), sent through the AWS SDK
 * (credentials from the default chain; `--endpoint-url` or AWS_ENDPOINT_URL to reach another endpoint; the SDK
 * loaded only then),
 * and analysed by the engine like the records of trail files. Sources are tried in the order given; a
 * source that fails is reported with AWS's reason and the next one is tried.
 */
import {
  ActivityQueryError,
  activityQuery,
  checkAthena,
  eventDataStoreId,
  parseAthenaTarget,
  type ActivitySqlSource,
  type AthenaPartition,
} from '../../../shared/activityQuery';
import type { QueryAnswer } from '../../../shared/activityRun';
import { InputError, type ActivitySourceJson } from '../engine';
import { UsageError } from './args';
import type { CliIo } from './io';
import { PROGRAM } from './version';

/**
 * The AWS SDK side (awsSdk.ts), loaded when a query is sent: in the bundle, dist/cliAws.js beside dist/cli.js
 * (esbuild leaves this require to run time, see scripts/bundleSplit.mjs); compiled, the module beside this one.
 */
function awsSdk(): typeof import('./awsSdk') {
  return require('./awsSdk') as typeof import('./awsSdk');
}

/** One query source named on the command line. */
export type CliQuerySource = ActivitySqlSource & { readonly outputLocation?: string };

/** Reads --lake, --athena (in the order given), --athena-output and --athena-partitions. */
export function querySourcesFrom(
  argv: readonly string[],
  values: { lake: readonly string[]; athena: readonly string[]; output?: string; partitions?: string },
): CliQuerySource[] {
  const partitions = (values.partitions ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '') as AthenaPartition[];
  const sources: { at: number; source: CliQuerySource }[] = [];
  try {
    for (const id of values.lake) sources.push({ at: argv.indexOf(id), source: { kind: 'lake', eventDataStore: eventDataStoreId(id) } });
    for (const text of values.athena) {
      const t = parseAthenaTarget(text);
      checkAthena(t);
      sources.push({ at: argv.indexOf(text), source: { kind: 'athena', ...t, partitions, ...(values.output ? { outputLocation: values.output } : {}) } });
    }
  } catch (e) {
    if (e instanceof ActivityQueryError) throw new UsageError(e.message);
    throw e;
  }
  if (values.output !== undefined && !/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/.test(values.output))
    throw new UsageError(`--athena-output must be an s3:// location (got '${values.output}')`);
  return sources.sort((a, b) => a.at - b.at).map((s) => s.source);
}

function nameOf(s: CliQuerySource): string {
  return s.kind === 'lake' ? s.eventDataStore : `${s.workgroup}:${s.database}.${s.table}`;
}

const LABEL = { lake: 'CloudTrail Lake', athena: 'Athena' } as const;

/** The answer of the first source that answers, with the report's source facts; InputError when none does. */
export async function queryActivity(
  sources: readonly CliQuerySource[],
  window: { keyArn: string; since: Date; until: Date },
  endpoint: string | undefined,
  io: CliIo,
): Promise<{ answer: QueryAnswer; source: ActivitySourceJson }> {
  const region = window.keyArn.split(':')[3]!;
  const config = { region, ...(endpoint ? { endpoint } : {}) };
  const skipped: { kind: string; reason: string }[] = [];
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    let sql: string;
    try {
      sql = activityQuery(s, window);
    } catch (e) {
      if (e instanceof ActivityQueryError) throw new UsageError(e.message);
      throw e;
    }
    const aws = awsSdk();
    try {
      const answer =
        s.kind === 'lake'
          ? await aws.sendLakeQuery(config, s.eventDataStore, sql)
          : await aws.sendAthenaQuery(
              config,
              { workgroup: s.workgroup, database: s.database, ...(s.outputLocation ? { outputLocation: s.outputLocation } : {}) },
              sql,
            );
      const source: ActivitySourceJson = {
        kind: s.kind,
        name: nameOf(s),
        queryId: answer.queryId,
        ...(answer.bytesScanned !== undefined ? { bytesScanned: answer.bytesScanned } : {}),
        ...(answer.costUsd !== undefined ? { costUsd: answer.costUsd } : {}),
        ...(skipped.length > 0 ? { skipped } : {}),
      };
      return { answer, source };
    } catch (e) {
      if (!(e instanceof aws.QueryFailedError)) throw e;
      const next = sources[i + 1];
      skipped.push({ kind: s.kind, reason: e.reason });
      io.err(
        `${PROGRAM} activity: ${LABEL[s.kind]} (${nameOf(s)}) did not answer: ${e.reason}${next ? `; trying ${LABEL[next.kind]} (${nameOf(next)}) next` : ''}\n`,
      );
    }
  }
  throw new InputError(`no source answered the activity query: ${skipped.map((s) => `${LABEL[s.kind as 'lake' | 'athena']}: ${s.reason}`).join('; ')}`);
}
