/**
 * The key facts every command accepts (`--account`, `--region`, ...), checked for form only and passed to
 * the engine as its PolicyContext.
 */
import type { PolicyContext } from '../engine';
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

const FORMS: Record<string, [RegExp, string]> = {
  account: [/^\d{12}$/, 'a 12-digit AWS account id'],
  region: [/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a Region name such as us-east-1'],
  partition: [/^aws(-[a-z]+)*$/, 'a partition such as aws, aws-cn or aws-us-gov'],
  'key-arn': [/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/\S+$/, 'a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)'],
  'key-spec': [/^[A-Z][A-Z0-9_]*$/, 'a key spec such as SYMMETRIC_DEFAULT'],
  'key-usage': [/^[A-Z][A-Z_]*$/, 'a key usage such as ENCRYPT_DECRYPT'],
};

/** Reads the key facts from parsed arguments; a malformed value is a usage error. */
export function contextFromArgs(args: ParsedArgs): PolicyContext {
  const read = (name: string): string | undefined => {
    const v = lastValue(args, name);
    if (v === undefined) return undefined;
    const [form, what] = FORMS[name] as [RegExp, string];
    if (!form.test(v)) throw new UsageError(`--${name} must be ${what} (got '${v}')`);
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
