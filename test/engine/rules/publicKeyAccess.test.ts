import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicKeyAccess } from '../../../server/src/engine/rules/publicKey';
import { allow, deny, lint, one, policyText, reported } from './ruleKit';

const A = '111122223333';
const ctx = { context: { account: A } };

test('KP600 reports "*" that anyone in any account can use, as an error for crypto actions', () => {
  const text = policyText([allow({ AWS: `arn:aws:iam::${A}:root` }, 'kms:*'), allow('*', ['kms:Decrypt', 'kms:DescribeKey'])]);
  const f = one(lint(publicKeyAccess, text, ctx));
  assert.equal(f.code, 'KP600');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '"*"');
  assert.match(f.message, /Anyone in any AWS account can call kms:Decrypt, kms:DescribeKey on this key/);
});

test('KP600 is a warning when only non-cryptographic actions are public', () => {
  const text = policyText([allow({ AWS: '*' }, ['kms:DescribeKey', 'kms:GetKeyRotationStatus'])]);
  const f = one(lint(publicKeyAccess, text, ctx));
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"*"');
});

test('KP600 reports Allow with NotPrincipal at the NotPrincipal element', () => {
  const text = policyText([{ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:Encrypt', Resource: '*' }]);
  const f = one(lint(publicKeyAccess, text, ctx));
  assert.ok(reported(text, f).startsWith('{'));
  assert.match(f.message, /kms:Encrypt/);
});

test('KP600 is quiet when a condition pins the caller', () => {
  for (const condition of [
    { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } },
    { StringEquals: { 'kms:CallerAccount': A, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    { StringEquals: { 'aws:PrincipalAccount': ['444455556666'] } },
    { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/App*` } },
    { StringEquals: { 'aws:SourceAccount': A } },
    { ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${A}:trail/t` } },
  ]) {
    assert.deepEqual(lint(publicKeyAccess, policyText([allow('*', 'kms:Decrypt', condition)]), ctx), [], JSON.stringify(condition));
  }
});

test('KP600 counts a Deny that pins the caller, and sees through conditions that pin nothing', () => {
  const pinnedByDeny = policyText([allow('*', 'kms:Decrypt'), deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } })]);
  assert.deepEqual(lint(publicKeyAccess, pinnedByDeny, ctx), []);
  for (const condition of [
    { StringLike: { 'aws:PrincipalArn': '*' } },
    { StringNotEquals: { 'kms:CallerAccount': '999999999999' } },
    { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } },
    { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
  ]) {
    assert.equal(lint(publicKeyAccess, policyText([allow('*', 'kms:Decrypt', condition)]), ctx).length, 1, JSON.stringify(condition));
  }
});

test('KP600 ignores actions that cannot be used from another account', () => {
  assert.deepEqual(lint(publicKeyAccess, policyText([allow('*', ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'])]), ctx), []);
});
