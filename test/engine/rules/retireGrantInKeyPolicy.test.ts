import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retireGrantInKeyPolicy } from '../../../server/src/engine/rules/retireGrantInKeyPolicy';
import { allow, applyFix, lint, one, policyText, reported } from './ruleKit';

test('KP207 reports kms:RetireGrant (and patterns matching only it), with a removal fix', () => {
  const text = policyText([allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, ['kms:Decrypt', 'kms:RetireGrant'])]);
  const f = one(lint(retireGrantInKeyPolicy, text));
  assert.equal(f.code, 'KP207');
  assert.equal(f.severity, 'info');
  assert.equal(reported(text, f), '"kms:RetireGrant"');
  assert.match(f.message, /^kms:RetireGrant has no effect in a key policy: the grant decides who may retire it/);
  assert.equal(applyFix(text, f), policyText([allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, ['kms:Decrypt'])]));
  const pattern = policyText([allow('*', 'kms:Retire*')]);
  const g = one(lint(retireGrantInKeyPolicy, pattern));
  assert.match(g.message, /"kms:Retire\*" matches only kms:RetireGrant, which has no effect/);
  assert.equal(g.fixes, undefined);
});

test('KP207 stays quiet on patterns that match other grant actions too', () => {
  assert.deepEqual(lint(retireGrantInKeyPolicy, policyText([allow('*', ['kms:*Grant', 'kms:Revoke*', 'kms:*'])])), []);
});
