import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wildcardInService } from '../../../server/src/engine/rules/wildcardInService';
import { allow, applyFix, lint, policyText, reported } from './ruleKit';

test('KP203 reports a wildcard service prefix; the fix writes kms when the glob covers it', () => {
  const text = policyText([allow('*', ['k*:Decrypt', '*:Describe*', 's?:GetObject'])]);
  const found = lint(wildcardInService, text);
  assert.deepEqual(found.map((f) => [f.code, f.severity, reported(text, f)]), [
    ['KP203', 'info', '"k*:Decrypt"'],
    ['KP203', 'info', '"*:Describe*"'],
    ['KP203', 'info', '"s?:GetObject"'],
  ]);
  assert.match(found[0]!.message, /The service prefix "k\*" contains a wildcard; in a key policy only kms actions count, so write "kms:Decrypt"/);
  assert.deepEqual(JSON.parse(applyFix(text, found[1]!)).Statement[0].Action, ['k*:Decrypt', 'kms:Describe*', 's?:GetObject']);
  assert.match(found[2]!.message, /does not match "kms", so "s\?:GetObject" has no effect in a key policy/);
  assert.equal(found[2]!.unnecessary, true);
  assert.equal(found[2]!.fixes, undefined);
});

test('KP203 accepts "*" and plain prefixes', () => {
  assert.deepEqual(lint(wildcardInService, policyText([allow('*', ['*', 'kms:*', 'kms:Get*'])])), []);
});
