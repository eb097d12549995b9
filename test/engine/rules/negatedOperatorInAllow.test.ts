/**
 * KP421, and through it which keys a statement's requests always carry: a global key every request carries,
 * or a kms key every action of the statement sets (never under NotAction, a wildcard over all of kms, or an
 * action that does not exist).
 */
import { allow, deny, policyText, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const NEGATED = policyText([allow(ROOT, 'kms:Decrypt', { StringNotEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } })]);
const notEqualsCaller = { StringNotEquals: { 'kms:CallerAccount': '444455556666' } };

ruleTester('KP421', {
  valid: [
    {
      name: 'always-present keys, guarded keys, Deny statements and qualified operators',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringNotEquals: { 'aws:PrincipalAccount': '444455556666', 'kms:CallerAccount': '444455556666' },
          ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' },
        }),
        allow(ROOT, 'kms:Decrypt', { StringNotEquals: { 'kms:ViaService': 'a' }, Null: { 'kms:ViaService': 'false' } }),
        allow(ROOT, 'kms:Decrypt', {
          StringNotLike: { 'kms:ViaService': 'ec2.*' },
          StringLike: { 'kms:ViaService': '*.us-east-1.amazonaws.com' },
        }),
        deny('*', 'kms:Decrypt', { StringNotEquals: { 'kms:ViaService': 'a' } }),
        allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': 'a' } }),
      ],
    },
    {
      name: 'kms:KeySpec is set for CreateKey too (as a request parameter)',
      text: [allow(ROOT, ['kms:Decrypt', 'kms:CreateKey'], { StringNotEquals: { 'kms:KeySpec': 'RSA_2048' } })],
    },
    {
      name: 'a global key every request carries',
      text: [allow(ROOT, 'kms:Decrypt', { StringNotEquals: { 'aws:PrincipalIsAWSService': 'true' } })],
    },
    {
      name: 'a kms key every action of the statement sets',
      text: [allow(ROOT, ['kms:Decrypt', 'kms:GenerateDataKey*'], { StringNotEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_1' } })],
    },
    {
      name: 'the signing algorithm of kms:Sign',
      text: [allow(ROOT, 'kms:Sign', { StringNotEquals: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256' } })],
    },
  ],
  invalid: [
    {
      name: 'a negated operator in an Allow: the fix adds a Null guard',
      text: NEGATED,
      errors: [
        {
          at: '"kms:ViaService"',
          message: /StringNotEquals is also true when "kms:ViaService" is absent/,
          output: swap(
            NEGATED,
            '"ec2.us-east-1.amazonaws.com"\n        }',
            '"ec2.us-east-1.amazonaws.com"\n        },\n        "Null": {"kms:ViaService":"false"}',
          ),
        },
      ],
    },
    {
      name: 'an action that takes no algorithm, and an optional parameter, leave the key absent',
      text: [
        allow(ROOT, ['kms:Encrypt', 'kms:Decrypt'], { StringNotEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_1' } }),
        allow(ROOT, ['kms:Decrypt', 'kms:DescribeKey'], { StringNotEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_1' } }),
        allow(ROOT, 'kms:Sign', { StringNotEquals: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' } }),
        allow(ROOT, 'kms:Decrypt', {
          Bool: { 'aws:PrincipalIsAWSService': 'false' },
          StringNotEquals: { 'aws:PrincipalIsAWSService': 'true' },
        }),
      ],
      errors: [
        {
          at: '"kms:EncryptionAlgorithm"',
          pointer: '/Statement/1/Condition/StringNotEquals/kms:EncryptionAlgorithm',
          message: /StringNotEquals is also true when "kms:EncryptionAlgorithm" is absent/,
        },
        {
          at: '"kms:MessageType"',
          pointer: '/Statement/2/Condition/StringNotEquals/kms:MessageType',
          message: /StringNotEquals is also true when "kms:MessageType" is absent/,
        },
      ],
    },
    {
      name: 'some kms actions never carry kms:CallerAccount',
      text: [allow(ROOT, 'kms:*', notEqualsCaller)],
      errors: [{ at: '"kms:CallerAccount"', message: /is also true when "kms:CallerAccount" is absent/ }],
    },
    {
      name: 'an action that does not exist sets nothing',
      text: [allow(ROOT, 'kms:Nope', notEqualsCaller)],
      errors: [{ at: '"kms:CallerAccount"', message: /is also true when "kms:CallerAccount" is absent/ }],
    },
    {
      name: 'NotAction may leave actions that lack the key',
      text: [{ Effect: 'Allow', Principal: ROOT, NotAction: ['kms:Decrypt'], Resource: '*', Condition: notEqualsCaller }],
      errors: [{ at: '"kms:CallerAccount"', message: /is also true when "kms:CallerAccount" is absent/ }],
    },
  ],
});
