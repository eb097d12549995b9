import { allow, deny, ruleTester } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

ruleTester('KP418', {
  valid: [
    {
      name: 'any matched action supports the key; global keys; NotAction; other services; negated and IfExists tests',
      text: [
        allow(ROOT, ['kms:Decrypt', 'kms:GenerateDataKey*'], { StringEquals: { 'kms:EncryptionContext:app': 'x' } }),
        allow(ROOT, ['kms:DescribeKey', 'kms:Decrypt'], {
          StringNotEquals: { 'kms:EncryptionContext:app': 'x' },
          StringEqualsIfExists: { 'kms:EncryptionContext:b': 'y' },
        }),
        deny('*', ['kms:DescribeKey', 'kms:Decrypt'], { StringEquals: { 'kms:EncryptionContext:app': 'x' } }),
        allow({ Service: 'logs.us-west-2.amazonaws.com' }, ['kms:Decrypt*', 'kms:Describe*'], {
          ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-west-2:111122223333:log-group:*' },
        }),
        allow(ROOT, 'kms:Describe*', { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }),
        allow(ROOT, 'kms:*', { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
        {
          Effect: 'Deny',
          Principal: '*',
          NotAction: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:app': 'x' } },
        },
        allow(ROOT, 's3:GetObject', { StringEquals: { 'kms:EncryptionContext:app': 'x' } }),
      ],
    },
  ],
  invalid: [
    {
      name: 'no action of the statement carries the key: always false in an Allow, always true in a negated Deny',
      text: [
        allow(ROOT, 'kms:DescribeKey', { StringEquals: { 'kms:EncryptionContext:app': 'x' } }),
        deny('*', ['kms:Sign', 'kms:Verify'], { StringNotEquals: { 'kms:GrantOperations': 'Decrypt' } }),
      ],
      errors: [
        {
          at: '"kms:EncryptionContext:app"',
          message: /No request for kms:DescribeKey carries "kms:EncryptionContext:app", so this test is always false and the statement never applies/,
        },
        { at: '"kms:GrantOperations"', message: /always true and restricts nothing/ },
      ],
    },
    {
      // main said nothing: the statement still allows Decrypt, but can never allow DescribeKey.
      name: 'a key only some actions carry: each entry the Allow can never allow, once',
      text: [
        allow(ROOT, ['kms:DescribeKey', 'kms:Decrypt'], {
          StringEquals: { 'kms:EncryptionContext:app': 'x', 'kms:EncryptionContext:env': 'prod' },
        }),
        allow(ROOT, ['kms:Encrypt', 'kms:Decrypt', 'kms:CreateGrant', 'kms:Describe*'], { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
      ],
      errors: [
        {
          at: '"kms:DescribeKey"',
          pointer: '/Statement/0/Action/0',
          message:
            'This statement can never allow kms:DescribeKey: its condition requires "kms:EncryptionContext:app", which no request for it carries. Move kms:DescribeKey to a statement without that condition, or remove it.',
        },
        { at: '"kms:Encrypt"', message: /^This statement can never allow kms:Encrypt: its condition requires "kms:GrantIsForAWSResource"/ },
        { at: '"kms:Decrypt"', pointer: '/Statement/1/Action/1', message: /^This statement can never allow kms:Decrypt:/ },
        { at: '"kms:Describe*"', message: /^This statement can never allow kms:DescribeKey:/ },
      ],
    },
    {
      name: 'an Allow with NotAction that leaves only actions without the key',
      text: [
        {
          Effect: 'Allow',
          Principal: ROOT,
          NotAction: ['kms:Encrypt*', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:RetireGrant'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:app': 'x' } },
        },
      ],
      errors: [
        {
          at: '"kms:EncryptionContext:app"',
          message: /^No request for \d+ actions carries "kms:EncryptionContext:app", so this test is always false/,
        },
      ],
    },
  ],
});
