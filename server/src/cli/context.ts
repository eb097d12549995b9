/**
 * The key facts every command accepts (`--account`, `--region`, ...), checked for form only (by the
 * engine's KEY_FACT_FORMS, which the language server checks its requests with too) and passed to the
 * engine as its PolicyContext.
 */
import { keyFactProblem, type KeyFact, type PolicyContext } from '../engine';
import { lastValue, UsageError, type OptionSpec, type ParsedArgs } from './args';

/** The options that describe the key. */
export const CONTEXT_OPTIONS: readonly OptionSpec[] = [
  { name: 'account', value: 'ID', description: "the key's AWS account id (12 digits)" },
  { name: 'region', value: 'REGION', description: "the key's Region, e.g. us-east-1" },
  { name: 'partition', value: 'PARTITION', description: 'aws (default), aws-cn or aws-us-gov' },
  { name: 'key-arn', value: 'ARN', description: "the key's ARN" },
  { name: 'key-spec', value: 'SPEC', description: 'the key spec, e.g. SYMMETRIC_DEFAULT, RSA_2048, HMAC_256' },
  { name: 'key-usage', value: 'USAGE', description: 'ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC or KEY_AGREEMENT' },
];

/** The key fact each option states. */
const FACTS: Record<string, KeyFact> = { account: 'account', region: 'region', partition: 'partition', 'key-arn': 'keyArn', 'key-spec': 'keySpec', 'key-usage': 'keyUsage' };

/** Reads the key facts from parsed arguments; a malformed value is a usage error. */
export function contextFromArgs(args: ParsedArgs): PolicyContext {
  const read = (name: string): string | undefined => {
    const v = lastValue(args, name);
    if (v === undefined) return undefined;
    const what = keyFactProblem(FACTS[name] as KeyFact, v);
    if (what !== undefined) throw new UsageError(`--${name} must be ${what} (got '${v}')`);
    return v;
  };
  const account = read('account');
  const region = read('region');
  const partition = read('partition');
  const keyArn = read('key-arn');
  const keySpec = read('key-spec');
  const keyUsage = read('key-usage');
  return {
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(partition !== undefined ? { partition } : {}),
    ...(keyArn !== undefined ? { keyArn } : {}),
    ...(keySpec !== undefined ? { keySpec } : {}),
    ...(keyUsage !== undefined ? { keyUsage } : {}),
  };
}
