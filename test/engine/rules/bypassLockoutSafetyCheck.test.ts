import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bypassLockoutSafetyCheck } from '../../../server/src/engine/rules/bypassLockoutSafetyCheck';
import { allow, deny, lint, one, policyText, reported } from './ruleKit';

const ADMIN = { AWS: 'arn:aws:iam::111122223333:role/Admin' };

test('KP514 fires on an Allow of PutKeyPolicy with the bypass flag true', () => {
  const text = policyText([allow(ADMIN, 'kms:PutKeyPolicy', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } })]);
  const f = one(lint(bypassLockoutSafetyCheck, text));
  assert.equal(f.code, 'KP514');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"kms:BypassPolicyLockoutSafetyCheck"');
  assert.match(f.message, /call PutKeyPolicy with BypassPolicyLockoutSafetyCheck/);
});

test('KP514 fires on a JSON boolean and on a negated test that admits true', () => {
  const text = policyText([
    allow(ADMIN, 'kms:PutKeyPolicy', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': true } }),
    allow(ADMIN, 'kms:PutKeyPolicy', { StringNotEquals: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' } }),
  ]);
  assert.equal(lint(bypassLockoutSafetyCheck, text).length, 2);
});

test('KP514 is quiet on the recommended Deny and on an Allow that requires false', () => {
  const text = policyText([
    deny('*', 'kms:PutKeyPolicy', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } }),
    allow(ADMIN, 'kms:PutKeyPolicy', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' } }),
    allow(ADMIN, 'kms:PutKeyPolicy'),
  ]);
  assert.deepEqual(lint(bypassLockoutSafetyCheck, text), []);
});
