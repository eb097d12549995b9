import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allow, lint, policyText, ruleTester, swap } from './ruleTester';

const ROLE_A = { AWS: 'arn:aws:iam::111122223333:role/A' };
const FIRST = {
  Sid: 'Users',
  ...allow({ AWS: ['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/B'] }, ['kms:Decrypt', 'kms:Encrypt'], {
    StringEquals: { 'kms:CallerAccount': ['111122223333'] },
  }),
};
const AGAIN = {
  Sid: 'Users again',
  ...allow({ AWS: ['arn:aws:iam::111122223333:role/B', 'arn:aws:iam::111122223333:role/A'] }, ['kms:encrypt', 'kms:Decrypt'], {
    StringEquals: { 'KMS:CallerAccount': '111122223333' },
  }),
};
const OTHER = allow('*', 'kms:DescribeKey');
const BASE = allow({ AWS: 'arn:aws:iam::111122223333:root' }, 'kms:*');
const REPEATS = /^This statement repeats statement 1 /;
const secondStatement = {
  at: '{',
  pointer: '/Statement/1',
  message: REPEATS,
  unnecessary: true,
  related: [{ at: '{', pointer: '/Statement/0' }],
};
const DECRYPT = allow(ROLE_A, 'kms:Decrypt');
const withCondition = (condition: unknown) => ({ ...DECRYPT, Condition: condition });
/** Writes a Condition member into the first statement (as text: JSON objects cannot hold a name twice). */
const conditionText = (condition: string) => (text: string) =>
  text.replace('"Action": "kms:Decrypt",', `"Action": "kms:Decrypt",\n      "Condition": ${condition},`);

ruleTester('KP119', {
  valid: [
    {
      name: 'statements that differ in effect, principal, action, resource or condition values',
      text: [
        BASE,
        { ...BASE, Effect: 'Deny' },
        { ...BASE, Principal: { AWS: 'arn:aws:iam::444455556666:root' } },
        { ...BASE, Action: 'kms:Decrypt' },
        { ...BASE, Resource: 'arn:aws:kms:us-east-1:111122223333:key/k' },
        { ...BASE, Condition: { StringEquals: { 'kms:ViaService': 'S3.us-east-1.amazonaws.com' } } },
        { ...BASE, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
      ],
    },
  ],
  invalid: [
    {
      name: 'a repeat up to Sid, order and action case: the fix removes it',
      text: [FIRST, OTHER, AGAIN],
      errors: [
        {
          at: '"Sid": "Users again"',
          message: /This statement repeats statement 1 \("Users"\) and adds nothing; remove it\./,
          unnecessary: true,
          related: ['"Sid": "Users"'],
          output: policyText([FIRST, OTHER]),
        },
      ],
    },
    {
      name: '"Principal": "*" and {"AWS": "*"} are the same',
      text: [allow('*', 'kms:Decrypt'), allow({ AWS: '*' }, 'kms:Decrypt')],
      errors: [secondStatement],
    },
    {
      name: 'lists that repeat items (the fingerprint counts distinct values)',
      text: [
        allow({ AWS: ['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/A'] }, ['kms:Decrypt', 'kms:DECRYPT', 'kms:Encrypt']),
        allow(ROLE_A, ['kms:Encrypt', 'kms:Decrypt']),
      ],
      errors: [secondStatement],
    },
    {
      name: 'a Condition that repeats an operator: the last one counts, as in a JSON reader',
      text: conditionText('{ "StringEquals": { "kms:ViaService": "s3.us-east-1.amazonaws.com" }, "StringEquals": { "kms:CallerAccount": "111122223333" } }')(
        policyText([DECRYPT, withCondition({ StringEquals: { 'kms:CallerAccount': '111122223333' } })]),
      ),
      errors: [secondStatement],
    },
    {
      name: 'a Principal that repeats a type key: the last one counts',
      text: swap(
        policyText([allow(ROLE_A, 'kms:Decrypt'), allow({ AWS: 'arn:aws:iam::111122223333:role/B' }, 'kms:Decrypt')]),
        '"AWS": "arn:aws:iam::111122223333:role/A"',
        '"AWS": "arn:aws:iam::111122223333:role/A", "AWS": "arn:aws:iam::111122223333:role/B"',
      ),
      errors: [secondStatement],
    },
    {
      name: 'an operator that repeats a condition key in another case: the last one counts',
      text: conditionText('{ "StringEquals": { "kms:CallerAccount": "444455556666", "kms:callerAccount": "111122223333" } }')(
        policyText([DECRYPT, withCondition({ StringEquals: { 'kms:calleraccount': '111122223333' } })]),
      ),
      errors: [secondStatement],
    },
    {
      name: 'conditions in any order of operators, keys and values, and a number with its string',
      text: [
        withCondition({
          StringEquals: { 'kms:CallerAccount': ['1', '2'], 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
        }),
        withCondition({
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3601' },
          StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': ['2', '1'] },
        }),
        withCondition({
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
          StringEquals: { 'KMS:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': ['2', '1', '2'] },
        }),
      ],
      errors: [{ ...secondStatement, pointer: '/Statement/2' }],
    },
    {
      name: 'case folded as toLowerCase does, also where lower-casing changes the length (İ → i̇)',
      text: [allow(ROLE_A, ['kms:Encrypt', 'kms:İnvalid']), allow(ROLE_A, ['kms:i̇nvalid', 'kms:encrypt'])],
      errors: [secondStatement],
    },
  ],
});

interface Generated {
  readonly Sid: string;
  readonly Effect: string;
  readonly Principal: { readonly AWS: readonly string[] };
  readonly Action: readonly string[];
  readonly Resource: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/**
 * What a generated statement means, written apart from the rule: the Sid does not count; principals, actions
 * and condition values are sets; actions and condition key names ignore case (toLowerCase), and of two keys
 * that differ only in case the later one counts, as it does for a JSON reader.
 */
function meaning(s: Generated): string {
  const set = (items: readonly string[]): string[] => [...new Set(items)].sort();
  const condition = Object.entries(s.Condition ?? {}).map(([operator, keys]) => {
    const byKey = new Map<string, string[]>();
    for (const [key, values] of Object.entries(keys)) byKey.set(key.toLowerCase(), set(values));
    return [operator, [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))];
  });
  return JSON.stringify([s.Effect, set(s.Principal.AWS), set(s.Action.map((a) => a.toLowerCase())), s.Resource, s.Condition ? condition : null]);
}

test('property: KP119 reports exactly the statements whose meaning an earlier one has, in ASCII and non-ASCII policies', () => {
  // Small pools so that repeats are common; names differ in case, order and non-ASCII letters.
  const actions = fc.subarray(['kms:Decrypt', 'kms:DECRYPT', 'kms:Encrypt', 'kms:encrypt', 'kms:Get*', 'kms:ReEncrypt*', 'kms:İnvalid', 'kms:i̇nvalid'], {
    minLength: 1,
  });
  const principals = fc.subarray(['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/Ä', '*'], {
    minLength: 1,
  });
  const condition = fc.option(
    fc.record({
      StringEquals: fc.dictionary(
        fc.constantFrom('kms:CallerAccount', 'KMS:CallerAccount', 'kms:ViaService', 'aws:PrincipalTag/Tëam'),
        fc.subarray(['1', '2', 'ö', 'O'], { minLength: 1 }),
        { minKeys: 1, maxKeys: 2 },
      ),
    }),
    { nil: undefined },
  );
  const statement = fc.record(
    {
      Sid: fc.constantFrom('a', 'ü'),
      Effect: fc.constantFrom('Allow', 'Deny'),
      Principal: principals.map((p) => ({ AWS: p })),
      Action: actions,
      Resource: fc.constant('*'),
      Condition: condition,
    },
    { requiredKeys: ['Sid', 'Effect', 'Principal', 'Action', 'Resource'] },
  );
  fc.assert(
    fc.property(fc.array(statement, { minLength: 2, maxLength: 6 }), (statements) => {
      const meanings = (statements as Generated[]).map(meaning);
      const expected = meanings.flatMap((m, i) => (meanings.indexOf(m) < i ? [i] : []));
      assert.deepEqual(
        lint('KP119', policyText(statements)).map((f) => Number(/^\/Statement\/(\d+)/.exec(f.at.pointer)?.[1])),
        expected,
      );
    }),
    { numRuns: 400 },
  );
});
