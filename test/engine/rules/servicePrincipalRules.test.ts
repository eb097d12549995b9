import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servicePrincipalWithoutSource } from '../../../server/src/engine/rules/servicePrincipalWithoutSource';
import { servicePrincipalWeakCondition } from '../../../server/src/engine/rules/servicePrincipalWeakCondition';
import { allow, applyFix, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const CT = { Service: 'cloudtrail.amazonaws.com' };
const withRoot = (...statements: Record<string, unknown>[]) => policyText([allow(ROOT, 'kms:*'), ...statements]);

test('KP310 fires on a service principal with no condition and adds aws:SourceAccount for the inferred account', () => {
  const text = withRoot(allow(CT, 'kms:GenerateDataKey*'));
  const f = one(lint(servicePrincipalWithoutSource, text));
  assert.equal(f.code, 'KP310');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"cloudtrail.amazonaws.com"');
  assert.match(f.message, /without a condition on aws:SourceArn or aws:SourceAccount.*confused deputy/);
  assert.equal(f.fixes![0]!.title, 'Require aws:SourceAccount 111122223333');
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[1].Condition, { StringEquals: { 'aws:SourceAccount': '111122223333' } });
});

test('KP310 adds the operator to an existing Condition and uses the context account', () => {
  const text = policyText([allow(CT, 'kms:Decrypt', { StringNotEquals: { 'kms:EncryptionContext:team': 'a' } })]);
  const f = one(lint(servicePrincipalWithoutSource, text, { context: { account: '444455556666' } }));
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[0].Condition, {
    StringNotEquals: { 'kms:EncryptionContext:team': 'a' },
    StringEquals: { 'aws:SourceAccount': '444455556666' },
  });
});

test('KP310 gives no fix without an account, or when the statement also names non-service principals', () => {
  assert.equal(one(lint(servicePrincipalWithoutSource, policyText([allow(CT, 'kms:Decrypt')]))).fixes, undefined);
  const mixed = withRoot(allow({ ...CT, AWS: 'arn:aws:iam::111122223333:role/R' }, 'kms:Decrypt'));
  assert.equal(one(lint(servicePrincipalWithoutSource, mixed)).fixes, undefined);
});

test('KP310 is quiet with SourceArn/SourceAccount, an account-pinning EC ARN, read-only actions or a Deny', () => {
  const text = withRoot(
    allow(CT, 'kms:GenerateDataKey*', { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-2:111122223333:trail/t' } }),
    allow(CT, 'kms:Decrypt', { StringEquals: { 'aws:SourceAccount': '111122223333' } }),
    allow({ Service: 'logs.us-west-2.amazonaws.com' }, ['kms:Encrypt*', 'kms:Decrypt*'], { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-west-2:111122223333:log-group:g' } }),
    allow(CT, 'kms:DescribeKey'),
    { Effect: 'Deny', Principal: CT, Action: 'kms:*', Resource: '*' },
  );
  assert.deepEqual(lint(servicePrincipalWithoutSource, text), []);
  assert.deepEqual(lint(servicePrincipalWeakCondition, text), []);
});

test('KP311 fires when a service is scoped only by weaker keys, and KP310 then stays quiet', () => {
  const text = withRoot(
    allow(CT, 'kms:GenerateDataKey*', { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:*:trail/*' } }),
    allow(CT, 'kms:Decrypt', { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } }),
  );
  const fs = lint(servicePrincipalWeakCondition, text);
  assert.deepEqual(fs.map((f) => [f.code, f.severity, f.at.pointer]), [
    ['KP311', 'info', '/Statement/1/Principal/Service'],
    ['KP311', 'info', '/Statement/2/Principal/Service'],
  ]);
  assert.match(fs[0]!.message, /scoped only by "kms:EncryptionContext:aws:cloudtrail:arn"/);
  assert.deepEqual(lint(servicePrincipalWithoutSource, text), []);
});
