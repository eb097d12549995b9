import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noAccountDelegation } from '../../../server/src/engine/rules/noAccountDelegation';
import { allow, deny, lint, one, policyText, reported } from './ruleKit';

const A = '111122223333';

test('KP603 says IAM grants nothing when the key\'s account is not allowed', () => {
  const text = policyText([allow({ AWS: `arn:aws:iam::${A}:role/Admin` }, 'kms:*')]);
  const f = one(lint(noAccountDelegation, text, { context: { account: A } }));
  assert.equal(f.code, 'KP603');
  assert.equal(f.severity, 'info');
  assert.equal(reported(text, f), '"Statement"');
  assert.match(f.message, /No statement allows the key's account \(arn:aws:iam::111122223333:root\), so IAM policies in 111122223333 grant nothing/);
});

test('KP603 fires when a Deny takes the delegation away entirely', () => {
  const text = policyText([allow({ AWS: A }, 'kms:*'), allow({ AWS: `arn:aws:iam::${A}:role/Admin` }, 'kms:*'), deny({ AWS: A }, 'kms:*')]);
  assert.equal(lint(noAccountDelegation, text, { context: { account: A } }).length, 1);
});

test('KP603 is quiet with delegation (even for a few actions) and when the account is unknown', () => {
  assert.deepEqual(lint(noAccountDelegation, policyText([allow({ AWS: A }, 'kms:*')]), { context: { account: A } }), []);
  assert.deepEqual(lint(noAccountDelegation, policyText([allow({ AWS: `arn:aws:iam::${A}:root` }, ['kms:Describe*', 'kms:Get*'])]), { context: { account: A } }), []);
  assert.deepEqual(lint(noAccountDelegation, policyText([allow('*', 'kms:Decrypt')])), []);
});
