import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingAction } from '../../../server/src/engine/rules/missingAction';
import { lint, one, policyText, reported } from './ruleKit';

test('KP109 reports a statement with neither Action nor NotAction', () => {
  const text = policyText([{ Sid: 'Guard', Effect: 'Deny', Principal: '*', Resource: '*' }]);
  const f = one(lint(missingAction, text));
  assert.equal(f.code, 'KP109');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '"Sid": "Guard"');
  assert.match(f.message, /no "Action" or "NotAction": KMS accepts it but it never applies, so it denies nothing/);
});

test('KP109 stays quiet with Action, NotAction, or a misspelt "action"', () => {
  const text = policyText([
    { Effect: 'Allow', Principal: '*', Action: [], Resource: '*' },
    { Effect: 'Deny', Principal: '*', NotAction: 'kms:Describe*', Resource: '*' },
    { Effect: 'Allow', Principal: '*', action: 'kms:Decrypt', Resource: '*' },
  ]);
  assert.deepEqual(lint(missingAction, text), []);
});
