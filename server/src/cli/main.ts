/**
 * The command dispatcher: `kms-policy <command> [options]`. Each command lives in its own file and
 * returns an exit status; a UsageError anywhere becomes a message on stderr and status 2, and no
 * exception escapes.
 */
import { activityHelp, runActivity } from './activityCommand';
import { UsageError } from './args';
import { InputError } from '../engine';
import type { CliIo } from './io';
import { lintHelp, runLint } from './lintCommand';
import { rulesHelp, runRules } from './rulesCommand';
import { runSimulate, simulateHelp } from './simulateCommand';
import { runWhoCan, whoCanHelp } from './whoCanCommand';
import { packageVersion, PROGRAM } from './version';

/** One subcommand. */
interface Command {
  readonly summary: string;
  readonly help: () => string;
  readonly run: (argv: readonly string[], io: CliIo) => number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  lint: { summary: 'check key policy files for mistakes (text, JSON or SARIF output)', help: lintHelp, run: runLint },
  simulate: { summary: 'decide whether one request is allowed, and explain why', help: simulateHelp, run: runSimulate },
  'who-can': { summary: 'list who the policy lets perform actions, and under which conditions', help: whoCanHelp, run: runWhoCan },
  activity: {
    summary: 'who used a key (from CloudTrail log files) beside who can; unused access; a tightened policy',
    help: activityHelp,
    run: runActivity,
  },
  rules: { summary: 'list the rules with their codes, names and default severities', help: rulesHelp, run: runRules },
};

/** The top-level help text. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  const list = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`)
    .join('\n');
  return `Usage: ${PROGRAM} <command> [options]

Validates and analyses AWS KMS key policies.

Commands:
${list}

Options:
  -h, --help       show help (also '${PROGRAM} <command> --help')
  -v, --version    print the version

Run '${PROGRAM} <command> --help' for a command's options.
`;
}

/** Runs the program with the given arguments; resolves to the exit status. Never rejects. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.err(mainHelp());
      return 2;
    }
    if (first === '-h' || first === '--help') {
      io.out(mainHelp());
      return 0;
    }
    if (first === '-v' || first === '--version') {
      io.out(`${packageVersion()}\n`);
      return 0;
    }
    if (first === 'help') {
      const topic = rest[0];
      const command = topic === undefined ? undefined : COMMANDS[topic];
      if (topic !== undefined && !command) throw new UsageError(`unknown command '${topic}'`);
      io.out(command ? command.help() : mainHelp());
      return 0;
    }
    const command = COMMANDS[first];
    if (!command) {
      const hint = first.startsWith('-') ? `unknown option ${first}` : `unknown command '${first}'`;
      throw new UsageError(`${hint} (commands: ${Object.keys(COMMANDS).join(', ')})`);
    }
    try {
      return await command.run(rest, io);
    } catch (e) {
      if (e instanceof UsageError) {
        io.err(`${PROGRAM} ${first}: ${e.message}\nRun '${PROGRAM} ${first} --help' for usage.\n`);
        return 2;
      }
      if (e instanceof InputError) {
        io.err(`${PROGRAM} ${first}: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${PROGRAM}: ${e.message}\nRun '${PROGRAM} --help' for usage.\n`);
      return 2;
    }
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`${PROGRAM}: internal error: ${detail}\n`);
    return 2;
  }
}
