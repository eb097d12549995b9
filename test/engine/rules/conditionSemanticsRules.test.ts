import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidConditionValues } from '../../../server/src/engine/rules/invalidConditionValues';
import { conditionTypeMismatch } from '../../../server/src/engine/rules/conditionTypeMismatch';
import { missingSetQualifier } from '../../../server/src/engine/rules/missingSetQualifier';
import { forAllValuesSingleValued } from '../../../server/src/engine/rules/forAllValuesSingleValued';
import { negatedOperatorInAllow } from '../../../server/src/engine/rules/negatedOperatorInAllow';
import { forAllValuesWithoutGuard } from '../../../server/src/engine/rules/forAllValuesWithoutGuard';
import { variableWithUnsupportedOperator } from '../../../server/src/engine/rules/variableWithUnsupportedOperator';
import { variableNamesMultivaluedKey } from '../../../server/src/engine/rules/variableNamesMultivaluedKey';
import { allow, applyFix, deny, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const cond = (text: string, i = 0) => (json(text) as any).Statement[i].Condition;

test('KP406 fires on mixed value types and on several Bool values', () => {
  const text = policyText([allow(ROOT, 'kms:CreateGrant', { StringEquals: { 'kms:CallerAccount': ['111122223333', 444455556666] }, Bool: { 'kms:GrantIsForAWSResource': ['true', 'false'] } })]);
  const fs = lint(invalidConditionValues, text);
  assert.equal(fs.length, 2);
  assert.match(fs[0]!.message, /mix JSON types \(string and number\)/);
  assert.match(fs[1]!.message, /Bool takes one value/);
  assert.equal(fs[1]!.at.pointer, '/Statement/0/Condition/Bool/kms:GrantIsForAWSResource');
  assert.deepEqual(lint(invalidConditionValues, policyText([allow(ROOT, 'kms:CreateGrant', { Bool: { 'kms:GrantIsForAWSResource': true }, StringEquals: { 'kms:CallerAccount': ['1', '2'] } })])), []);
});

test('KP407 fires when the operator family does not fit the key type', () => {
  const text = policyText([allow(ROOT, 'kms:CreateGrant', { StringEquals: { 'kms:GrantIsForAWSResource': 'true' }, NumericLessThan: { 'kms:CallerAccount': 5 }, DateLessThan: { 'aws:SourceIp': '2020-01-01' } })]);
  const fs = lint(conditionTypeMismatch, text);
  assert.deepEqual(fs.map((f) => [reported(text, f), f.severity]), [['"StringEquals"', 'warning'], ['"NumericLessThan"', 'warning'], ['"DateLessThan"', 'warning']]);
  assert.match(fs[0]!.message, /"kms:GrantIsForAWSResource" is a Bool key, but StringEquals compares String values.*Use a Bool operator/);
  assert.match(fs[2]!.message, /Use an IpAddress operator/);
});

test('KP407 mentions Numeric on Date keys only as info, and accepts ARN operators on String keys', () => {
  const text = policyText([
    allow(ROOT, 'kms:ImportKeyMaterial', { NumericLessThan: { 'kms:ValidTo': 1700000000 } }),
    allow({ Service: 'logs.us-west-2.amazonaws.com' }, 'kms:Decrypt', { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-west-2:111122223333:log-group:g' }, StringLike: { 'aws:SourceArn': 'arn:aws:logs:*' } }),
  ]);
  const f = one(lint(conditionTypeMismatch, text));
  assert.equal(f.severity, 'info');
  assert.match(f.message, /"kms:ValidTo" is documented as a Date key/);
});

test('KP407 checks values against the operator family', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', {
      NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600', 'an hour', 7.5] },
      DateGreaterThan: { 'aws:CurrentTime': ['2025-01-31T00:00:00Z', '2025-01-31', '1700000000', '31/01/2025', '2025-13-45'] },
      IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', 'example.com'] },
      Bool: { 'aws:SecureTransport': 'yes' },
      Null: { 'kms:ViaService': 'False' },
      StringEquals: { 'kms:ViaService': 42 },
    }),
  ]);
  const fs = lint(conditionTypeMismatch, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"an hour"', '"31/01/2025"', '"2025-13-45"', '"example.com"', '"yes"']);
  assert.match(fs[0]!.message, /"an hour" is not a number, so NumericLessThan cannot compare it/);
  assert.match(fs[1]!.message, /neither an ISO 8601 date/);
  assert.match(fs[3]!.message, /not an IP address or CIDR range/);
  assert.match(fs[4]!.message, /"yes" is not "true" or "false"/);
});

test('KP408 fires on a multi-valued key without a qualifier and offers both qualifiers', () => {
  const text = policyText([allow(ROOT, 'kms:CreateGrant', { StringEquals: { 'kms:GrantOperations': ['Decrypt', 'Encrypt'], 'kms:CallerAccount': '111122223333' } })]);
  const f = one(lint(missingSetQualifier, text));
  assert.equal(f.code, 'KP408');
  assert.equal(reported(text, f), '"kms:GrantOperations"');
  assert.deepEqual(f.fixes!.map((x) => x.title), ['Use ForAnyValue:StringEquals (at least one value matches)', 'Use ForAllValues:StringEquals (every value matches)']);
  assert.deepEqual(cond(applyFix(text, f, f.fixes![1]!.title)), {
    StringEquals: { 'kms:CallerAccount': '111122223333' },
    'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] },
  });
  const lone = policyText([allow(ROOT, 'kms:TagResource', { StringLike: { 'aws:TagKeys': 'team-*' } })]);
  const g = one(lint(missingSetQualifier, lone));
  assert.deepEqual(cond(applyFix(lone, g)), { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'team-*' } });
  assert.deepEqual(lint(missingSetQualifier, policyText([allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'a' }, Null: { 'kms:EncryptionContextKeys': 'false' } })])), []);
});

test('KP409 warns on ForAllValues with a single-valued key and errors where KMS rejects it', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
    allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:dept': 'a', 'kms:EncryptionContextKeys': 'dept' } }),
  ]);
  const fs = lint(forAllValuesSingleValued, text);
  assert.deepEqual(fs.map((f) => [f.severity, f.at.pointer]), [
    ['warning', '/Statement/0/Condition/ForAllValues:StringEquals'],
    ['error', '/Statement/1/Condition/ForAllValues:StringEquals'],
  ]);
  assert.match(fs[1]!.message, /KMS rejects ForAllValues with "kms:EncryptionContext:dept"/);
  assert.deepEqual(cond(applyFix(text, fs[0]!)), { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
  assert.deepEqual(cond(applyFix(text, fs[1]!), 1), {
    'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'dept' },
    StringEquals: { 'kms:EncryptionContext:dept': 'a' },
  });
});

test('KP421 fires on a negated operator in an Allow and offers a Null guard', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { StringNotEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } })]);
  const f = one(lint(negatedOperatorInAllow, text));
  assert.equal(f.code, 'KP421');
  assert.equal(reported(text, f), '"kms:ViaService"');
  assert.match(f.message, /StringNotEquals is also true when "kms:ViaService" is absent/);
  assert.deepEqual(cond(applyFix(text, f)), { StringNotEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' }, Null: { 'kms:ViaService': 'false' } });
});

test('KP421 is quiet for always-present keys, guarded keys, Deny statements and qualified operators', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', { StringNotEquals: { 'aws:PrincipalAccount': '444455556666', 'kms:CallerAccount': '444455556666' }, ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' } }),
    allow(ROOT, 'kms:Decrypt', { StringNotEquals: { 'kms:ViaService': 'a' }, Null: { 'kms:ViaService': 'false' } }),
    allow(ROOT, 'kms:Decrypt', { StringNotLike: { 'kms:ViaService': 'ec2.*' }, StringLike: { 'kms:ViaService': '*.us-east-1.amazonaws.com' } }),
    deny('*', 'kms:Decrypt', { StringNotEquals: { 'kms:ViaService': 'a' } }),
    allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': 'a' } }),
  ]);
  assert.deepEqual(lint(negatedOperatorInAllow, text), []);
  const notAllActions = policyText([allow(ROOT, ['kms:Decrypt', 'kms:CreateKey'], { StringNotEquals: { 'kms:KeySpec': 'RSA_2048' } })]);
  assert.deepEqual(lint(negatedOperatorInAllow, notAllActions), [], 'kms:KeySpec is set for both (CreateKey takes it as a request parameter)');
});

test('KP422 fires on ForAllValues without a guard, and not when guarded or in a Deny', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['dept', 'project'] } })]);
  const f = one(lint(forAllValuesWithoutGuard, text));
  assert.equal(reported(text, f), '"kms:EncryptionContextKeys"');
  assert.match(f.message, /ForAllValues is true when the request has no "kms:EncryptionContextKeys" values at all/);
  assert.deepEqual(cond(applyFix(text, f)), { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['dept', 'project'] }, Null: { 'kms:EncryptionContextKeys': 'false' } });
  const quiet = policyText([
    allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'a' }, Null: { 'kms:EncryptionContextKeys': 'false' } }),
    allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'a' }, 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'a' } }),
    deny('*', 'kms:CreateGrant', { 'ForAllValues:StringNotEquals': { 'kms:GrantOperations': 'Decrypt' } }),
    allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:ViaService': 'a' } }),
    allow(ROOT, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } }),
  ]);
  assert.deepEqual(lint(forAllValuesWithoutGuard, quiet), [], 'CreateGrant always carries at least one grant operation');
  const tags = policyText([allow(ROOT, ['kms:CreateKey', 'kms:TagResource'], { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Owner'] } })]);
  assert.equal(one(lint(forAllValuesWithoutGuard, tags)).code, 'KP422', 'CreateKey may carry no tags at all');
});

test('KP433 fires on variables under operators that do not substitute them', () => {
  const text = policyText([
    allow(ROOT, 'kms:Decrypt', {
      NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:PrincipalTag/maxAge}' },
      Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/tls}' },
      StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::${aws:username}-*' },
    }),
  ]);
  const fs = lint(variableWithUnsupportedOperator, text);
  assert.deepEqual(fs.map((f) => [reported(text, f), f.severity]), [['${aws:PrincipalTag/maxAge}', 'error'], ['${aws:PrincipalTag/tls}', 'warning']]);
  assert.match(fs[0]!.message, /NumericLessThan does not substitute policy variables/);
  assert.match(fs[1]!.message, /is disputed/);
});

test('KP434 fires on a variable naming a multi-valued key', () => {
  const text = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:keys': '${kms:EncryptionContextKeys}', 'kms:EncryptionContext:user': '${aws:username}' } })]);
  const f = one(lint(variableNamesMultivaluedKey, text));
  assert.equal(reported(text, f), '${kms:EncryptionContextKeys}');
  assert.match(f.message, /"kms:EncryptionContextKeys" is multi-valued/);
});
