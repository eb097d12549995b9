import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidVersion } from '../../../server/src/engine/rules/invalidVersion';
import { allow, applyFix, lint, one, policyText, reported } from './ruleKit';

const statements = [allow('*', 'kms:Decrypt')];

test('KP103 reports a Version that is not a language version, with a preferred fix', () => {
  const text = policyText(statements, '2024-01-01');
  const f = one(lint(invalidVersion, text));
  assert.equal(f.code, 'KP103');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '"2024-01-01"');
  assert.match(f.message, /"2024-01-01" is not a policy language version; KMS rejects the policy\. Use "2012-10-17"/);
  assert.equal(f.fixes?.[0]?.preferred, true);
  assert.equal(applyFix(text, f), policyText(statements));
});

test('KP103 reports 2008-10-17 at info level', () => {
  const text = policyText(statements, '2008-10-17');
  const f = one(lint(invalidVersion, text));
  assert.equal(f.severity, 'info');
  assert.match(f.message, /outdated policy language: policy variables such as \$\{aws:username\} are read literally/);
  assert.equal(applyFix(text, f), policyText(statements));
});

test('KP103 accepts 2012-10-17 and leaves a missing or non-string Version to other rules', () => {
  assert.deepEqual(lint(invalidVersion, policyText(statements)), []);
  assert.deepEqual(lint(invalidVersion, JSON.stringify({ Statement: statements })), []);
  assert.deepEqual(lint(invalidVersion, JSON.stringify({ Version: 1, Statement: statements })), []);
});
