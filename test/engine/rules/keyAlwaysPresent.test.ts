/**
 * conditionFacts.keyAlwaysPresent reads the catalog's presence table: a global key every request carries, or a
 * kms key every action of the statement sets. KP421 is the visible consequence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negatedOperatorInAllow } from '../../../server/src/engine/rules/negatedOperatorInAllow';
import { factsOf, keyAlwaysPresent } from '../../../server/src/engine/facts';
import { createPolicyService } from '../../../server/src/engine/index';
import { allow, lint, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

function statement(action: unknown, notAction?: unknown) {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', ...(notAction ? { NotAction: notAction } : { Action: action }), Resource: '*' }] });
  const s = createPolicyService({}).parse(text).policy?.statements[0];
  assert.ok(s);
  return factsOf(s);
}

test('keyAlwaysPresent: global keys anywhere; kms keys only when every action sets them', () => {
  assert.equal(keyAlwaysPresent(statement(['kms:Decrypt']), 'aws:PrincipalIsAWSService'), true);
  assert.equal(keyAlwaysPresent(statement(['kms:Decrypt', 'kms:GenerateDataKey*']), 'kms:EncryptionAlgorithm'), true);
  assert.equal(keyAlwaysPresent(statement(['kms:Decrypt', 'kms:DescribeKey']), 'kms:EncryptionAlgorithm'), false);
  assert.equal(keyAlwaysPresent(statement('kms:Sign'), 'kms:SigningAlgorithm'), true);
  assert.equal(keyAlwaysPresent(statement('kms:*'), 'kms:CallerAccount'), false, 'some kms actions never carry it');
  assert.equal(keyAlwaysPresent(statement('kms:Nope'), 'kms:CallerAccount'), false);
  assert.equal(keyAlwaysPresent(statement(undefined, ['kms:Decrypt']), 'kms:CallerAccount'), false);
});

test('KP421 stays quiet on keys the statement\'s actions always carry and fires where one may lack it', () => {
  const text = policyText([
    allow(ROOT, ['kms:Encrypt', 'kms:Decrypt'], { StringNotEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_1' } }),
    allow(ROOT, ['kms:Decrypt', 'kms:DescribeKey'], { StringNotEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_1' } }),
    allow(ROOT, 'kms:Sign', { StringNotEquals: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' } }),
    allow(ROOT, 'kms:Decrypt', { Bool: { 'aws:PrincipalIsAWSService': 'false' }, StringNotEquals: { 'aws:PrincipalIsAWSService': 'true' } }),
  ]);
  const found = lint(negatedOperatorInAllow, text);
  // Statement 2 names DescribeKey, which takes no algorithm; statement 3's MessageType is an optional parameter.
  assert.deepEqual(found.map((f) => [reported(text, f), text.slice(0, f.at.offset).split('"Effect"').length - 1]), [
    ['"kms:EncryptionAlgorithm"', 2],
    ['"kms:MessageType"', 3],
  ]);
});
