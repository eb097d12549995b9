/**
 * `kms-policy who-can POLICY --action kms:Decrypt`: the simulator's who-can analysis (every class of
 * principal the key policy lets perform the actions, and under which conditions), as a table or JSON.
 */
import {
  actionPatternsFrom,
  createPolicyService,
  grantsFromJson,
  InputError,
  isHostDocument,
  keyStateFrom,
  renderWhoCan,
  SimulationInputError,
  whoCanJson,
  type WhoCanOptions,
} from '../engine';
import { templateWhoCan } from './templateWhoCan';
import * as path from 'node:path';
import { documentHints, hostReaders, isTerraformFile } from '../hostFiles';
import { allValues, choiceValue, describeOptions, lastValue, parseArgs, UsageError, type OptionSpec } from './args';
import { CONTEXT_OPTIONS, contextFromArgs } from './context';
import { checkOneStdin, readInput, readJsonInput, readPolicy } from './inputs';
import type { CliIo } from './io';
import { PROGRAM } from './version';

/** The options of `who-can`. */
export const WHO_CAN_OPTIONS: readonly OptionSpec[] = [
  { name: 'action', short: 'a', value: 'ACTION', repeatable: true, description: 'an action or glob (kms:Decrypt, kms:Get*); repeatable' },
  { name: 'grants', value: 'FILE', description: 'grants on the key: the output of aws kms list-grants' },
  { name: 'key-state', value: 'STATE', description: 'the key state (Enabled, Disabled, PendingDeletion, ...); default Enabled' },
  { name: 'key', value: 'ID', description: 'in a template or Terraform file: the key (logical id or resource address); default every key' },
  ...CONTEXT_OPTIONS,
  { name: 'format', short: 'f', value: 'FORMAT', description: 'text (default) or json' },
  { name: 'help', short: 'h', description: 'show this help' },
];

/** The help text of `who-can`. */
export function whoCanHelp(): string {
  return `Usage: ${PROGRAM} who-can POLICY --action kms:Decrypt [--action ACTION]... [options]

Lists who the key policy POLICY (a file, or - for standard input) lets perform the actions: each kind of
principal, whether it is allowed outright, under conditions, or denied, and what else it needs (an IAM
policy in its own account). POLICY may also be a CloudFormation or SAM template (YAML or JSON), a Terraform
file (.tf) or plan (terraform show -json): each KMS key it declares is answered under its logical id or
resource address (--key picks one).

Options:
${describeOptions(WHO_CAN_OPTIONS)}

Exit status: 0 answered, 2 bad input.
`;
}

/** Runs `who-can` and returns the exit status. */
export async function runWhoCan(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, WHO_CAN_OPTIONS);
  if (args.flags.has('help')) {
    io.out(whoCanHelp());
    return 0;
  }
  const format = choiceValue(args, 'format', ['text', 'json'] as const, 'text');
  const context = contextFromArgs(args);
  if (args.positionals.length !== 1) {
    throw new UsageError(
      args.positionals.length === 0 ? 'no policy: name the key policy file (or - for standard input)' : `one policy at a time (got ${args.positionals.length})`,
    );
  }
  if (allValues(args, 'action').length === 0) throw new UsageError('who-can needs at least one --action (e.g. --action kms:Decrypt)');
  const actions = actionPatternsFrom(allValues(args, 'action'));
  const policyArg = args.positionals[0] as string;
  const grantsArg = lastValue(args, 'grants');
  checkOneStdin([policyArg, grantsArg]);

  const options: { -readonly [K in keyof WhoCanOptions]?: WhoCanOptions[K] } = {};
  const state = lastValue(args, 'key-state');
  if (state !== undefined) options.keyState = keyStateFrom(state, '--key-state');
  if (grantsArg !== undefined) {
    const { value, display } = await readJsonInput(grantsArg, io, 'grants');
    options.grants = grantsFromJson(value, display);
  }

  const input = await readInput(policyArg, io, 'policy');
  const service = createPolicyService({ context }, undefined, isTerraformFile(input.display) ? await hostReaders((m) => io.err(`${PROGRAM}: ${m}\n`)) : {});
  const parsed = service.parse(input.text, input.display, documentHints(policyArg === '-' ? undefined : path.resolve(io.cwd, policyArg)));
  if (isHostDocument(parsed)) {
    io.out(templateWhoCan(service, parsed, input.display, actions, options, lastValue(args, 'key'), format));
    return 0;
  }
  const doc = readPolicy(service, input, io, 'who-can');
  let result;
  try {
    result = service.whoCan(doc, actions, options);
  } catch (e) {
    if (e instanceof SimulationInputError) throw new InputError(e.message);
    throw e;
  }
  if (result.actions.length === 0) throw new InputError(`no KMS action matches ${actions.join(', ')}`);
  io.out(format === 'json' ? `${JSON.stringify(whoCanJson(result), null, 2)}\n` : renderWhoCan(result));
  return 0;
}
