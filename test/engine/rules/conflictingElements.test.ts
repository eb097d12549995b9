import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflictingElements } from '../../../server/src/engine/rules/conflictingElements';
import { lint, policyText, reported } from './ruleKit';

test('KP112 reports each exclusive pair at the later element, pointing back at the earlier one', () => {
  const text = policyText([
    { Effect: 'Allow', Principal: '*', NotPrincipal: { AWS: '111122223333' }, NotAction: 'kms:Put*', Action: 'kms:Decrypt', Resource: '*', NotResource: '*' },
  ]);
  const found = lint(conflictingElements, text);
  assert.deepEqual(found.map((f) => [f.code, reported(text, f), reported(text, { ...f, at: f.related![0]! })]), [
    ['KP112', '"NotPrincipal"', '"Principal"'],
    ['KP112', '"Action"', '"NotAction"'],
    ['KP112', '"NotResource"', '"Resource"'],
  ]);
  assert.match(found[1]!.message, /may use "Action" or "NotAction", not both; KMS rejects the policy/);
});

test('KP112 stays quiet when each pair is used once', () => {
  const text = policyText([{ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, NotAction: 'kms:Describe*', Resource: '*' }]);
  assert.deepEqual(lint(conflictingElements, text), []);
});
