/**
 * The form of the key facts a caller states (account, Region, partition, key ARN, key spec, key usage)
 * and of the times that bound an activity window. Form only: a well-formed account id may still be wrong.
 * The CLI checks its flags with these and the language server its request members, so both accept and
 * refuse the same values.
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

/**
 * The key facts a request states, each checked for form (an empty string counts as not stated). Throws
 * InputError naming the first malformed one.
 */
export function keyFactsFrom(values: Partial<Record<KeyFact, Json>>): PolicyContext {
  const out: Mutable<PolicyContext> = {};
  for (const fact of Object.keys(KEY_FACT_FORMS) as KeyFact[]) {
    const value = values[fact];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || keyFactProblem(fact, value) !== undefined) {
      throw new InputError(`${fact} must be ${KEY_FACT_FORMS[fact].what} (got ${JSON.stringify(value)})`);
    }
    out[fact] = value;
  }
  return out;
}

/** What a time must be, for messages. */
export const TIME_FORMS = 'a date (2026-09-01), an ISO time (2026-09-01T10:00:00Z) or an age such as 90d';

const AGE = /^(\d+)([dhm])$/;
const ISO = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A time in epoch milliseconds: an ISO date (midnight UTC) or time, or an age (90d, 12h, 30m) before `now`.
 * Undefined when the text is none of these.
 */
export function readTime(value: string, now: number): number | undefined {
  const age = AGE.exec(value);
  if (age) {
    const unit = age[2] === 'd' ? 86_400_000 : age[2] === 'h' ? 3_600_000 : 60_000;
    return now - Number(age[1]) * unit;
  }
  const t = ISO.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  return Number.isNaN(t) ? undefined : t;
}
