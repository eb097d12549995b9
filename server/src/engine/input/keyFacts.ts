/**
 * The form of the key facts a caller states (account, Region, partition, key ARN, key spec, key usage).
 * Form only: a well-formed account id may still be wrong. The CLI checks its flags with these, its request
 * files and the language server its request members, so all three accept and refuse the same values.
 */
import type { PolicyContext } from '../settings';
import { InputError } from './inputError';
import type { Json, Mutable } from './json';

/** A key fact's name: a member of PolicyContext. */
export type KeyFact = keyof PolicyContext & ('account' | 'region' | 'partition' | 'keyArn' | 'keySpec' | 'keyUsage');

/** Each key fact's form, and how a message describes it ("must be …"). */
export const KEY_FACT_FORMS: Readonly<Record<KeyFact, { readonly form: RegExp; readonly what: string }>> = {
  account: { form: /^\d{12}$/, what: 'a 12-digit AWS account id' },
  region: { form: /^[a-z]{2}(-[a-z]+)+-\d+$/, what: 'a Region name such as us-east-1' },
  partition: { form: /^aws(-[a-z]+)*$/, what: 'a partition such as aws, aws-cn or aws-us-gov' },
  keyArn: { form: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/\S+$/, what: 'a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)' },
  keySpec: { form: /^[A-Z][A-Z0-9_]*$/, what: 'a key spec such as SYMMETRIC_DEFAULT' },
  keyUsage: { form: /^[A-Z][A-Z_]*$/, what: 'a key usage such as ENCRYPT_DECRYPT' },
};

/** What `value` should have been ("a 12-digit AWS account id"), or undefined when it has the fact's form. */
export function keyFactProblem(fact: KeyFact, value: string): string | undefined {
  const { form, what } = KEY_FACT_FORMS[fact];
  return form.test(value) ? undefined : what;
}

/** One key fact, checked for form; `where` names it in the message ("account", `r.json: "account"`). */
export function keyFactFrom(fact: KeyFact, value: Json, where: string): string {
  if (typeof value !== 'string' || keyFactProblem(fact, value) !== undefined) {
    throw new InputError(`${where} must be ${KEY_FACT_FORMS[fact].what} (got ${JSON.stringify(value)})`);
  }
  return value;
}

/**
 * The key facts a request states, each checked for form (an empty string counts as not stated). Throws
 * InputError naming the first malformed one.
 */
export function keyFactsFrom(values: Partial<Record<KeyFact, Json>>): PolicyContext {
  const out: Mutable<PolicyContext> = {};
  for (const fact of Object.keys(KEY_FACT_FORMS) as KeyFact[]) {
    const value = values[fact];
    if (value === undefined || value === '') continue;
    out[fact] = keyFactFrom(fact, value, fact);
  }
  return out;
}

const KEY_ID = /^[A-Za-z0-9-]+$/;

/** A request's key: a key ARN, or a key id (which the simulator places with the request's Region and account). */
export function keyFrom(value: string, where: string): string {
  if (value.startsWith('arn:') ? keyFactProblem('keyArn', value) === undefined : KEY_ID.test(value)) return value;
  throw new InputError(
    `${where} must be ${KEY_FACT_FORMS.keyArn.what} or a key id such as 1234abcd-12ab-34cd-56ef-1234567890ab (got ${JSON.stringify(value)})`,
  );
}
