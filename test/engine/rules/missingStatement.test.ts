import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingStatement } from '../../../server/src/engine/rules/missingStatement';
import { lint, one, policyText, reported } from './ruleKit';

test('KP105 reports a policy without Statement at its opening brace', () => {
  const text = '{"Version": "2012-10-17"}';
  const f = one(lint(missingStatement, text));
  assert.equal(f.code, 'KP105');
  assert.equal(reported(text, f), '{');
  assert.match(f.message, /The policy has no "Statement"; KMS rejects it\./);
});

test('KP105 stays quiet when Statement exists in any shape or is only misspelt in case', () => {
  assert.deepEqual(lint(missingStatement, policyText([])), []);
  assert.deepEqual(lint(missingStatement, '{"Version": "2012-10-17", "Statement": 3}'), []);
  assert.deepEqual(lint(missingStatement, '{"Version": "2012-10-17", "statement": []}'), []);
});
