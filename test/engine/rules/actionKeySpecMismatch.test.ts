import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionKeySpecMismatch } from '../../../server/src/engine/rules/actionKeySpecMismatch';
import { allow, applyFix, lint, policyText, reported } from './ruleKit';

const users = policyText([allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, ['kms:Decrypt', 'kms:Sign', 'kms:*Mac', 'kms:DescribeKey', 'kms:Generate*'])]);

test('KP208 reports signing and MAC actions on a symmetric key, from the key spec alone', () => {
  const found = lint(actionKeySpecMismatch, users, { context: { keySpec: 'SYMMETRIC_DEFAULT' } });
  assert.deepEqual(found.map((f) => [f.code, f.severity, reported(users, f)]), [
    ['KP208', 'info', '"kms:Sign"'],
    ['KP208', 'info', '"kms:*Mac"'],
  ]);
  assert.match(found[0]!.message, /^kms:Sign needs a SIGN_VERIFY key, but this key is SYMMETRIC_DEFAULT: the entry can never apply/);
  assert.match(found[1]!.message, /"kms:\*Mac" matches only kms:GenerateMac and kms:VerifyMac, which need a GENERATE_VERIFY_MAC key/);
  assert.deepEqual(JSON.parse(applyFix(users, found[0]!)).Statement[0].Action, ['kms:Decrypt', 'kms:*Mac', 'kms:DescribeKey', 'kms:Generate*']);
});

test('KP208 uses the key usage when given, and the spec\'s possible usages otherwise', () => {
  const signing = lint(actionKeySpecMismatch, users, { context: { keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' } });
  assert.deepEqual(signing.map((f) => reported(users, f)), ['"kms:Decrypt"', '"kms:*Mac"']);
  assert.match(signing[0]!.message, /needs a ENCRYPT_DECRYPT key, but this key is RSA_2048 \(SIGN_VERIFY\)/);
  // RSA may be either ENCRYPT_DECRYPT or SIGN_VERIFY: only the MAC actions are impossible.
  assert.deepEqual(lint(actionKeySpecMismatch, users, { context: { keySpec: 'RSA_2048' } }).map((f) => reported(users, f)), ['"kms:*Mac"']);
  const hmac = lint(actionKeySpecMismatch, users, { context: { keySpec: 'HMAC_256' } });
  assert.deepEqual(hmac.map((f) => reported(users, f)), ['"kms:Decrypt"', '"kms:Sign"']);
});

test('KP208 needs key facts and ignores actions that work with every key', () => {
  assert.deepEqual(lint(actionKeySpecMismatch, users), []);
  assert.deepEqual(lint(actionKeySpecMismatch, users, { context: { keySpec: 'SOMETHING_NEW' } }), []);
  const admin = policyText([allow('*', ['kms:*', 'kms:Create*', 'kms:Describe*', 'kms:Enable*'])]);
  assert.deepEqual(lint(actionKeySpecMismatch, admin, { context: { keySpec: 'HMAC_512' } }), []);
});

test('KP208 reports data-key operations and key rotation on asymmetric keys, and GetPublicKey on symmetric ones', () => {
  const text = policyText([
    allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyPair*', 'kms:EnableKeyRotation', 'kms:GetPublicKey']),
  ]);
  const rsa = lint(actionKeySpecMismatch, text, { context: { keySpec: 'RSA_4096', keyUsage: 'ENCRYPT_DECRYPT' } });
  assert.deepEqual(rsa.map((f) => reported(text, f)), ['"kms:GenerateDataKey"', '"kms:GenerateDataKeyPair*"', '"kms:EnableKeyRotation"']);
  assert.match(rsa[0]!.message, /^kms:GenerateDataKey needs a symmetric encryption \(SYMMETRIC_DEFAULT\) key, but this key is RSA_4096 \(ENCRYPT_DECRYPT\)/);
  assert.match(rsa[1]!.message, /matches only kms:GenerateDataKeyPair and kms:GenerateDataKeyPairWithoutPlaintext, which need a symmetric encryption/);
  const symmetric = lint(actionKeySpecMismatch, text, { context: { keySpec: 'SYMMETRIC_DEFAULT' } });
  assert.deepEqual(symmetric.map((f) => reported(text, f)), ['"kms:GetPublicKey"']);
  assert.match(symmetric[0]!.message, /^kms:GetPublicKey needs an asymmetric key, but this key is SYMMETRIC_DEFAULT/);
  // With only the usage known, a symmetric key is still possible: nothing about data keys can be said.
  assert.deepEqual(lint(actionKeySpecMismatch, text, { context: { keyUsage: 'ENCRYPT_DECRYPT' } }), []);
});

test('KP208 knows the ML-KEM and ML-DSA key specs', () => {
  const text = policyText([allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, ['kms:Decrypt', 'kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'])]);
  assert.deepEqual(lint(actionKeySpecMismatch, text, { context: { keySpec: 'ML_KEM_768' } }).map((f) => reported(text, f)), ['"kms:Decrypt"', '"kms:Sign"']);
  assert.deepEqual(lint(actionKeySpecMismatch, text, { context: { keySpec: 'ml_dsa_65' } }).map((f) => reported(text, f)), ['"kms:Decrypt"']);
});
