/**
 * `kms-policy diff BASE HEAD` and `kms-policy diff --base REV FILE...`: what changes in who-can terms, key by key,
 * between two versions of key policies, templates or Terraform files — the gate a pull request runs. It prints
 * who gains or loses which action under which conditions (text, JSON, or Markdown a CI job can post) and exits 1
 * when a `--fail-on` condition holds in the head version: new access, public access, lockout, errors.
 */
import * as path from 'node:path';
import { createPolicyService, diffVersions, type KeyChange, type PolicyDocument } from '../engine';
import { allValues, choiceValue, describeOptions, lastValue, parseArgs, UsageError, type OptionSpec } from './args';
import { CONTEXT_OPTIONS, contextFromArgs } from './context';
import { collectTargets, readText } from './files';
import { documentHints, hostReaders, isTerraformFile } from '../hostFiles';
import { gitShow } from './gitShow';
import type { CliIo } from './io';
import { diffMarkdown, diffText, failures, FAIL_ON, type FailOn, type FileChanges } from './diffReport';
import { PROGRAM } from './version';

/** The options of `diff`. */
export const DIFF_OPTIONS: readonly OptionSpec[] = [
  { name: 'base', value: 'REV', description: 'compare each FILE with its version at git revision REV (a file absent there is new)' },
  {
    name: 'fail-on',
    value: 'WHAT',
    repeatable: true,
    description: 'exit 1 on new-access, public, lockout or errors in the head version (comma-separated or repeated)',
  },
  { name: 'format', short: 'f', value: 'FORMAT', description: 'text (default), json or markdown' },
  ...CONTEXT_OPTIONS,
  { name: 'help', short: 'h', description: 'show this help' },
];

/** The help text of `diff`. */
export function diffHelp(): string {
  return `Usage: ${PROGRAM} diff [options] BASE HEAD
       ${PROGRAM} diff --base REV [options] FILE|DIR...

Compares two versions of KMS key policies in who-can terms: for each key (matched by logical id or resource
address in templates and Terraform files), who gains or loses the right to decrypt, to administer the key and to
create grants, with the actions and the conditions under which. BASE and HEAD are two files (key policies,
CloudFormation/SAM templates, Terraform files or plans); with --base, each FILE (or the files under DIR) is
compared with its version at a git revision. A gate for pull requests, offline: like IAM Access Analyzer's
check-no-new-access and check-no-public-access, without calling AWS.

Options:
${describeOptions(DIFF_OPTIONS)}

Exit status: 0 no --fail-on condition holds, 1 one does, 2 usage or I/O failure.

Examples:
  ${PROGRAM} diff old.kms.json new.kms.json
  ${PROGRAM} diff --base origin/main --fail-on new-access,public,lockout --format markdown infra/ > summary.md
`;
}

/** The --fail-on conditions. */
function parseFailOn(values: readonly string[]): Set<FailOn> {
  const out = new Set<FailOn>();
  for (const v of values.flatMap((x) => x.split(','))) {
    const w = v.trim();
    if (!(FAIL_ON as readonly string[]).includes(w)) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')} (got '${v}')`);
    out.add(w as FailOn);
  }
  return out;
}

/** Runs `diff` and returns the exit status. */
export async function runDiff(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, DIFF_OPTIONS);
  if (args.flags.has('help')) {
    io.out(diffHelp());
    return 0;
  }
  const format = choiceValue(args, 'format', ['text', 'json', 'markdown'] as const, 'text');
  const failOn = parseFailOn(allValues(args, 'fail-on'));
  const context = contextFromArgs(args);
  const base = lastValue(args, 'base');
  const positionals = args.positionals;
  if (base === undefined && positionals.length !== 2)
    throw new UsageError(`diff compares two files, BASE and HEAD (got ${positionals.length}); or use --base REV FILE...`);
  if (base !== undefined && positionals.length === 0)
    throw new UsageError('--base needs the files (or folders) to compare with their version at that revision');

  // [display name, base text or undefined (absent), head text or undefined (absent)]
  const pairs: { name: string; base?: string; head?: string; path: string }[] = [];
  if (base === undefined) {
    const [a, b] = positionals as [string, string];
    const read = (p: string): string => {
      const r = readText(path.resolve(io.cwd, p));
      if ('error' in r) throw new UsageError(`cannot read ${p}: ${r.error}`);
      return r.text;
    };
    pairs.push({ name: b, base: read(a), head: read(b), path: path.resolve(io.cwd, b) });
  } else {
    const targets = collectTargets(positionals, io.cwd, '<stdin>');
    if (targets.problems.length > 0) throw new UsageError(`cannot read ${targets.problems[0]!.display}: ${targets.problems[0]!.message}`);
    for (const s of targets.sources) {
      if (s.kind !== 'file') throw new UsageError('--base compares files with their git versions, not standard input');
      const head = readText(s.path);
      if ('error' in head) throw new UsageError(`cannot read ${s.display}: ${head.error}`);
      const old = gitShow(io.cwd, base, s.path);
      pairs.push({ name: s.display, ...(old !== undefined ? { base: old } : {}), head: head.text, path: s.path });
    }
  }

  const terraform = pairs.some((p) => isTerraformFile(p.path));
  const service = createPolicyService({ context }, undefined, terraform ? await hostReaders((m) => io.err(`${PROGRAM}: ${m}\n`)) : {});
  const parse = (text: string | undefined, p: string): PolicyDocument | undefined =>
    text === undefined ? undefined : service.parse(text, p, documentHints(p));
  const files: FileChanges[] = [];
  for (const p of pairs) {
    const keys: KeyChange[] = diffVersions(service, parse(p.base, p.path), parse(p.head, p.path));
    if (keys.length > 0) files.push({ file: p.name, keys });
  }
  const failed = failures(files, failOn);
  if (format === 'json') io.out(`${JSON.stringify({ files, failed }, null, 2)}\n`);
  else if (format === 'markdown') io.out(diffMarkdown(files, failed, failOn));
  else io.out(diffText(files, failed, failOn));
  return failed.length > 0 ? 1 : 0;
}
