import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyStatement } from '../../../server/src/engine/rules/emptyStatement';
import { lint, one, reported } from './ruleKit';

test('KP106 reports an empty Statement list and nothing else', () => {
  const text = '{"Version": "2012-10-17", "Statement": [ ]}';
  const f = one(lint(emptyStatement, text));
  assert.equal(f.code, 'KP106');
  assert.equal(reported(text, f), '[ ]');
  assert.match(f.message, /"Statement" list is empty/);
  assert.deepEqual(lint(emptyStatement, '{"Statement": {"Effect": "Allow"}}'), []);
  assert.deepEqual(lint(emptyStatement, '{"Statement": [{}]}'), []);
});
