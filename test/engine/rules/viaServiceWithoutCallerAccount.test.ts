import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viaServiceWithoutCallerAccount } from '../../../server/src/engine/rules/viaServiceWithoutCallerAccount';
import { allow, applyFix, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const VIA = { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } };

test('KP503 fires on Principal "*" with only kms:ViaService, and the fix adds the inferred account', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow({ AWS: '*' }, 'kms:Decrypt', VIA)]);
  const f = one(lint(viaServiceWithoutCallerAccount, text));
  assert.equal(f.code, 'KP503');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"kms:ViaService"');
  assert.match(f.message, /a principal in any AWS account can use this key through that service/);
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[1].Condition, {
    StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'kms:CallerAccount': '111122223333' },
  });
});

test('KP503 offers no fix when the key account is unknown', () => {
  const text = policyText([allow('*', 'kms:Decrypt', { StringLike: { 'kms:ViaService': '*.us-east-1.amazonaws.com' } })]);
  const f = one(lint(viaServiceWithoutCallerAccount, text));
  assert.equal(f.fixes, undefined);
  assert.match(f.message, /the key's account/);
});

test('KP503 is quiet for the AWS managed key pattern, org pins and named principals', () => {
  const managed = policyText([
    allow({ AWS: '*' }, ['kms:Encrypt', 'kms:Decrypt'], {
      StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
    }),
    allow('*', 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'aws:PrincipalOrgID': 'o-abc123' } }),
    allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, 'kms:Decrypt', VIA),
    allow(ROOT, 'kms:Decrypt', VIA),
  ]);
  assert.deepEqual(lint(viaServiceWithoutCallerAccount, managed), []);
});

test('KP503 does not count a negated or IfExists account test as a pin', () => {
  const text = policyText([
    allow('*', 'kms:Decrypt', { ...VIA, StringNotEquals: { 'kms:CallerAccount': '444455556666' } }),
    allow('*', 'kms:Decrypt', { ...VIA, StringEqualsIfExists: { 'kms:CallerAccount': '111122223333' } }),
  ]);
  assert.equal(lint(viaServiceWithoutCallerAccount, text).length, 2);
});
