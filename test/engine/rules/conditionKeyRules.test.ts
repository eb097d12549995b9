import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownConditionOperator } from '../../../server/src/engine/rules/unknownConditionOperator';
import { unknownConditionKey } from '../../../server/src/engine/rules/unknownConditionKey';
import { malformedConditionKey } from '../../../server/src/engine/rules/malformedConditionKey';
import { missingTagKey } from '../../../server/src/engine/rules/missingTagKey';
import { keyNotSupportedByActions } from '../../../server/src/engine/rules/keyNotSupportedByActions';
import { keyIrrelevantInKeyPolicy } from '../../../server/src/engine/rules/keyIrrelevantInKeyPolicy';
import { deprecatedConditionKey } from '../../../server/src/engine/rules/deprecatedConditionKey';
import { allow, applyFix, deny, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const cond = (text: string, i = 0) => (json(text) as any).Statement[i].Condition;

test('KP401 fixes an operator written in the wrong case', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { stringequals: { 'kms:CallerAccount': '111122223333' } })]);
  const f = one(lint(unknownConditionOperator, text));
  assert.equal(f.code, 'KP401');
  assert.equal(reported(text, f), '"stringequals"');
  assert.match(f.message, /"stringequals" is not a condition operator: Operator names are case-sensitive.*Did you mean "StringEquals"\?/);
  assert.equal(f.fixes![0]!.preferred, true);
  assert.deepEqual(cond(applyFix(text, f)), { StringEquals: { 'kms:CallerAccount': '111122223333' } });
});

test('KP401 suggests fixes for misspellings, bad qualifiers and suffixes', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', { StringEqual: { 'kms:ViaService': 'a' } }),
    allow(ROOT, 'kms:Decrypt', { 'ForAnyValues:StringLike': { 'kms:EncryptionContextKeys': 'a' } }),
    allow(ROOT, 'kms:Decrypt', { StringLikeIfExist: { 'kms:ViaService': 'a' } }),
    allow(ROOT, 'kms:Decrypt', { Frobnicate: { 'kms:ViaService': 'a' } }),
  ]);
  const fs = lint(unknownConditionOperator, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"StringEqual"', '"ForAnyValues:StringLike"', '"StringLikeIfExist"', '"Frobnicate"']);
  assert.ok(Object.keys(cond(applyFix(text, fs[0]!), 0)).includes('StringEquals'));
  assert.deepEqual(Object.keys(cond(applyFix(text, fs[1]!), 1)), ['ForAnyValue:StringLike']);
  assert.match(fs[1]!.message, /must be ForAllValues or ForAnyValue/);
  assert.deepEqual(Object.keys(cond(applyFix(text, fs[2]!), 2)), ['StringLikeIfExists']);
  assert.equal(fs[3]!.fixes, undefined);
  assert.match(fs[3]!.message, /There is no such condition operator, so KMS rejects the policy\.$/);
});

test('KP401 leaves NullIfExists to KP410, accepts every valid form, and gives no fix that would duplicate an operator', () => {
  const ok = policyText([allow(ROOT, 'kms:Decrypt', { NullIfExists: { a: 'b' }, 'ForAllValues:StringNotLikeIfExists': { 'kms:EncryptionContextKeys': 'x' }, ArnLike: { 'aws:SourceArn': 'arn:*' } })]);
  assert.deepEqual(lint(unknownConditionOperator, ok), []);
  const clash = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { a: 'b' }, stringEquals: { c: 'd' } })]);
  assert.equal(one(lint(unknownConditionOperator, clash)).fixes, undefined);
});

test('KP402 fires on unknown kms:/aws: keys with a fix, and warns on other services', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', {
      StringEquals: { 'kms:ViaServices': 'a', 'kms:EncryptionContex:Dept': 'x', 'aws:SourceAcount': '1', 's3:prefix': 'p', 'kms:NoSuchThingAtAll': 'z' },
    }),
  ]);
  const fs = lint(unknownConditionKey, text);
  assert.deepEqual(fs.map((f) => [reported(text, f), f.severity]), [
    ['"kms:ViaServices"', 'error'],
    ['"kms:EncryptionContex:Dept"', 'error'],
    ['"aws:SourceAcount"', 'error'],
    ['"s3:prefix"', 'warning'],
    ['"kms:NoSuchThingAtAll"', 'error'],
  ]);
  assert.match(fs[0]!.message, /is not a KMS condition key.*Did you mean "kms:ViaService"/);
  assert.match(fs[2]!.message, /is not a global condition key/);
  assert.match(fs[3]!.message, /KMS requests never carry s3: keys/);
  assert.ok('kms:EncryptionContext:Dept' in cond(applyFix(text, fs[1]!)).StringEquals);
  assert.ok('aws:SourceAccount' in cond(applyFix(text, fs[2]!)).StringEquals);
  assert.equal(fs[4]!.fixes, undefined);
});

test('KP402 accepts real keys in any case, templates and global session keys', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', {
      StringEquals: { 'KMS:viaservice': 'a', 'kms:EncryptionContext:aws:s3:arn': 'x', 'aws:PrincipalTag/team': 't', 'aws:RequestTag/x': 'y', 'kms:RecipientAttestation:ImageSha384': 'h' },
    }),
  ]);
  assert.deepEqual(lint(unknownConditionKey, text), []);
});

test('KP403 fires on keys without a prefix or with spaces, fixing the unambiguous ones', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { ViaService: 'a', 'kms: CallerAccount': 'b', SourceAccount: 'c', ':x': 'd' } })]);
  const fs = lint(malformedConditionKey, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"ViaService"', '"kms: CallerAccount"', '"SourceAccount"', '":x"']);
  assert.ok('kms:ViaService' in cond(applyFix(text, fs[0]!)).StringEquals);
  assert.ok('kms:CallerAccount' in cond(applyFix(text, fs[1]!)).StringEquals);
  assert.ok('aws:SourceAccount' in cond(applyFix(text, fs[2]!)).StringEquals);
  assert.equal(fs[3]!.fixes, undefined);
  assert.deepEqual(lint(malformedConditionKey, policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'aws:ResourceTag/': 'x', 'kms:ViaService': 'y' } })])), []);
});

test('KP405 fires on a template prefix with nothing after it', () => {
  const text = policyText([allow(ROOT, 'kms:TagResource', { StringEquals: { 'aws:RequestTag/': 'x', 'kms:EncryptionContext:': 'y', 'aws:RequestTag/Owner': 'z' } })]);
  const fs = lint(missingTagKey, text);
  assert.deepEqual(fs.map((f) => [f.code, reported(text, f)]), [['KP405', '"aws:RequestTag/"'], ['KP405', '"kms:EncryptionContext:"']]);
  assert.match(fs[0]!.message, /names no tag key.*"aws:RequestTag\/Department"/);
  assert.match(fs[1]!.message, /names no encryption context key/);
});

test('KP418 fires when no action of the statement carries the key', () => {
  const text = policyText([
    allow(ROOT, 'kms:DescribeKey', { StringEquals: { 'kms:EncryptionContext:app': 'x' } }),
    deny('*', ['kms:Sign', 'kms:Verify'], { StringNotEquals: { 'kms:GrantOperations': 'Decrypt' } }),
  ]);
  const fs = lint(keyNotSupportedByActions, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"kms:EncryptionContext:app"', '"kms:GrantOperations"']);
  assert.match(fs[0]!.message, /No request for kms:DescribeKey carries "kms:EncryptionContext:app", so this test is always false and the statement never applies/);
  assert.match(fs[1]!.message, /always true and restricts nothing/);
});

test('KP418 is quiet when any matched action supports the key, for global keys, and with NotAction', () => {
  const text = policyText([
    allow(ROOT, ['kms:DescribeKey', 'kms:Decrypt'], { StringEquals: { 'kms:EncryptionContext:app': 'x' } }),
    allow(ROOT, 'kms:Describe*', { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }),
    allow(ROOT, 'kms:*', { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
    { Effect: 'Deny', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:app': 'x' } } },
    allow(ROOT, 's3:GetObject', { StringEquals: { 'kms:EncryptionContext:app': 'x' } }),
  ]);
  assert.deepEqual(lint(keyNotSupportedByActions, text), []);
  const notAction = policyText([{ Effect: 'Allow', Principal: ROOT, NotAction: ['kms:Encrypt*', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:RetireGrant'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:app': 'x' } } }]);
  assert.equal(one(lint(keyNotSupportedByActions, notAction)).code, 'KP418');
});

test('KP419 fires on keys documented for IAM policies only', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/a' }, StringEquals: { 'aws:ResourceTag/Env': 'prod', 'aws:RequestTag/Env': 'prod' } })]);
  const fs = lint(keyIrrelevantInKeyPolicy, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"kms:ResourceAliases"', '"aws:ResourceTag/Env"']);
  assert.match(fs[1]!.message, /KMS documents "aws:ResourceTag\/Env" for IAM policies only/);
});

test('KP424 renames deprecated keys unless the replacement is already there', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:CustomerMasterKeySpec': 'SYMMETRIC_DEFAULT' } }),
    allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:CustomerMasterKeyUsage': 'ENCRYPT_DECRYPT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT' } }),
  ]);
  const fs = lint(deprecatedConditionKey, text);
  assert.deepEqual(fs.map((f) => [f.code, f.severity, reported(text, f)]), [['KP424', 'info', '"kms:CustomerMasterKeySpec"'], ['KP424', 'info', '"kms:CustomerMasterKeyUsage"']]);
  assert.deepEqual(cond(applyFix(text, fs[0]!)), { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } });
  assert.equal(fs[1]!.fixes, undefined);
});

test('KP402 shows a template suggestion without writing its placeholder into the key', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContextKey': 'a' } })]);
  const f = one(lint(unknownConditionKey, text));
  assert.match(f.message, /Did you mean "kms:EncryptionContextKeys" or "kms:EncryptionContext:<EncryptionContextKey>"\?/);
  assert.deepEqual(f.fixes!.map((x) => x.title), ['Change to "kms:EncryptionContextKeys"']);
});
