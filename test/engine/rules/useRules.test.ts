import { test } from 'node:test';
import assert from 'node:assert/strict';
import { broadKeyDestruction } from '../../../server/src/engine/rules/broadKeyDestruction';
import { reEncryptIsDecrypt } from '../../../server/src/engine/rules/reEncryptIsDecrypt';
import { tagOrAliasManagement } from '../../../server/src/engine/rules/tagOrAliasManagement';
import { allow, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const APP = { AWS: 'arn:aws:iam::111122223333:role/App' };
const ADMIN = { AWS: 'arn:aws:iam::111122223333:role/Admin' };
const PIN = { StringEquals: { 'kms:CallerAccount': '111122223333' } };

test('KP507 fires when key users can also destroy the key', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow(APP, ['kms:Encrypt', 'kms:Decrypt', 'kms:ScheduleKeyDeletion', 'kms:Disable*'])]);
  const f = one(lint(broadKeyDestruction, text));
  assert.equal(f.code, 'KP507');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"kms:ScheduleKeyDeletion"');
  assert.match(f.message, /lets the key users also call kms:DisableKey and kms:ScheduleKeyDeletion/);
});

test('KP507 fires for Principal "*" even with conditions', () => {
  const text = policyText([allow('*', 'kms:ScheduleKeyDeletion', PIN)]);
  assert.match(one(lint(broadKeyDestruction, text)).message, /to Principal "\*"/);
});

test('KP507 is quiet for administrators, the root and other accounts', () => {
  const text = policyText([
    allow(ROOT, 'kms:*'),
    allow(ADMIN, ['kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion']),
    allow({ AWS: 'arn:aws:iam::444455556666:role/X' }, ['kms:Decrypt', 'kms:ScheduleKeyDeletion']),
    allow(APP, ['kms:Decrypt', 'kms:*']),
  ]);
  assert.deepEqual(lint(broadKeyDestruction, text), []);
});

test('KP509 fires on ReEncrypt* without Decrypt, as info', () => {
  const text = policyText([allow(APP, ['kms:ReEncrypt*', 'kms:DescribeKey'])]);
  const f = one(lint(reEncryptIsDecrypt, text));
  assert.equal(f.code, 'KP509');
  assert.equal(f.severity, 'info');
  assert.equal(reported(text, f), '"kms:ReEncrypt*"');
  assert.match(f.message, /^kms:ReEncryptFrom decrypts inside KMS/);
});

test('KP509 is quiet when Decrypt is granted too, and on ReEncryptTo alone', () => {
  const text = policyText([allow(APP, ['kms:Decrypt', 'kms:ReEncrypt*']), allow(APP, 'kms:ReEncryptTo'), allow(ROOT, 'kms:*')]);
  assert.deepEqual(lint(reEncryptIsDecrypt, text), []);
});

test('KP515 is info for tag management by non-administrators, warning where the policy uses aliases for access', () => {
  const plain = policyText([allow(ROOT, 'kms:*'), allow(APP, ['kms:Decrypt', 'kms:TagResource'])]);
  const f = one(lint(tagOrAliasManagement, plain));
  assert.equal(f.code, 'KP515');
  assert.equal(f.severity, 'info');
  assert.equal(reported(plain, f), '"kms:TagResource"');
  const abac = policyText([
    allow(ROOT, 'kms:*'),
    allow('*', 'kms:Decrypt', { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:RequestAlias': 'alias/app' } }),
    allow(APP, ['kms:CreateAlias', 'kms:UpdateAlias']),
  ]);
  const g = one(lint(tagOrAliasManagement, abac));
  assert.equal(g.severity, 'warning');
  assert.match(g.message, /decides access by kms:RequestAlias.*kms:CreateAlias and kms:UpdateAlias/);
  assert.equal(g.related?.length, 1);
});

test('KP515 is quiet for administrators and the root', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow(ADMIN, ['kms:Put*', 'kms:TagResource', 'kms:UntagResource', 'kms:CreateAlias'])]);
  assert.deepEqual(lint(tagOrAliasManagement, text), []);
});
