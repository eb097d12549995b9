/**
 * `kms-policy simulate POLICY`: asks the engine's simulator whether one request is allowed, from a request
 * file, from flags, or both (flags win), and prints the explained decision. Exit status 0 whenever a
 * decision was made (allow or deny), 2 on bad input.
 */
import {
  callerPolicies,
  createPolicyService,
  readAuthorizationDetails,
  readOrganizations,
  grantsFromJson,
  identityPoliciesFromJson,
  InputError,
  keyStateFrom,
  renderDecision,
  requestActionFrom,
  requestFromJson,
  requestTimeFrom,
  SimulationInputError,
  simulateJson,
  type SimulationRequest,
} from '../engine';
import { allValues, choiceValue, describeOptions, keyValues, lastValue, parseArgs, UsageError, type OptionSpec } from './args';
import { CONTEXT_OPTIONS, contextFromArgs } from './context';
import { checkOneStdin, readInput, readJsonInput, readPolicy } from './inputs';
import type { CliIo } from './io';
import { PROGRAM } from './version';

/** The options of `simulate`. */
export const SIMULATE_OPTIONS: readonly OptionSpec[] = [
  { name: 'request', short: 'r', value: 'FILE', description: 'the request as JSON (see below); flags override its members' },
  {
    name: 'principal',
    short: 'p',
    value: 'ARN',
    description: 'the caller: role/user/assumed-role ARN, account id or root ARN, service principal, or *',
  },
  { name: 'action', short: 'a', value: 'ACTION', description: 'the KMS action, e.g. kms:Decrypt' },
  {
    name: 'context',
    short: 'c',
    value: 'KEY=VALUE',
    repeatable: true,
    description: 'a request context value (repeat a key for several values)',
  },
  { name: 'encryption-context', value: 'KEY=VALUE', repeatable: true, description: "a pair of the request's encryption context" },
  { name: 'iam-allows', description: "take the caller's own IAM policies to allow the action" },
  { name: 'identity-policy', value: 'FILE', repeatable: true, description: 'an IAM policy of the caller, evaluated too (repeatable)' },
  { name: 'iam', value: 'FILE', repeatable: true, description: "aws iam get-account-authorization-details output: the caller's policies and boundary" },
  { name: 'scp', value: 'FILE', repeatable: true, description: "SCPs and RCPs by account (docs/iam-join.md): the caller's and the key's" },
  { name: 'grants', value: 'FILE', description: 'grants on the key: the output of aws kms list-grants' },
  { name: 'key-state', value: 'STATE', description: 'the key state (Enabled, Disabled, PendingDeletion, ...); default Enabled' },
  { name: 'time', value: 'TIME', description: 'the request time (ISO 8601 or epoch seconds)' },
  ...CONTEXT_OPTIONS,
  { name: 'format', short: 'f', value: 'FORMAT', description: 'text (default) or json' },
  { name: 'help', short: 'h', description: 'show this help' },
];

/** The help text of `simulate`. */
export function simulateHelp(): string {
  return `Usage: ${PROGRAM} simulate POLICY --request REQUEST.json [options]
       ${PROGRAM} simulate POLICY --principal ARN --action kms:Decrypt [--context KEY=VALUE]... [options]

Decides whether KMS would allow one request under the key policy POLICY (a file, or - for standard input)
and explains why: which statements, grants and IAM policies applied, and which conditions held. With
--iam, the caller's identity policies (its own, its groups'), its permissions boundary and, with --scp, its
account's SCPs and the key account's RCPs are taken from the files.

Options:
${describeOptions(SIMULATE_OPTIONS)}

REQUEST.json:
  {"principal": "arn:aws:iam::111122223333:role/App", "action": "kms:Decrypt",
   "account"?: "111122223333", "region"?: "us-east-1", "context"?: {"aws:SourceVpce": "vpce-1a2b3c4d"},
   "encryptionContext"?: {"tenant": "t-42"}, "iamAllows"?: true, "identityPolicies"?: [ {policy} ],
   "grants"?: [ {grant as aws kms list-grants prints it} ], "keyState"?: "Disabled"}

Exit status: 0 a decision was made (allow or deny), 2 bad input.
`;
}

/** Runs `simulate` and returns the exit status. */
export async function runSimulate(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, SIMULATE_OPTIONS);
  if (args.flags.has('help')) {
    io.out(simulateHelp());
    return 0;
  }
  const format = choiceValue(args, 'format', ['text', 'json'] as const, 'text');
  const context = contextFromArgs(args);
  if (args.positionals.length !== 1) {
    throw new UsageError(
      args.positionals.length === 0 ? 'no policy: name the key policy file (or - for standard input)' : `one policy at a time (got ${args.positionals.length})`,
    );
  }
  const policyArg = args.positionals[0] as string;
  const requestArg = lastValue(args, 'request');
  checkOneStdin([
    policyArg,
    requestArg,
    lastValue(args, 'grants'),
    ...allValues(args, 'identity-policy'),
    ...allValues(args, 'iam'),
    ...allValues(args, 'scp'),
  ]);

  const request: { -readonly [K in keyof SimulationRequest]?: SimulationRequest[K] } = {};
  if (requestArg !== undefined) {
    const { value, display } = await readJsonInput(requestArg, io, 'request');
    Object.assign(request, requestFromJson(value, display));
  }
  const principal = lastValue(args, 'principal');
  const action = lastValue(args, 'action');
  if (principal !== undefined) request.principal = principal;
  if (action !== undefined) request.action = requestActionFrom(action);
  if (context.account) request.keyAccount = context.account;
  if (context.region) request.region = context.region;
  if (context.partition) request.partition = context.partition;
  if (context.keyArn) request.key = context.keyArn;
  if (context.keySpec) request.keySpec = context.keySpec;
  if (context.keyUsage) request.keyUsage = context.keyUsage;
  const pairs = keyValues(allValues(args, 'context'), 'context');
  if (Object.keys(pairs).length > 0) request.context = { ...request.context, ...pairs };
  const ec = keyValues(allValues(args, 'encryption-context'), 'encryption-context');
  for (const [k, v] of Object.entries(ec)) if (Array.isArray(v)) throw new UsageError(`--encryption-context: "${k}" is given twice`);
  if (Object.keys(ec).length > 0) request.encryptionContext = { ...request.encryptionContext, ...(ec as Record<string, string>) };
  if (args.flags.has('iam-allows')) request.iamAllows = true;
  const state = lastValue(args, 'key-state');
  if (state !== undefined) request.keyState = keyStateFrom(state, '--key-state');
  const time = lastValue(args, 'time');
  if (time !== undefined) request.time = requestTimeFrom(time, '--time');
  for (const file of allValues(args, 'identity-policy')) {
    const { value, display } = await readJsonInput(file, io, 'identity policy');
    request.identityPolicies = [...(request.identityPolicies ?? []), ...identityPoliciesFromJson([value], display)];
  }
  const grantsArg = lastValue(args, 'grants');
  if (grantsArg !== undefined) {
    const { value, display } = await readJsonInput(grantsArg, io, 'grants');
    request.grants = grantsFromJson(value, display);
  }
  if (request.principal === undefined || request.action === undefined) {
    const missing = [request.principal === undefined ? '--principal' : '', request.action === undefined ? '--action' : ''].filter(Boolean).join(' and ');
    throw new UsageError(`simulate needs ${missing} (or a --request file with ${missing.includes(' and ') ? 'them' : 'it'})`);
  }

  const iamArgs = allValues(args, 'iam');
  const scpArgs = allValues(args, 'scp');
  if (iamArgs.length > 0 || scpArgs.length > 0) {
    if (iamArgs.length > 0 && (request.identityPolicies || request.iamAllows)) {
      throw new UsageError(
        "--iam gives the caller's identity policies: leave out --identity-policy, --iam-allows and the request's identityPolicies/iamAllows",
      );
    }
    const read = async (names: readonly string[], what: string): Promise<{ name: string; text: string }[]> =>
      Promise.all(names.map(async (n) => ({ name: n, text: (await readInput(n, io, what)).text.replace(/^\uFEFF/, '') })));
    const iam = iamArgs.length > 0 ? readAuthorizationDetails(await read(iamArgs, 'IAM data')) : undefined;
    const org = scpArgs.length > 0 ? readOrganizations(await read(scpArgs, 'SCP file')) : undefined;
    const keyAccount = request.keyAccount ?? /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(request.key ?? '')?.[1] ?? context.account;
    if (keyAccount === undefined && org && [...org.accounts.values()].some((g) => g.rcps)) {
      throw new UsageError("--scp with RCPs needs the key's account: give --account, --key-arn or the request's key ARN");
    }
    Object.assign(request, callerPolicies(iam, org, request.principal, keyAccount));
  }

  const service = createPolicyService({ context });
  const doc = readPolicy(service, await readInput(policyArg, io, 'policy'), io, 'simulate');
  let decision;
  try {
    decision = service.simulate(doc, request as SimulationRequest);
  } catch (e) {
    if (e instanceof SimulationInputError) throw new InputError(e.message);
    throw e;
  }
  io.out(format === 'json' ? `${JSON.stringify(simulateJson(decision), null, 2)}\n` : renderDecision(decision));
  return 0;
}
