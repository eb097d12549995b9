import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonKmsAction } from '../../../server/src/engine/rules/nonKmsAction';
import { allow, applyFix, deny, lint, one, policyText, reported } from './ruleKit';

test('KP205 warns on another service\'s action and the fix removes it from the list', () => {
  const text = policyText([allow('*', ['kms:Decrypt', 's3:GetObject'])]);
  const f = one(lint(nonKmsAction, text));
  assert.equal(f.code, 'KP205');
  assert.equal(f.severity, 'warning');
  assert.equal(f.unnecessary, true);
  assert.equal(reported(text, f), '"s3:GetObject"');
  assert.match(f.message, /"s3:GetObject" is not a KMS action: a key policy only governs requests to this key, so it has no effect here\. Grant it in an IAM policy or in the s3 resource's own policy\./);
  assert.equal(applyFix(text, f), policyText([allow('*', ['kms:Decrypt'])]));
});

test('KP205 gives no fix when the action is the whole element, and checks NotAction too', () => {
  const text = policyText([deny('*', 'iam:PassRole'), { ...allow('*', []), Action: undefined, NotAction: ['kms:Decrypt', 'sts:AssumeRole'] }]);
  const found = lint(nonKmsAction, text);
  assert.deepEqual(found.map((f) => [reported(text, f), f.fixes?.length ?? 0]), [['"iam:PassRole"', 0], ['"sts:AssumeRole"', 1]]);
});

test('KP205 accepts kms actions in any case, "*", and leaves unknown services and wildcards to other rules', () => {
  assert.deepEqual(lint(nonKmsAction, policyText([allow('*', ['KMS:Decrypt', 'kms:*', '*', 'ksm:Decrypt', 'foo:Bar', 'k*:Encrypt', 'Decrypt'])])), []);
});
