import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { redundantStatement } from '../../../server/src/engine/rules/redundantStatement';
import { canonical } from '../../../server/src/engine/facts';
import { parsePolicy } from '../../../server/src/engine/parse/parsePolicy';
import { allow, applyFix, lint, one, policyText, reported } from './ruleKit';

test('KP119 reports a statement that repeats another up to Sid, order and action case; the fix removes it', () => {
  const first = { Sid: 'Users', ...allow({ AWS: ['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/B'] }, ['kms:Decrypt', 'kms:Encrypt'], { StringEquals: { 'kms:CallerAccount': ['111122223333'] } }) };
  const second = { Sid: 'Users again', ...allow({ AWS: ['arn:aws:iam::111122223333:role/B', 'arn:aws:iam::111122223333:role/A'] }, ['kms:encrypt', 'kms:Decrypt'], { StringEquals: { 'KMS:CallerAccount': '111122223333' } }) };
  const other = allow('*', 'kms:DescribeKey');
  const text = policyText([first, other, second]);
  const f = one(lint(redundantStatement, text));
  assert.equal(f.code, 'KP119');
  assert.equal(f.severity, 'info');
  assert.equal(reported(text, f), '"Sid": "Users again"');
  assert.match(f.message, /This statement repeats statement 1 \("Users"\) and adds nothing; remove it\./);
  assert.equal(applyFix(text, f), policyText([first, other]));
});

test('KP119 treats "Principal": "*" and {"AWS": "*"} as the same', () => {
  const text = policyText([allow('*', 'kms:Decrypt'), allow({ AWS: '*' }, 'kms:Decrypt')]);
  assert.equal(one(lint(redundantStatement, text)).at.pointer, '/Statement/1');
});

test('KP119 keeps statements that differ in effect, principal, action, resource or condition values', () => {
  const base = allow({ AWS: 'arn:aws:iam::111122223333:root' }, 'kms:*');
  const text = policyText([
    base,
    { ...base, Effect: 'Deny' },
    { ...base, Principal: { AWS: 'arn:aws:iam::444455556666:root' } },
    { ...base, Action: 'kms:Decrypt' },
    { ...base, Resource: 'arn:aws:kms:us-east-1:111122223333:key/k' },
    { ...base, Condition: { StringEquals: { 'kms:ViaService': 'S3.us-east-1.amazonaws.com' } } },
    { ...base, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
  ]);
  assert.deepEqual(lint(redundantStatement, text), []);
});

test('KP119 sees a repeat whose lists repeat items (the fingerprint counts distinct values)', () => {
  const a = allow({ AWS: ['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/A'] }, ['kms:Decrypt', 'kms:DECRYPT', 'kms:Encrypt']);
  const b = allow({ AWS: 'arn:aws:iam::111122223333:role/A' }, ['kms:Encrypt', 'kms:Decrypt']);
  assert.equal(one(lint(redundantStatement, policyText([a, b]))).at.pointer, '/Statement/1');
});

test('KP119 compares by JSON meaning when a Condition repeats an operator (the last one counts)', () => {
  // Statement 0 says StringEquals twice; a JSON reader keeps the second, which is statement 1's condition.
  const base = allow({ AWS: 'arn:aws:iam::111122223333:role/A' }, 'kms:Decrypt');
  const text = policyText([base, { ...base, Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } }]).replace(
    '"Action": "kms:Decrypt",',
    '"Action": "kms:Decrypt",\n      "Condition": { "StringEquals": { "kms:ViaService": "s3.us-east-1.amazonaws.com" }, "StringEquals": { "kms:CallerAccount": "111122223333" } },',
  );
  const findings = lint(redundantStatement, text);
  assert.equal(one(findings).at.pointer, '/Statement/1');
});

test('KP119 compares by JSON meaning when a Principal repeats a type key (the last one counts)', () => {
  const role = (name: string): string => `arn:aws:iam::111122223333:role/${name}`;
  const text = policyText([allow({ AWS: role('A') }, 'kms:Decrypt'), allow({ AWS: role('B') }, 'kms:Decrypt')]).replace(
    `"AWS": "${role('A')}"`,
    `"AWS": "${role('A')}", "AWS": "${role('B')}"`,
  );
  assert.equal(one(lint(redundantStatement, text)).at.pointer, '/Statement/1');
});

test('KP119 compares by JSON meaning when an operator repeats a condition key in another case (the last one counts)', () => {
  const base = allow({ AWS: 'arn:aws:iam::111122223333:role/A' }, 'kms:Decrypt');
  const text = policyText([base, { ...base, Condition: { StringEquals: { 'kms:calleraccount': '111122223333' } } }]).replace(
    '"Action": "kms:Decrypt",',
    '"Action": "kms:Decrypt",\n      "Condition": { "StringEquals": { "kms:CallerAccount": "444455556666", "kms:callerAccount": "111122223333" } },',
  );
  assert.equal(one(lint(redundantStatement, text)).at.pointer, '/Statement/1');
});

test('KP119 matches conditions whatever the order of operators, keys and values, and a number with its string', () => {
  const base = allow({ AWS: 'arn:aws:iam::111122223333:role/A' }, 'kms:Decrypt');
  const a = { ...base, Condition: { StringEquals: { 'kms:CallerAccount': ['1', '2'], 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } };
  const b = { ...base, Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' }, StringEquals: { 'KMS:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': ['2', '1', '2'] } } };
  const c = { ...base, Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3601' }, StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': ['2', '1'] } } };
  const findings = lint(redundantStatement, policyText([a, c, b]));
  assert.equal(one(findings).at.pointer, '/Statement/2');
  assert.match(findings[0]!.message, /repeats statement 1/);
});

test('property: KP119 reports exactly the statements whose meaning an earlier one has, in ASCII and non-ASCII policies', () => {
  // Small pools so that repeats are common; names differ in case, order and non-ASCII letters.
  const actions = fc.subarray(['kms:Decrypt', 'kms:DECRYPT', 'kms:Encrypt', 'kms:encrypt', 'kms:Get*', 'kms:ReEncrypt*', 'kms:İnvalid', 'kms:i̇nvalid'], { minLength: 1 });
  const principals = fc.subarray(['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/Ä', '*'], { minLength: 1 });
  const condition = fc.option(
    fc.record({ StringEquals: fc.dictionary(fc.constantFrom('kms:CallerAccount', 'KMS:CallerAccount', 'kms:ViaService', 'aws:PrincipalTag/Tëam'), fc.subarray(['1', '2', 'ö', 'O'], { minLength: 1 }), { minKeys: 1, maxKeys: 2 }) }),
    { nil: undefined },
  );
  const statement = fc.record({ Sid: fc.constantFrom('a', 'ü'), Effect: fc.constantFrom('Allow', 'Deny'), Principal: principals.map((p) => ({ AWS: p })), Action: actions, Resource: fc.constant('*'), Condition: condition }, { requiredKeys: ['Sid', 'Effect', 'Principal', 'Action', 'Resource'] });
  fc.assert(
    fc.property(fc.array(statement, { minLength: 2, maxLength: 6 }), (statements) => {
      const text = policyText(statements);
      const doc = parsePolicy(text);
      const meanings = (doc.policy?.statements ?? []).map(canonical);
      const expected = meanings.flatMap((m, i) => (meanings.indexOf(m) < i ? [i] : []));
      assert.deepEqual(lint(redundantStatement, text).map((f) => Number(/^\/Statement\/(\d+)/.exec(f.at.pointer)?.[1])), expected);
    }),
    { numRuns: 400 },
  );
});

test('KP119 folds case as toLowerCase does, also where lower-casing changes the length (İ → i̇)', () => {
  const a = allow({ AWS: 'arn:aws:iam::111122223333:role/A' }, ['kms:Encrypt', 'kms:İnvalid']);
  const b = allow({ AWS: 'arn:aws:iam::111122223333:role/A' }, ['kms:i̇nvalid', 'kms:encrypt']);
  assert.equal(one(lint(redundantStatement, policyText([a, b]))).at.pointer, '/Statement/1');
});
