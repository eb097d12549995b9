/**
 * `kms-policy activity --policy POLICY --trail FILE…`: who actually used a key, from CloudTrail log files
 * (`{"Records": [...]}`, plain or .json.gz, or directories of them), beside who the key policy lets use it;
 * the rights granted and never used; the refused attempts. `--tighten` prints a tightened policy instead:
 * a proposal, written nowhere. Files are streamed, so trails of any size are read in bounded memory.
 */
import * as path from 'node:path';
import { EMPTY_PATH } from '../fileKind';
import { analyseTrailFiles } from '../trailFiles/analyseTrails';
import { expandTrailPaths } from '../trailFiles/trailFiles';
import {
  createPolicyService,
  DEFAULT_MAX_GROUPS,
  grantsFromJson,
  InputError,
  normaliseKeyArn,
  renderActivityText,
  renderProposalSummary,
  windowTimeFrom,
  activityReport,
  AggregateRowsError,
  keyActivityOf,
  readAggregateRows,
  summaryFromAggregates,
  type ActivityReportJson,
  type Grant,
} from '../engine';
import { queryActivity, querySourcesFrom } from './activitySources';
import { allValues, choiceValue, describeOptions, lastValue, parseArgs, UsageError, type OptionSpec } from './args';
import { CONTEXT_OPTIONS, contextFromArgs } from './context';
import { displayPath } from './files';
import { readInput, readJsonInput, readPolicy } from './inputs';
import type { CliIo } from './io';
import { PROGRAM } from './version';

/** The options of `activity`. */
export const ACTIVITY_OPTIONS: readonly OptionSpec[] = [
  { name: 'policy', short: 'p', value: 'POLICY', description: 'the key policy file (without it, only who did is reported)' },
  {
    name: 'trail',
    short: 't',
    value: 'FILE',
    repeatable: true,
    description: 'a CloudTrail log file (.json or .json.gz) or a directory of them; repeatable, and further arguments are trail files too',
  },
  { name: 'lake', value: 'EDS_ID', repeatable: true, description: 'count the activity with CloudTrail Lake: the event data store id (or ARN) to query' },
  {
    name: 'athena',
    value: 'WORKGROUP:DATABASE.TABLE',
    repeatable: true,
    description: 'count the activity with Athena, on the CloudTrail table AWS documents; sources are tried in the order given',
  },
  { name: 'athena-output', value: 'S3_URI', description: 'where Athena writes its results, when the workgroup does not set it' },
  { name: 'athena-partitions', value: 'LIST', description: 'partition columns of the Athena table to prune by: timestamp, region, account (comma-separated)' },
  { name: 'endpoint-url', value: 'URL', description: 'send the queries to this endpoint instead of AWS (default: AWS_ENDPOINT_URL, else AWS)' },
  { name: 'key', short: 'k', value: 'ARN', description: 'the key ARN (needed when the trail names several keys)' },
  {
    name: 'alias',
    value: 'NAME',
    repeatable: true,
    description: 'an alias of the key (alias/name), for events that name the key only by an alias the trail does not map; repeatable',
  },
  {
    name: 'since',
    value: 'DATE',
    description: 'only events from DATE on (2026-09-01, an ISO time, or an age such as 90d); default: every event in the files',
  },
  { name: 'until', value: 'DATE', description: 'only events up to DATE' },
  {
    name: 'grants',
    value: 'FILE',
    description: 'grants on the key (the output of aws kms list-grants), to attribute calls made through them',
  },
  ...CONTEXT_OPTIONS.filter((o) => o.name === 'key-spec' || o.name === 'key-usage'),
  { name: 'tighten', description: 'print a tightened key policy (a proposal) instead of the report; its summary goes to standard error' },
  { name: 'format', short: 'f', value: 'FORMAT', description: 'text (default) or json' },
  { name: 'help', short: 'h', description: 'show this help' },
];

/** The help text of `activity`. */
export function activityHelp(): string {
  return `Usage: ${PROGRAM} activity --policy POLICY --trail FILE... [--key ARN] [--since DATE] [options]
       ${PROGRAM} activity --policy POLICY --key ARN (--lake EDS_ID | --athena WORKGROUP:DATABASE.TABLE)... [--since DATE] [options]

Reads CloudTrail log files as CloudTrail delivers them to S3 ({"Records": [...]}, plain or .json.gz, or
directories of them) and reports, for one KMS key: who did (calls by principal and operation, with how
they came in and how they failed), who can vs who did (each principal class of the key policy and the
rights it used), unused access (rights granted and never used), and denied attempts. Assumed-role
sessions are reported under their roles; events that name the key by alias or key id count for the key.

With --lake or --athena, CloudTrail Lake or Athena counts the events with one aggregate query per key
(calls grouped by principal, operation, source and error, with counts and times) and only the small
answer is analysed: no event is read one by one. Credentials come from the AWS SDK's default chain.
A source that fails is reported with AWS's reason, and the next source given is tried. Athena's report
says what it scanned and an estimate of its price ($5 per TB scanned).

With --tighten it prints a tightened key policy instead: statements narrowed to the principals and
actions used, delegation and administrator statements kept, checked against lockout and against every
recorded call. It is a proposal; nothing is written to KMS.

Options:
${describeOptions(ACTIVITY_OPTIONS)}

Exit status: 0 done, 1 done but some input could not be read to its end (partial results), 2 bad input,
3 done but the trail has more than ${DEFAULT_MAX_GROUPS.toLocaleString('en-US')} pairs of principal and operation, the most the analysis
keeps in memory: the events of further pairs are counted, not analysed (partial results; the report says how many).
`;
}

/** The exit status of a report that left events unanalysed at the group limit (1 is for unreadable input). */
const PARTIAL_ANALYSIS = 3;

/** Runs `activity` and returns the exit status. */
export async function runActivity(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ACTIVITY_OPTIONS);
  if (args.flags.has('help')) {
    io.out(activityHelp());
    return 0;
  }
  const format = choiceValue(args, 'format', ['text', 'json'] as const, 'text');
  const context = contextFromArgs(args);
  const trails = [...allValues(args, 'trail'), ...args.positionals];
  const querySources = querySourcesFrom(argv, {
    lake: allValues(args, 'lake'),
    athena: allValues(args, 'athena'),
    ...(lastValue(args, 'athena-output') !== undefined ? { output: lastValue(args, 'athena-output') } : {}),
    ...(lastValue(args, 'athena-partitions') !== undefined ? { partitions: lastValue(args, 'athena-partitions') } : {}),
  });
  if (querySources.length > 0 && trails.length > 0) throw new UsageError('give trail files or query sources (--lake, --athena), not both');
  if (trails.length === 0 && querySources.length === 0)
    throw new UsageError('no trail: name CloudTrail log files or directories with --trail, or a query source with --lake or --athena');
  const keyText = lastValue(args, 'key');
  const key = keyText === undefined ? undefined : normaliseKeyArn(keyText);
  if (keyText !== undefined && key === undefined) throw new UsageError(`--key must be a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) (got '${keyText}')`);
  const now = Date.now();
  const sinceText = lastValue(args, 'since');
  const untilText = lastValue(args, 'until');
  const since = sinceText === undefined ? undefined : windowTimeFrom(sinceText, '--since', now);
  const until = untilText === undefined ? undefined : windowTimeFrom(untilText, '--until', now);
  if (since !== undefined && until !== undefined && since > until) throw new UsageError('--since is after --until');
  const tighten = args.flags.has('tighten');
  const policyArg = lastValue(args, 'policy');
  if (tighten && policyArg === undefined) throw new UsageError('--tighten needs the key policy (--policy POLICY)');
  if (querySources.length > 0 && key === undefined) throw new UsageError('--lake and --athena need the key ARN (--key ARN)');
  if (querySources.length === 0 && trails.includes('-')) throw new UsageError('trails are read from files, not from standard input');
  if (trails.includes('')) throw new InputError(`cannot read trail: ${EMPTY_PATH} or directory`);
  let grants: Grant[] | undefined;
  const grantsArg = lastValue(args, 'grants');
  if (grantsArg !== undefined) {
    const { value, display } = await readJsonInput(grantsArg, io, 'grants');
    grants = grantsFromJson(value, display);
  }
  const service = createPolicyService({ context });
  const policy = policyArg === undefined ? undefined : readPolicy(service, await readInput(policyArg, io, 'policy'), io, 'activity');
  if (querySources.length > 0 && key !== undefined) {
    const window = { keyArn: key, since: new Date(since ?? now - 90 * 86_400_000), until: new Date(until ?? now) };
    const { answer, source } = await queryActivity(querySources, window, lastValue(args, 'endpoint-url'), io);
    let rows;
    try {
      rows = readAggregateRows(answer.columns, answer.rows, answer.source);
    } catch (e) {
      if (e instanceof AggregateRowsError)
        throw new InputError(`the ${source.kind === 'lake' ? 'CloudTrail Lake' : 'Athena'} answer is not the activity query's: ${e.message}`);
      throw e;
    }
    const summary = summaryFromAggregates(rows, { key, since: window.since.getTime(), until: window.until.getTime() });
    const report = activityReport(summary, keyActivityOf(summary)!, policy, {
      source,
      tighten,
      ...(grants ? { grants } : {}),
      ...(context.keySpec ? { keySpec: context.keySpec } : {}),
      ...(context.keyUsage ? { keyUsage: context.keyUsage } : {}),
    });
    return printReport(report, format, tighten, report.problems, io);
  }

  const resolved = trails.map((t) => path.resolve(io.cwd, t));
  const display = (file: string): string => displayPath(io.cwd, file);
  const { files, problems: pathProblems } = await expandTrailPaths(resolved);
  const shownPathProblems = pathProblems.map((p) => {
    const colon = p.indexOf(': ');
    return `${display(p.slice(0, colon))}${p.slice(colon)}`;
  });
  if (files.length === 0) throw new InputError(`no trail files to read: ${shownPathProblems.join('; ')}`);

  const analysis = await analyseTrailFiles({
    files,
    display,
    ...(key ? { key } : {}),
    aliases: allValues(args, 'alias'),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(policy ? { policy } : {}),
    ...(grants ? { grants } : {}),
    ...(context.keySpec ? { keySpec: context.keySpec } : {}),
    ...(context.keyUsage ? { keyUsage: context.keyUsage } : {}),
    tighten,
  });
  if (analysis.read.records === 0 && analysis.read.problems.length > 0) {
    throw new InputError(`no records could be read:\n  ${[...shownPathProblems, ...analysis.read.problems].join('\n  ')}`);
  }
  if (analysis.kind === 'choose-key') {
    const list = analysis.keys.map((k) => `  ${k.key}  (${k.events} event${k.events === 1 ? '' : 's'})`).join('\n');
    throw new InputError(`the trail names ${analysis.keys.length} keys; choose one with --key ARN:\n${list}`);
  }
  if (analysis.kind === 'no-events') {
    throw new InputError(
      `no KMS events naming a key in ${files.length} trail file${files.length === 1 ? '' : 's'} (${analysis.summary.stats.records} records read); give the key with --key to report on it anyway`,
    );
  }
  // The report's problems: the files it could not read, and its own (the group limit, for one).
  const problems = [...shownPathProblems, ...analysis.report.problems];
  const report = { ...analysis.report, problems, partial: analysis.report.partial || problems.length > 0 };
  return printReport(report, format, tighten, problems, io);
}

/** Prints the report (or the proposal) and returns the exit status. */
function printReport(report: ActivityReportJson, format: 'text' | 'json', tighten: boolean, problems: readonly string[], io: CliIo): number {
  if (format === 'json') io.out(`${JSON.stringify(report, null, 2)}\n`);
  else if (tighten && report.proposal) {
    io.out(report.proposal.text.endsWith('\n') ? report.proposal.text : `${report.proposal.text}\n`);
    io.err(renderProposalSummary(report.proposal));
    if (report.partial)
      io.err(
        `${PROGRAM} activity: warning: partial results; the proposal rests only on the events analysed, and would take away what any others used:\n  ${problems.join('\n  ')}\n`,
      );
  } else io.out(renderActivityText(report));
  return report.counts.overflow > 0 ? PARTIAL_ANALYSIS : report.partial ? 1 : 0;
}
