import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidEffect } from '../../../server/src/engine/rules/invalidEffect';
import { allow, applyFix, lint, one, policyText, reported } from './ruleKit';

test('KP108 reports a wrong-case Effect with a preferred fix', () => {
  const text = policyText([{ ...allow('*', 'kms:Decrypt'), Effect: 'allow' }]);
  const f = one(lint(invalidEffect, text));
  assert.equal(f.code, 'KP108');
  assert.equal(reported(text, f), '"allow"');
  assert.match(f.message, /Effect values are case-sensitive: "allow" is rejected by KMS\. Write "Allow"\./);
  assert.equal(f.fixes?.length, 1);
  assert.equal(f.fixes?.[0]?.preferred, true);
  assert.equal(applyFix(text, f), policyText([allow('*', 'kms:Decrypt')]));
});

test('KP108 offers both effects, nearest first, for other values', () => {
  const text = policyText([{ ...allow('*', 'kms:Decrypt'), Effect: 'Deni' }]);
  const f = one(lint(invalidEffect, text));
  assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change to "Deny"', undefined], ['Change to "Allow"', undefined]]);
  assert.match(f.message, /"Deni" is not a valid Effect; KMS rejects the policy\. Use "Allow" or "Deny"\./);
  assert.equal(JSON.parse(applyFix(text, f, 'Change to "Allow"')).Statement[0].Effect, 'Allow');
});

test('KP108 accepts Allow and Deny', () => {
  assert.deepEqual(lint(invalidEffect, policyText([allow('*', 'kms:Decrypt'), { ...allow('*', 'kms:Decrypt'), Effect: 'Deny' }])), []);
});
