import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deprecatedGlobalKey } from '../../../server/src/engine/rules/deprecatedGlobalKey';
import { unknownConditionKey } from '../../../server/src/engine/rules/unknownConditionKey';
import { ALL_RULES, createPolicyService } from '../../../server/src/engine/index';
import { allow, applyFix, deny, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const cond = (text: string, i = 0) => (json(text) as { Statement: { Condition: unknown }[] }).Statement[i]!.Condition;

test('KP404 reports aws:ARN as an unsupported key (error) with both replacements as fixes', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { ArnEquals: { 'aws:ARN': 'arn:aws:iam::111122223333:role/App' } })]);
  const f = one(lint(deprecatedGlobalKey, text));
  assert.equal(f.code, 'KP404');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '"aws:ARN"');
  assert.equal(
    f.message,
    '"aws:ARN" is not a supported global condition key, so a condition on it does not test what it appears to. Use "aws:PrincipalArn" (the ARN of the calling principal) or "aws:SourceArn" (the ARN of the resource a service calls on behalf of) instead.',
  );
  assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred ?? false]), [['Change to "aws:PrincipalArn"', false], ['Change to "aws:SourceArn"', false]]);
  assert.deepEqual(cond(applyFix(text, f)), { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/App' } });
  assert.deepEqual(cond(applyFix(text, f, 'Change to "aws:SourceArn"')), { ArnEquals: { 'aws:SourceArn': 'arn:aws:iam::111122223333:role/App' } });
});

test('KP404 warns on aws:SourceOwner (deprecated), in any case, with the caveat and a rename fix', () => {
  const text = policyText([deny('*', 'kms:*', { StringNotEquals: { 'AWS:SourceOwner': '111122223333' } })]);
  const f = one(lint(deprecatedGlobalKey, text));
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"AWS:SourceOwner"');
  assert.match(f.message, /^"AWS:SourceOwner" is a deprecated global condition key\. Use "aws:SourceAccount" \(.*\) instead\. Some AWS services still set only aws:SourceOwner/);
  assert.deepEqual(cond(applyFix(text, f)), { StringNotEquals: { 'aws:SourceAccount': '111122223333' } });
});

test('KP404 gives no fix that would duplicate a key already under the operator', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { ArnLike: { 'aws:ARN': 'arn:aws:iam::*:role/A', 'aws:PrincipalArn': 'arn:aws:iam::*:role/B' } })]);
  const f = one(lint(deprecatedGlobalKey, text));
  assert.deepEqual(f.fixes?.map((x) => x.title), ['Change to "aws:SourceArn"']);
});

test('KP404 must not fire on supported keys, unknown keys or deprecated kms keys', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', {
      ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/App', 'aws:SourceArn': 'arn:aws:s3:::b' },
      StringEquals: { 'aws:SourceAccount': '111122223333', 'aws:ARNs': 'x', 'kms:CustomerMasterKeySpec': 'RSA_2048' },
    }),
  ]);
  assert.deepEqual(lint(deprecatedGlobalKey, text), []);
});

test('KP402 defers to KP404: with the full pack aws:ARN is reported once, by KP404', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { ArnEquals: { 'aws:ARN': 'arn:aws:iam::111122223333:role/App' } })]);
  assert.deepEqual(lint(unknownConditionKey, text), []);
  const service = createPolicyService({}, ALL_RULES);
  const codes = service.lint(service.parse(text)).findings.filter((f) => reported(text, f) === '"aws:ARN"').map((f) => f.code);
  assert.deepEqual(codes, ['KP404']);
});
