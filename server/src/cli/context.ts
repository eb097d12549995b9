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
const FACTS: Record<string, KeyFact> = {
  account: 'account',
  region: 'region',
  partition: 'partition',
  'key-arn': 'keyArn',
  'key-spec': 'keySpec',
  'key-usage': 'keyUsage',
};

/** Reads the key facts from parsed arguments; a malformed value is a usage error. */
export function contextFromArgs(args: ParsedArgs): PolicyContext {
  const context: { -readonly [F in KeyFact]?: string } = {};
  for (const [option, fact] of Object.entries(FACTS)) {
    const v = lastValue(args, option);
    if (v === undefined) continue;
    const what = keyFactProblem(fact, v);
    if (what !== undefined) throw new UsageError(`--${option} must be ${what} (got '${v}')`);
    context[fact] = v;
  }
  return context;
}
