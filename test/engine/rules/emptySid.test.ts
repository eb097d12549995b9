import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptySid } from '../../../server/src/engine/rules/emptySid';
import { allow, applyFix, lint, one, policyText, reported } from './ruleKit';

test('KP114 hints at an empty Sid and the fix removes the member', () => {
  const text = policyText([{ Sid: '', ...allow('*', 'kms:Decrypt') }]);
  const f = one(lint(emptySid, text));
  assert.equal(f.code, 'KP114');
  assert.equal(f.severity, 'hint');
  assert.equal(reported(text, f), '""');
  assert.equal(applyFix(text, f), policyText([allow('*', 'kms:Decrypt')]));
});

test('KP114 does not flag Sids with spaces or punctuation', () => {
  const text = policyText([{ Sid: 'Enable IAM User Permissions', ...allow('*', 'kms:Decrypt') }, { Sid: 'Allow use: key-users (prod)', ...allow('*', 'kms:Encrypt') }]);
  assert.deepEqual(lint(emptySid, text), []);
});
