import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingResource } from '../../../server/src/engine/rules/missingResource';
import { applyFix, lint, one, policyText, reported } from './ruleKit';

test('KP110 reports a statement without Resource and the fix adds "Resource": "*"', () => {
  const statement = { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt' };
  const text = policyText([statement]);
  const f = one(lint(missingResource, text));
  assert.equal(f.code, 'KP110');
  assert.equal(reported(text, f), '{');
  assert.match(f.message, /no "Resource": KMS accepts it but it never applies\. Add "Resource": "\*"/);
  assert.equal(applyFix(text, f), policyText([{ ...statement, Resource: '*' }]));
});

test('KP110 stays quiet with Resource or NotResource', () => {
  const text = policyText([
    { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/x' },
    { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', NotResource: '*' },
  ]);
  assert.deepEqual(lint(missingResource, text), []);
});
