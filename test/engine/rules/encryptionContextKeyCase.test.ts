import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encryptionContextKeyCase } from '../../../server/src/engine/rules/encryptionContextKeyCase';
import { allow, applyFix, deny, json, lint, one, policyText, reported } from './ruleKit';

const ROLE = { AWS: 'arn:aws:iam::111122223333:role/App' };

test('KP511 fires on a capitalised context key, and the fix requires the exact key name', () => {
  const text = policyText([allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } })]);
  const f = one(lint(encryptionContextKeyCase, text));
  assert.equal(f.code, 'KP511');
  assert.equal(f.severity, 'info');
  assert.equal(reported(text, f), '"kms:EncryptionContext:Department"');
  assert.match(f.message, /"Department" in this condition is matched case-insensitively, so it also matches "department"/);
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[0].Condition, {
    StringEquals: { 'kms:EncryptionContext:Department': 'IT' },
    'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'Department' },
  });
});

test('KP511 names the other spellings the policy uses', () => {
  const text = policyText([
    allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } }),
    deny('*', 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:department': 'HR' } }),
  ]);
  const f = one(lint(encryptionContextKeyCase, text));
  assert.match(f.message, /also writes it as "department", which is the same key/);
});

test('KP511 offers no fix on a Deny (narrowing a Deny weakens it)', () => {
  const text = policyText([deny('*', 'kms:Decrypt', { StringNotEquals: { 'kms:EncryptionContext:Team': 'a' } })]);
  assert.equal(one(lint(encryptionContextKeyCase, text)).fixes, undefined);
});

test('KP511 is quiet on lower-case keys and when kms:EncryptionContextKeys pins the exact name', () => {
  const text = policyText([
    allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::b' } }),
    allow(ROLE, 'kms:Decrypt', {
      StringEquals: { 'kms:EncryptionContext:Department': 'IT' },
      'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] },
    }),
    allow(ROLE, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } }),
  ]);
  assert.deepEqual(lint(encryptionContextKeyCase, text), []);
});
