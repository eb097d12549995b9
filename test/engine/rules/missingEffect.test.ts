import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingEffect } from '../../../server/src/engine/rules/missingEffect';
import { lint, one, policyText, reported } from './ruleKit';

test('KP107 reports a statement without Effect at its Sid, or at its brace without one', () => {
  const text = policyText([{ Sid: 'Users', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }]);
  const f = one(lint(missingEffect, text));
  assert.equal(f.code, 'KP107');
  assert.equal(reported(text, f), '"Sid": "Users"');
  assert.match(f.message, /no "Effect"; KMS rejects the policy\. Add "Effect": "Allow" or "Effect": "Deny"\./);
  const bare = '{"Statement": [{"Principal": "*"}]}';
  assert.equal(reported(bare, one(lint(missingEffect, bare))), '{');
});

test('KP107 stays quiet when Effect is present in any form or misspelt in case', () => {
  assert.deepEqual(lint(missingEffect, '{"Statement": [{"Effect": "allow"}, {"Effect": 3}, {"EFFECT": "Allow"}]}'), []);
  assert.deepEqual(lint(missingEffect, '{"Statement": ["x"]}'), []);
});
