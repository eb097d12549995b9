import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nullWithIfExists } from '../../../server/src/engine/rules/nullWithIfExists';
import { nullWithQualifier } from '../../../server/src/engine/rules/nullWithQualifier';
import { emptyCondition } from '../../../server/src/engine/rules/emptyCondition';
import { wildcardWithoutLike } from '../../../server/src/engine/rules/wildcardWithoutLike';
import { duplicateConditionKeyCase } from '../../../server/src/engine/rules/duplicateConditionKeyCase';
import { allow, applyFix, deny, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const cond = (text: string, i = 0) => (json(text) as any).Statement[i].Condition;

test('KP410 fires on NullIfExists and fixes it to Null', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { NullIfExists: { 'kms:ViaService': 'false' } })]);
  const f = one(lint(nullWithIfExists, text));
  assert.equal(f.code, 'KP410');
  assert.equal(reported(text, f), '"NullIfExists"');
  assert.match(f.message, /Null already tests whether a key is present/);
  assert.deepEqual(cond(applyFix(text, f)), { Null: { 'kms:ViaService': 'false' } });
  assert.deepEqual(lint(nullWithIfExists, policyText([allow(ROOT, 'kms:Decrypt', { Null: { 'kms:ViaService': 'false' }, StringEqualsIfExists: { 'kms:ViaService': 'x' } })])), []);
});

test('KP411 fires on a qualified Null and offers plain Null', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { 'ForAllValues:Null': { 'kms:EncryptionContextKeys': 'false' } })]);
  const f = one(lint(nullWithQualifier, text));
  assert.equal(f.severity, 'info');
  assert.equal(reported(text, f), '"ForAllValues:Null"');
  assert.deepEqual(cond(applyFix(text, f)), { Null: { 'kms:EncryptionContextKeys': 'false' } });
});

test('KP412 reports an empty Condition and an empty operator, with removal fixes', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', {}), allow(ROOT, 'kms:Decrypt', { StringEquals: {}, Bool: { 'aws:SecureTransport': 'true' } })]);
  const fs = lint(emptyCondition, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['{}', '{}']);
  assert.match(fs[0]!.message, /This Condition is empty/);
  assert.match(fs[1]!.message, /"StringEquals" lists no condition keys/);
  assert.equal((json(applyFix(text, fs[0]!)) as any).Statement[0].Condition, undefined);
  assert.deepEqual(cond(applyFix(text, fs[1]!), 1), { Bool: { 'aws:SecureTransport': 'true' } });
});

test('KP412 explains empty value lists by operator, and warns for a Deny that never fires', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': [] }, 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': [] } }),
    deny('*', 'kms:Decrypt', { StringEquals: { 'aws:PrincipalOrgID': [] } }),
  ]);
  const fs = lint(emptyCondition, text);
  assert.deepEqual(fs.map((f) => [reported(text, f), f.severity]), [['[]', 'info'], ['[]', 'info'], ['[]', 'warning']]);
  assert.match(fs[0]!.message, /never matches, so this statement grants nothing/);
  assert.match(fs[1]!.message, /matches only when the key is absent/);
  assert.match(fs[2]!.message, /never matches, so this Deny never applies/);
  assert.deepEqual(lint(emptyCondition, policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] } })])), []);
});

test('KP413 fires on wildcards under StringEquals and moves the key to StringLike', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.*.amazonaws.com', 'kms:CallerAccount': '111122223333' } })]);
  const f = one(lint(wildcardWithoutLike, text));
  assert.equal(f.code, 'KP413');
  assert.equal(reported(text, f), '"s3.*.amazonaws.com"');
  assert.match(f.message, /StringEquals compares "s3\.\*\.amazonaws\.com" literally/);
  assert.deepEqual(cond(applyFix(text, f)), { StringEquals: { 'kms:CallerAccount': '111122223333' }, StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } });
});

test('KP413 renames a lone operator, keeps qualifiers, and ignores escapes and Like operators', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:StringNotEqualsIfExists': { 'kms:EncryptionContextKeys': 'tmp-?' } })]);
  const f = one(lint(wildcardWithoutLike, text));
  assert.deepEqual(cond(applyFix(text, f)), { 'ForAnyValue:StringNotLikeIfExists': { 'kms:EncryptionContextKeys': 'tmp-?' } });
  const quiet = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:a': 'x${*}y' }, StringLike: { 'kms:ViaService': '*' }, ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::*' } })]);
  assert.deepEqual(lint(wildcardWithoutLike, quiet), []);
  const ignoreCase = policyText([allow(ROOT, 'kms:Decrypt', { StringEqualsIgnoreCase: { 'kms:ViaService': 's3*' } })]);
  assert.equal(one(lint(wildcardWithoutLike, ignoreCase)).fixes, undefined);
});

test('KP420 fires on keys that differ only by case under one operator', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 'a', 'kms:viaservice': 'b' }, StringLike: { 'kms:ViaService': 'c' } })]);
  const f = one(lint(duplicateConditionKeyCase, text));
  assert.equal(f.code, 'KP420');
  assert.equal(reported(text, f), '"kms:viaservice"');
  assert.equal(text.slice(f.related![0]!.offset, f.related![0]!.offset + f.related![0]!.length), '"kms:ViaService"');
});
