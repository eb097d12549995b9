import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionNotCrossAccount } from '../../../server/src/engine/rules/actionNotCrossAccount';
import { allow, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const EXT = 'arn:aws:iam::444455556666:root';

test('KP516 reports an action that never works across accounts', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow({ AWS: EXT }, ['kms:Decrypt', 'kms:PutKeyPolicy'])]);
  const f = one(lint(actionNotCrossAccount, text, { context: { account: '111122223333' } }));
  assert.equal(f.code, 'KP516');
  assert.equal(f.severity, 'info');
  assert.equal(reported(text, f), '"kms:PutKeyPolicy"');
  assert.match(f.message, /"kms:PutKeyPolicy" cannot be used from another account, so it has no effect for account 444455556666/);
});

test('KP516 names the local actions a wildcard includes, and says "the principals of" for mixed lists', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow({ AWS: ['arn:aws:iam::111122223333:role/App', EXT] }, 'kms:Get*')]);
  const f = one(lint(actionNotCrossAccount, text));
  assert.match(f.message, /"kms:Get\*" includes kms:GetKeyLastUsage, kms:GetKeyPolicy and kms:GetParametersForImport, which cannot be used from another account, so for the principals of account 444455556666 only its other actions take effect/);
});

test('KP516 is quiet for the console key users with an external account, and when the account is unknown', () => {
  const text = policyText([
    allow(ROOT, 'kms:*'),
    allow({ AWS: EXT }, ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']),
    allow({ AWS: EXT }, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], { Bool: { 'kms:GrantIsForAWSResource': true } }),
  ]);
  assert.deepEqual(lint(actionNotCrossAccount, text), []);
  const unknown = policyText([allow({ AWS: [EXT, 'arn:aws:iam::777788889999:root'] }, 'kms:PutKeyPolicy')]);
  assert.deepEqual(lint(actionNotCrossAccount, unknown), []);
});
