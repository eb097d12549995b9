import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyPolicyLockout } from '../../../server/src/engine/rules/keyPolicyLockout';
import { fragileKeyAdmin } from '../../../server/src/engine/rules/fragileKeyAdmin';
import { allow, deny, lint, one, policyText, reported } from './ruleKit';

const A = '111122223333';
const ctx = { context: { account: A } };
const root = { AWS: `arn:aws:iam::${A}:root` };
const admin = { AWS: `arn:aws:iam::${A}:role/Admin` };

test('KP601 reports a policy nobody can change, at the Statement member', () => {
  const text = policyText([allow(admin, ['kms:Decrypt', 'kms:Encrypt'])]);
  const f = one(lint(keyPolicyLockout, text, ctx));
  assert.equal(f.code, 'KP601');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '"Statement"');
  assert.match(f.message, /Nobody can call kms:PutKeyPolicy under this policy/);
});

test('KP601 fires when a Deny removes PutKeyPolicy from everyone, or only another account holds it', () => {
  assert.equal(lint(keyPolicyLockout, policyText([allow(root, 'kms:*'), deny('*', 'kms:PutKeyPolicy')]), ctx).length, 1);
  assert.equal(lint(keyPolicyLockout, policyText([allow({ AWS: 'arn:aws:iam::444455556666:root' }, 'kms:*')]), ctx).length, 1);
});

test('KP601 is quiet when the account, a named admin or "*" of the account can put the policy', () => {
  assert.deepEqual(lint(keyPolicyLockout, policyText([allow(root, 'kms:*')]), ctx), []);
  assert.deepEqual(lint(keyPolicyLockout, policyText([allow(admin, 'kms:Put*')]), ctx), []);
  assert.deepEqual(lint(keyPolicyLockout, policyText([allow('*', 'kms:*', { StringEquals: { 'kms:CallerAccount': A } })]), ctx), []);
  assert.deepEqual(lint(keyPolicyLockout, '{"Version":"2012-10-17","Statement":[]}', ctx), [], 'an empty Statement is another rule\'s business');
});

test('KP602 warns when only named principals can put the policy', () => {
  const text = policyText([allow(admin, 'kms:*')]);
  const f = one(lint(fragileKeyAdmin, text, ctx));
  assert.equal(f.code, 'KP602');
  assert.equal(f.severity, 'warning');
  assert.ok(reported(text, f).includes('role/Admin'));
  assert.match(f.message, /Only named principals can call kms:PutKeyPolicy \(arn:aws:iam::111122223333:role\/Admin\)/);
});

test('KP602 warns when delegation hangs on changeable facts, and points at each holder', () => {
  const text = policyText([
    allow(root, 'kms:*', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
    allow(admin, 'kms:PutKeyPolicy', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
  ]);
  const f = one(lint(fragileKeyAdmin, text, ctx));
  assert.match(f.message, /depends on facts that change/);
  assert.equal(f.related?.length, 1);
});

test('KP602 is quiet for a sturdy delegation and for a hard lockout', () => {
  assert.deepEqual(lint(fragileKeyAdmin, policyText([allow(root, 'kms:*'), allow(admin, 'kms:*')]), ctx), []);
  assert.deepEqual(lint(fragileKeyAdmin, policyText([allow(admin, 'kms:Decrypt')]), ctx), []);
});
