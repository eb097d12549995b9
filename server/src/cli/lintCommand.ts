/**
 * `kms-policy lint`: reads policy files, directories and standard input, runs the engine's rule pack on
 * each and prints the findings as text, JSON or SARIF. Exit status: 0 no errors, 1 errors (or too many
 * warnings), 2 usage or I/O failure.
 */
import { ALL_RULES, createPolicyService, DEFAULT_RULE_DOCS_BASE_URL, findRule, type SeverityOverride } from '../engine';
import { allValues, choiceValue, describeOptions, lastValue, parseArgs, UsageError, type OptionSpec } from './args';
import { painter, shouldColor } from './color';
import { CONTEXT_OPTIONS, contextFromArgs } from './context';
import { collectTargets, decode, MAX_FILE_BYTES, tooLarge, type IoProblem } from './files';
import { lintFile, lintText, type FileSource, type LintOutcome } from './lintFiles';
import { hostReaders, isTerraformFile } from '../hostFiles';
import { lintInWorkers, plannedJobs } from './lintWorkers';
import { buildSarif } from './formatSarif';
import { formatText, plural } from './formatText';
import type { CliIo } from './io';
import { countFindings, type FileReport } from './report';
import { HOMEPAGE, packageVersion, PROGRAM } from './version';

/** The output formats of `lint`. */
export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;

const LEVELS: readonly SeverityOverride[] = ['off', 'hint', 'info', 'warning', 'error'];

/** The options of `lint`. */
export const LINT_OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', value: 'FORMAT', description: 'text (default), json or sarif' },
  {
    name: 'rule',
    value: 'CODE=LEVEL',
    repeatable: true,
    description: 'set a rule (code or name) to off, hint, info, warning or error; repeatable',
  },
  { name: 'max-warnings', value: 'N', description: 'exit 1 when more than N warnings are found' },
  { name: 'quiet', short: 'q', description: 'report errors only (warnings then do not count toward --max-warnings)' },
  { name: 'jobs', short: 'j', value: 'N', description: 'lint in N threads (default: one per core with 4+ cores and 200+ files, else 1)' },
  ...CONTEXT_OPTIONS,
  { name: 'stdin-filename', value: 'NAME', description: 'the name reports give to standard input (default <stdin>)' },
  { name: 'color', description: 'colour the text format even when not writing to a terminal' },
  { name: 'no-color', description: 'never colour the output (so does NO_COLOR=1)' },
  { name: 'help', short: 'h', description: 'show this help' },
];

/** The help text of `lint`. */
export function lintHelp(): string {
  return `Usage: ${PROGRAM} lint [options] <file|dir|->...

Checks AWS KMS key policies: policy files (JSON), and the key policies of CloudFormation and SAM templates
(YAML or JSON, CDK's cdk.out/*.template.json), Terraform files (.tf) and Terraform plans (terraform show -json),
each finding at its place in the file with the key's logical id or resource address. Directories are searched
recursively for *.json files whose top level has a "Statement" and for *.json, *.yaml, *.yml, *.template and
*.tf files that declare KMS keys (node_modules and dot-folders are skipped); files named explicitly are always
checked; "-" reads standard input (--stdin-filename stack.yaml reads it as YAML, main.tf as Terraform).

Options:
${describeOptions(LINT_OPTIONS)}

Exit status: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 usage or I/O failure.

Examples:
  ${PROGRAM} lint policies/
  ${PROGRAM} lint --format sarif --account 111122223333 . > results.sarif
  aws kms get-key-policy --key-id alias/app --query Policy --output text | ${PROGRAM} lint -
`;
}

/** Parses `--rule CODE=LEVEL` values into the engine's per-code overrides. */
export function parseRuleOverrides(values: readonly string[]): Record<string, SeverityOverride> {
  const rules: Record<string, SeverityOverride> = {};
  for (const v of values) {
    const eq = v.lastIndexOf('=');
    const key = eq < 0 ? '' : v.slice(0, eq).trim();
    const level =
      eq < 0
        ? ''
        : v
            .slice(eq + 1)
            .trim()
            .toLowerCase();
    if (key === '' || !(LEVELS as readonly string[]).includes(level)) {
      throw new UsageError(`--rule needs CODE=off|hint|info|warning|error (got '${v}')`);
    }
    const rule = findRule(key);
    if (!rule) throw new UsageError(`--rule: unknown rule '${key}' (run '${PROGRAM} rules' to list them)`);
    rules[rule.code] = level as SeverityOverride;
  }
  return rules;
}

function parseMaxWarnings(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings must be a whole number of at least 0 (got '${v}')`);
  return Number(v);
}

function parseJobs(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64 (got '${v}')`);
  return Number(v);
}

/** Runs `lint` and returns the exit status. */
export async function runLint(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, LINT_OPTIONS);
  if (args.flags.has('help')) {
    io.out(lintHelp());
    return 0;
  }
  const format = choiceValue(args, 'format', LINT_FORMATS, 'text');
  const rules = parseRuleOverrides(allValues(args, 'rule'));
  const maxWarnings = parseMaxWarnings(lastValue(args, 'max-warnings'));
  const quiet = args.flags.has('quiet');
  const jobs = parseJobs(lastValue(args, 'jobs'));
  const context = contextFromArgs(args);
  const colorFlag = args.flags.has('no-color') ? false : args.flags.has('color') ? true : undefined;
  if (args.positionals.length === 0) {
    throw new UsageError('no input: name policy files or directories, or - for standard input');
  }

  const targets = collectTargets(args.positionals, io.cwd, lastValue(args, 'stdin-filename') ?? '<stdin>');
  // Terraform files need the grammar (WASM), loaded only when there are some.
  const terraform = targets.sources.some((s) => isTerraformFile(s.kind === 'file' ? s.path : s.display));
  const service = createPolicyService({ rules, context }, undefined, terraform ? await hostReaders((m) => io.err(`${PROGRAM}: ${m}\n`)) : {});
  const problems: IoProblem[] = [...targets.problems];
  const reports: FileReport[] = [];
  const take = (outcome: LintOutcome): void => {
    if (outcome.kind === 'problem') problems.push(outcome.problem);
    else if (outcome.kind === 'report') {
      for (const f of outcome.failures) io.err(`${PROGRAM}: ${f}\n`);
      reports.push(outcome.report);
    }
  };

  const files = targets.sources.filter((s): s is FileSource => s.kind === 'file');
  const threads = io.entry ? plannedJobs(files.length, jobs) : 1;
  // Files in worker threads when there are many (results come back in input order); otherwise here.
  let fromWorkers: LintOutcome[] | undefined;
  if (threads > 1 && io.entry) {
    try {
      fromWorkers = await lintInWorkers(files, { rules, context, quiet }, threads, io.entry);
    } catch (e) {
      // Threads are a speed-up, never a reason to fail: say why and lint here instead.
      io.err(`${PROGRAM}: worker threads failed (${e instanceof Error ? e.message : String(e)}); linting in one thread\n`);
    }
  }
  let fileIndex = 0;
  for (const source of targets.sources) {
    if (source.kind === 'file') {
      take(fromWorkers ? (fromWorkers[fileIndex++] as LintOutcome) : lintFile(service, source, quiet));
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await io.readStdin();
    } catch (e) {
      problems.push({ display: source.display, message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (bytes.length > MAX_FILE_BYTES) {
      problems.push({ display: source.display, message: tooLarge(bytes.length) });
      continue;
    }
    take(lintText(service, source.display, decode(bytes), true, quiet));
  }

  for (const p of problems) io.err(`${PROGRAM}: cannot read ${p.display}: ${p.message}\n`);
  if (reports.length === 0 && problems.length === 0) {
    io.err(
      `${PROGRAM}: no key policies found in ${args.positionals.join(', ')} (looked for *.json files with a top-level "Statement" and templates that declare KMS keys)\n`,
    );
    return 2;
  }

  if (format === 'json') io.out(`${JSON.stringify(reports, null, 2)}\n`);
  else if (format === 'sarif') {
    const tool = { name: PROGRAM, version: packageVersion(), informationUri: HOMEPAGE, docsBaseUrl: DEFAULT_RULE_DOCS_BASE_URL };
    io.out(`${JSON.stringify(buildSarif(reports, ALL_RULES, tool, problems), null, 2)}\n`);
  } else io.out(formatText(reports, painter(shouldColor(io, colorFlag))));

  const counts = countFindings(reports);
  if (problems.length > 0) return 2;
  if (counts.error > 0) return 1;
  if (maxWarnings !== undefined && counts.warning > maxWarnings) {
    io.err(`${PROGRAM}: ${plural(counts.warning, 'warning')} found; --max-warnings allows ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
