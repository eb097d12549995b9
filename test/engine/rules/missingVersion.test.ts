import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingVersion } from '../../../server/src/engine/rules/missingVersion';
import { allow, applyFix, lint, one, policyText, reported } from './ruleKit';

const statements = [allow('*', 'kms:Decrypt')];

test('KP104 warns on a policy without Version and inserts it as the first member', () => {
  const text = JSON.stringify({ Statement: statements }, null, 2);
  const f = one(lint(missingVersion, text));
  assert.equal(f.code, 'KP104');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '{');
  assert.match(f.message, /no "Version".*Add "Version": "2012-10-17"/);
  assert.equal(applyFix(text, f), policyText(statements));
});

test('KP104 stays quiet when Version is present, even if wrong or misspelt', () => {
  assert.deepEqual(lint(missingVersion, policyText(statements)), []);
  assert.deepEqual(lint(missingVersion, JSON.stringify({ Version: 7, Statement: statements })), []);
  assert.deepEqual(lint(missingVersion, JSON.stringify({ version: '2012-10-17', Statement: statements })), []);
});
