/**
 * Command line for the local KMS endpoint (test tooling, not shipped):
 *
 *   node out/tools/localKms/main.js [--port N] [--host 127.0.0.1] [--seed] [--account ID]
 *     [--identity AKID=ACCOUNT:ARN]... [--deny [AKID:]ACTION[@RESOURCE]]... [--enforce-key-policies]
 *
 * Prints the endpoint URL, then serves until interrupted. Point the SDK at it with
 * `new KMSClient({ endpoint: url, region, credentials })` (any access key id; see DEMO_IDENTITIES).
 */
import { DEMO_IDENTITIES, type IdentityConfig } from './identities';
import type { DenyRule } from './ops/context';
import { startLocalKms } from './server';

interface CliOptions {
  port: number;
  host: string;
  seed: boolean;
  account?: string;
  identities: Record<string, IdentityConfig>;
  deny: DenyRule[];
  enforceKeyPolicies: boolean;
}

const USAGE =
  'usage: main.js [--port N] [--host H] [--seed] [--account ID] [--identity AKID=ACCOUNT:ARN] ' + '[--deny [AKID:]ACTION[@RESOURCE]] [--enforce-key-policies]';

/** Parses the command line; throws an Error with a usage message on bad input. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    port: 4599,
    host: '127.0.0.1',
    seed: false,
    identities: { ...DEMO_IDENTITIES },
    deny: [],
    enforceKeyPolicies: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--port') {
      options.port = Number(value());
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`bad --port\n${USAGE}`);
    } else if (arg === '--host') options.host = value();
    else if (arg === '--seed') options.seed = true;
    else if (arg === '--enforce-key-policies') options.enforceKeyPolicies = true;
    else if (arg === '--account') {
      options.account = value();
      if (!/^\d{12}$/.test(options.account)) throw new Error(`--account must be 12 digits\n${USAGE}`);
    } else if (arg === '--identity') {
      const m = /^([A-Z0-9]+)=(\d{12}):(arn:.+)$/.exec(value());
      if (m === null) throw new Error(`--identity must be AKID=ACCOUNT:ARN\n${USAGE}`);
      options.identities[m[1]] = { accountId: m[2], arn: m[3] };
    } else if (arg === '--deny') {
      const m = /^(?:([A-Z0-9]+):)?([a-z0-9-]+:[A-Za-z*?]+)(?:@(.+))?$/.exec(value());
      if (m === null) throw new Error(`--deny must be [AKID:]ACTION[@RESOURCE]\n${USAGE}`);
      options.deny.push({ accessKeyId: m[1], action: m[2], resource: m[3] });
    } else if (arg === '--help' || arg === '-h') {
      throw new Error(USAGE);
    } else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const kms = await startLocalKms({
    port: options.port,
    host: options.host,
    seed: options.seed,
    defaultAccountId: options.account,
    identities: options.identities,
    deny: options.deny,
    enforceKeyPolicies: options.enforceKeyPolicies,
  });
  const keys = kms.store.all().reduce((n, s) => n + s.keys.size, 0);
  process.stdout.write(`Local KMS endpoint listening on ${kms.url} (${keys} keys, ${kms.trail.size} CloudTrail events)\n`);
  const stop = (): void => {
    void kms.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main();
