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
  type Grant,
} from '../engine';
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

Reads CloudTrail log files as CloudTrail delivers them to S3 ({"Records": [...]}, plain or .json.gz, or
directories of them) and reports, for one KMS key: who did (calls by principal and operation, with how
they came in and how they failed), who can vs who did (each principal class of the key policy and the
rights it used), unused access (rights granted and never used), and denied attempts. Assumed-role
sessions are reported under their roles; events that name the key by alias or key id count for the key.

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
  if (trails.length === 0) throw new UsageError('no trail: name CloudTrail log files or directories with --trail');
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
  if (trails.includes('-')) throw new UsageError('trails are read from files, not from standard input');
  if (trails.includes('')) throw new InputError(`cannot read trail: ${EMPTY_PATH} or directory`);

  let grants: Grant[] | undefined;
  const grantsArg = lastValue(args, 'grants');
  if (grantsArg !== undefined) {
    const { value, display } = await readJsonInput(grantsArg, io, 'grants');
    grants = grantsFromJson(value, display);
  }
  const service = createPolicyService({ context });
  const policy = policyArg === undefined ? undefined : readPolicy(service, await readInput(policyArg, io, 'policy'), io, 'activity');

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
