import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingPrincipal } from '../../../server/src/engine/rules/missingPrincipal';
import { lint, one, policyText, reported } from './ruleKit';

test('KP111 reports a statement without Principal, suggesting the key account when known', () => {
  const text = policyText([{ Sid: 'NoOne', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }]);
  const f = one(lint(missingPrincipal, text, { context: { account: '444455556666' } }));
  assert.equal(f.code, 'KP111');
  assert.equal(reported(text, f), '"Sid": "NoOne"');
  assert.match(f.message, /no "Principal".*"Principal": \{"AWS": "arn:aws:iam::444455556666:root"\}/);
});

test('KP111 stays quiet with Principal or NotPrincipal', () => {
  const text = policyText([
    { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
    { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'kms:Decrypt', Resource: '*' },
  ]);
  assert.deepEqual(lint(missingPrincipal, text), []);
});
