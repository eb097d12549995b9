/**
 * `kms-policy who-can POLICY --action kms:Decrypt`: the simulator's who-can analysis (every class of
 * principal the key policy lets perform the actions, and under which conditions), as a table or JSON. With
 * `--iam FILE...` the answer is by name: the key policy joined with the accounts' IAM data, SCPs/RCPs
 * (`--scp`) and role chains (engine/iam).
 */
import {
  actionPatternsFrom,
  createPolicyService,
  findKey,
  grantsFromJson,
  InputError,
  isHostDocument,
  keyStateFrom,
  keyTagsFromJson,
  renderWhoCan,
  whoCanNamedText,
  type HostKey,
  type IamFileJson,
  type NamedWhoCanRequest,
  type PolicyDocument,
  type PolicyService,
  SimulationInputError,
  whoCanJson,
  type WhoCanOptions,
} from '../engine';
import { templateWhoCan } from './templateWhoCan';
import * as path from 'node:path';
import { documentHints, hostReaders, isTerraformFile } from '../hostFiles';
import { allValues, choiceValue, describeOptions, lastValue, parseArgs, UsageError, type OptionSpec, type ParsedArgs } from './args';
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
  { name: 'iam', value: 'FILE', repeatable: true, description: 'aws iam get-account-authorization-details output: answer by name (repeatable)' },
  { name: 'scp', value: 'FILE', repeatable: true, description: 'SCPs and RCPs with the accounts they apply to (docs/iam-join.md; repeatable)' },
  { name: 'tags', value: 'FILE', description: "the key's tags: aws kms list-resource-tags output (with --iam)" },
  { name: 'alias', value: 'ALIAS', repeatable: true, description: 'an alias of the key (alias/name), for kms:ResourceAliases (with --iam)' },
  { name: 'max-chain-depth', value: 'N', description: 'the longest role chain followed (with --iam; default 3)' },
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

With --iam, the answer is by name: every user, role and root user of the accounts in the files, per
action, joined with their identity policies, permission boundaries, SCPs/RCPs (--scp) and the grants
(--grants); the role chains that reach the actions (ci-runner → DeployRole → Decrypt); and rows for the
services, accounts and everyone the key policy admits beyond the files. What was not supplied is listed.

Options:
${describeOptions(WHO_CAN_OPTIONS)}

Exit status: 0 answered, 2 bad input.
`;
}

/** The key of a template that --iam answers about: the one --key names, or the file's only key. */
function namedKey(keys: readonly HostKey[], id: string | undefined): HostKey & { readonly policy: PolicyDocument } {
  const key = id !== undefined ? findKey(keys, id) : keys.length === 1 ? keys[0] : undefined;
  if (!key) {
    const ids = keys.map((k) => k.id).join(', ') || 'none';
    throw new UsageError(
      id !== undefined ? `the file declares no KMS key "${id}" (keys: ${ids})` : `--iam answers about one key: name it with --key (keys: ${ids})`,
    );
  }
  if (!key.policy) throw new InputError(`the policy of ${key.id} is not known until deployed («${key.openLabel ?? ''}»)`);
  return key as HostKey & { readonly policy: PolicyDocument };
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
  const iamArgs = allValues(args, 'iam');
  checkOneStdin([policyArg, grantsArg, ...iamArgs, ...allValues(args, 'scp'), lastValue(args, 'tags')]);
  if (iamArgs.length === 0) {
    const named = ['scp', 'tags', 'alias', 'max-chain-depth'].find((o) => args.values.has(o));
    if (named) throw new UsageError(`--${named} needs --iam (the answer by name)`);
  }

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
    if (iamArgs.length > 0) {
      const key = namedKey(service.keys(parsed), lastValue(args, 'key'));
      return runNamed(service, key.policy, args, actions, { ...key.options, ...options }, format, io);
    }
    io.out(templateWhoCan(service, parsed, input.display, actions, options, lastValue(args, 'key'), format));
    return 0;
  }
  const doc = readPolicy(service, input, io, 'who-can');
  if (iamArgs.length > 0) return runNamed(service, doc, args, actions, options, format, io);
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

/** Reads text files for the named answer (their names are the arguments, as the user typed them). */
async function files(names: readonly string[], io: CliIo, what: string): Promise<IamFileJson[]> {
  const out: IamFileJson[] = [];
  for (const n of names) {
    const { text, display } = await readInput(n, io, what);
    out.push({ name: display, text: text.replace(/^\uFEFF/, '') });
  }
  return out;
}

/** `who-can --iam`: the named answer, as text or JSON. */
async function runNamed(
  service: PolicyService,
  doc: PolicyDocument,
  args: ParsedArgs,
  actions: readonly string[],
  options: WhoCanOptions,
  format: 'text' | 'json',
  io: CliIo,
): Promise<number> {
  const request: { -readonly [K in keyof NamedWhoCanRequest]?: NamedWhoCanRequest[K] } = {
    iam: await files(allValues(args, 'iam'), io, 'IAM data'),
    actions,
  };
  const scps = allValues(args, 'scp');
  if (scps.length > 0) request.organizations = await files(scps, io, 'SCP file');
  const tagsArg = lastValue(args, 'tags');
  if (tagsArg !== undefined) {
    const { value, display } = await readJsonInput(tagsArg, io, 'tags');
    request.tags = keyTagsFromJson(value, display);
  }
  const aliases = allValues(args, 'alias');
  for (const a of aliases) if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(a)) throw new UsageError(`--alias must be alias/NAME (got '${a}')`);
  if (aliases.length > 0) request.aliases = aliases;
  const depth = lastValue(args, 'max-chain-depth');
  if (depth !== undefined) {
    if (!/^\d+$/.test(depth) || Number(depth) > 10) throw new UsageError(`--max-chain-depth must be a number from 0 to 10 (got '${depth}')`);
    request.maxChainDepth = Number(depth);
  }
  let result;
  try {
    result = service.whoCanNamed(doc, request as NamedWhoCanRequest, options);
  } catch (e) {
    if (e instanceof SimulationInputError) throw new InputError(e.message);
    throw e;
  }
  if (result.answer.actions.length === 0) throw new InputError(`no KMS action matches ${actions.join(', ')}`);
  io.out(format === 'json' ? `${JSON.stringify(result.answer, null, 2)}\n` : whoCanNamedText(result.answer));
  return 0;
}
