import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateSid } from '../../../server/src/engine/rules/duplicateSid';
import { allow, lint, one, policyText, reported } from './ruleKit';

test('KP113 warns on a repeated Sid at the second statement', () => {
  const text = policyText([
    { Sid: 'Key users', ...allow('*', 'kms:Decrypt') },
    { Sid: 'Key users', ...allow('*', 'kms:Encrypt') },
  ]);
  const f = one(lint(duplicateSid, text));
  assert.equal(f.code, 'KP113');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"Key users"');
  assert.ok(f.related![0]!.offset < f.at.offset);
  assert.match(f.message, /Sid "Key users" is already used by another statement/);
});

test('KP113 accepts distinct Sids, Sids that differ in case or spacing, and repeated empty Sids', () => {
  const text = policyText([
    { Sid: 'Enable IAM User Permissions', ...allow('*', 'kms:Decrypt') },
    { Sid: 'enable IAM user permissions', ...allow('*', 'kms:Encrypt') },
    { Sid: '', ...allow('*', 'kms:Encrypt') },
    { Sid: '', ...allow('*', 'kms:Sign') },
    allow('*', 'kms:Verify'),
  ]);
  assert.deepEqual(lint(duplicateSid, text), []);
});
