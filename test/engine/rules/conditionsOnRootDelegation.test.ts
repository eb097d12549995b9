import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionsOnRootDelegation } from '../../../server/src/engine/rules/conditionsOnRootDelegation';
import { allow, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

test('KP512 fires on a conditioned root-delegation statement, at "Condition"', () => {
  const text = policyText([allow(ROOT, 'kms:*', { StringEquals: { 'aws:PrincipalTag/team': 'security' } })]);
  const f = one(lint(conditionsOnRootDelegation, text));
  assert.equal(f.code, 'KP512');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"Condition"');
  assert.match(f.message, /delegates the key to account 111122223333, so its Condition limits every IAM permission/);
  assert.equal(f.fixes, undefined);
});

test('KP512 uses the account from the context and a bare account id', () => {
  const text = policyText([allow({ AWS: '111122223333' }, 'kms:*', { Bool: { 'aws:SecureTransport': 'true' } })]);
  assert.equal(lint(conditionsOnRootDelegation, text, { context: { account: '111122223333' } }).length, 1);
  assert.deepEqual(lint(conditionsOnRootDelegation, text, { context: { account: '444455556666' } }), []);
});

test('KP512 is quiet on the default policy, on own-account pins and on other principals', () => {
  const text = policyText([
    allow(ROOT, 'kms:*'),
    allow(ROOT, 'kms:Describe*', { StringEquals: { 'kms:CallerAccount': '111122223333' } }),
    allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, 'kms:Decrypt', { Bool: { 'aws:SecureTransport': 'true' } }),
    allow({ AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/App'] }, 'kms:Decrypt', { Bool: { 'aws:SecureTransport': 'true' } }),
  ]);
  assert.deepEqual(lint(conditionsOnRootDelegation, text), []);
});
