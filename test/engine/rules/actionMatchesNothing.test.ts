import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionMatchesNothing } from '../../../server/src/engine/rules/actionMatchesNothing';
import { allow, lint, one, policyText, reported } from './ruleKit';

test('KP204 reports a kms pattern that matches no action', () => {
  const text = policyText([allow('*', ['kms:Foo*', 'kms:Decrypt*'])]);
  const f = one(lint(actionMatchesNothing, text));
  assert.equal(f.code, 'KP204');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '"kms:Foo*"');
  assert.match(f.message, /"kms:Foo\*" matches no KMS action, so it never applies/);
});

test('KP204 also checks wildcard-service patterns that cover kms, and ignores plain names and other services', () => {
  const text = policyText([allow('*', ['k*:Nothing?', 'kms:Get*', 'kms:get?eypolicy', 's3:Nothing*', 'kms:Nothing', 's*:Foo*'])]);
  assert.deepEqual(lint(actionMatchesNothing, text).map((f) => reported(text, f)), ['"k*:Nothing?"']);
});
