import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionNotForKey } from '../../../server/src/engine/rules/actionNotForKey';
import { allow, applyFix, lint, policyText, reported } from './ruleKit';

test('KP206 reports actions that are not authorized on a key, alone or as the only matches of a pattern', () => {
  const text = policyText([allow('*', ['kms:CreateKey', 'kms:Decrypt', 'kms:listkeys', 'kms:*CustomKeyStore*', 'kms:GenerateRandom'])]);
  const found = lint(actionNotForKey, text);
  assert.deepEqual(found.map((f) => [f.code, f.severity, reported(text, f)]), [
    ['KP206', 'info', '"kms:CreateKey"'],
    ['KP206', 'info', '"kms:listkeys"'],
    ['KP206', 'info', '"kms:*CustomKeyStore*"'],
    ['KP206', 'info', '"kms:GenerateRandom"'],
  ]);
  assert.match(found[0]!.message, /^kms:CreateKey is not authorized on a key, so a key policy cannot allow or deny it: this entry has no effect\. Allow it in an IAM policy instead\.$/);
  assert.match(found[2]!.message, /"kms:\*CustomKeyStore\*" matches only kms:ConnectCustomKeyStore, kms:CreateCustomKeyStore, kms:DeleteCustomKeyStore and 3 more, which are not authorized on a key/);
  assert.equal(found[0]!.unnecessary, true);
  assert.deepEqual(JSON.parse(applyFix(text, found[0]!)).Statement[0].Action, ['kms:Decrypt', 'kms:listkeys', 'kms:*CustomKeyStore*', 'kms:GenerateRandom']);
});

test('KP206 stays quiet on patterns that also match key actions, on NotAction, and on RetireGrant alone', () => {
  const text = policyText([
    allow('*', ['kms:List*', 'kms:Create*', 'kms:*', 'kms:RetireGrant', 'kms:ListRetirableGrants2']),
    { ...allow('*', []), Action: undefined, NotAction: 'kms:CreateKey' },
  ]);
  assert.deepEqual(lint(actionNotForKey, text), []);
});
