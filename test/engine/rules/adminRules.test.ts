import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonRootFullAccess } from '../../../server/src/engine/rules/nonRootFullAccess';
import { adminCanDecryptTransitively } from '../../../server/src/engine/rules/adminCanDecryptTransitively';
import { replicateKeyOutsideAdmins } from '../../../server/src/engine/rules/replicateKeyOutsideAdmins';
import { allow, deny, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const APP = { AWS: 'arn:aws:iam::111122223333:role/App' };
const ADMIN = { AWS: 'arn:aws:iam::111122223333:role/Admin' };
const CONSOLE_ADMIN = ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'];

test('KP506 fires on kms:* to a role, at the wildcard', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow(APP, 'kms:*')]);
  const f = one(lint(nonRootFullAccess, text));
  assert.equal(f.code, 'KP506');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"kms:*"');
  assert.match(f.message, /both the use of the key and "kms:\*" \(which includes kms:PutKeyPolicy\).*every key user is also a key administrator/);
});

test('KP506 fires on PutKeyPolicy listed with Decrypt', () => {
  const text = policyText([allow(APP, ['kms:Decrypt', 'kms:PutKeyPolicy'])]);
  const f = one(lint(nonRootFullAccess, text));
  assert.equal(reported(text, f), '"kms:PutKeyPolicy"');
});

test('KP506 is quiet on the root statement (also with a named admin beside the root), console admins, Deny and other accounts', () => {
  const text = policyText([
    allow(ROOT, 'kms:*'),
    allow({ AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/Admin'] }, 'kms:*'),
    allow(ADMIN, CONSOLE_ADMIN),
    deny(APP, 'kms:*'),
    allow({ AWS: 'arn:aws:iam::444455556666:role/X' }, 'kms:*'),
  ]);
  assert.deepEqual(lint(nonRootFullAccess, text), []);
});

test('KP510 reports the console administrators pattern as info, mentioning grants', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow(ADMIN, CONSOLE_ADMIN)]);
  const f = one(lint(adminCanDecryptTransitively, text));
  assert.equal(f.code, 'KP510');
  assert.equal(f.severity, 'info');
  assert.equal(reported(text, f), '"kms:Put*"');
  assert.match(f.message, /can change the key policy to allow themselves, or create a grant for Decrypt/);
});

test('KP510 leaves out grants when CreateGrant is not allowed, and is quiet on users and the root', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow(ADMIN, ['kms:PutKeyPolicy', 'kms:DescribeKey']), allow(APP, ['kms:Decrypt', 'kms:Put*'])]);
  const f = one(lint(adminCanDecryptTransitively, text));
  assert.doesNotMatch(f.message, /grant/);
  assert.equal(reported(text, f), '"kms:PutKeyPolicy"');
});

test('KP508 fires on ReplicateKey outside the administrators', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow(APP, ['kms:Decrypt', 'kms:Replicate*'])]);
  const f = one(lint(replicateKeyOutsideAdmins, text));
  assert.equal(f.code, 'KP508');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"kms:Replicate*"');
  assert.match(f.message, /"kms:Replicate\*" \(which includes kms:ReplicateKey\) to principals who cannot change the key policy/);
});

test('KP508 is quiet for the multi-Region administrators statement and the root', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow(ADMIN, [...CONSOLE_ADMIN, 'kms:ReplicateKey', 'kms:UpdatePrimaryRegion'])]);
  assert.deepEqual(lint(replicateKeyOutsideAdmins, text), []);
});
