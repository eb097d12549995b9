/** `kms-policy rules`: lists the rule pack (code, name, default severity, summary) as text or JSON. */
import { ALL_RULES } from '../engine';
import { choiceValue, describeOptions, parseArgs, UsageError, type OptionSpec } from './args';
import type { CliIo } from './io';
import { PROGRAM } from './version';

/** The options of `rules`. */
export const RULES_OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', value: 'FORMAT', description: 'text (default) or json' },
  { name: 'help', short: 'h', description: 'show this help' },
];

/** The help text of `rules`. */
export function rulesHelp(): string {
  return `Usage: ${PROGRAM} rules [--format text|json]

Lists every rule: its code, name, default severity and what it checks. Use the code or the name
with '${PROGRAM} lint --rule CODE=LEVEL'.

Options:
${describeOptions(RULES_OPTIONS)}
`;
}

/** Runs `rules` and returns the exit status. */
export function runRules(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, RULES_OPTIONS);
  if (args.flags.has('help')) {
    io.out(rulesHelp());
    return 0;
  }
  const format = choiceValue(args, 'format', ['text', 'json'] as const, 'text');
  if (args.positionals.length > 0) throw new UsageError(`rules takes no arguments (got '${args.positionals[0]}')`);
  const list = ALL_RULES.map((r) => ({ code: r.code, name: r.name, severity: r.severity, summary: r.summary }));
  if (format === 'json') {
    io.out(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const nameWidth = Math.max(...list.map((r) => r.name.length));
  io.out(list.map((r) => `${r.code}  ${r.name.padEnd(nameWidth)}  ${r.severity.padEnd(7)}  ${r.summary}`).join('\n') + '\n');
  return 0;
}
