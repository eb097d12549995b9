import { allow, deny, ruleTester } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const APP = { AWS: 'arn:aws:iam::111122223333:role/App' };
const ADMIN = { AWS: 'arn:aws:iam::111122223333:role/Admin' };
const PIN = { StringEquals: { 'kms:CallerAccount': '111122223333' } };
const USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'];
const DESTROY = ['kms:ScheduleKeyDeletion', 'kms:DisableKey'];

/** A condition with an empty value list under a positive operator: the statement grants nothing. */
const NOTHING = { ArnEquals: { 'aws:PrincipalArn': [] } };

ruleTester('KP507', {
  valid: [
    // main reported what these "allow"; a condition that can never hold grants nothing (StatementFacts.canMatch).
    {
      name: 'a statement that grants nothing (an empty ArnEquals list)',
      text: [allow(ROOT, 'kms:*'), allow('*', ['kms:ScheduleKeyDeletion', 'kms:DisableKey'], NOTHING)],
    },
    {
      name: "administrators, the root and other accounts (and kms:* is KP506's)",
      text: [
        allow(ROOT, 'kms:*'),
        allow(ADMIN, ['kms:DescribeKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion']),
        allow({ AWS: 'arn:aws:iam::444455556666:role/X' }, ['kms:Decrypt', 'kms:ScheduleKeyDeletion']),
        allow(APP, ['kms:Decrypt', 'kms:*']),
      ],
    },
    {
      name: 'Principal "*" narrowed by aws:PrincipalArn to the admin role, which does not use the key',
      text: [allow(ROOT, 'kms:*'), allow('*', DESTROY, { ArnEquals: { 'aws:PrincipalArn': ADMIN.AWS } }), allow(APP, USE)],
    },
    {
      name: 'a Deny carve-out keeps destruction for the admin role: "*" pinned to the account only uses the key',
      text: [allow(ROOT, 'kms:*'), allow('*', [...USE, ...DESTROY], PIN), deny('*', DESTROY, { ArnNotEquals: { 'aws:PrincipalArn': ADMIN.AWS } })],
    },
  ],
  invalid: [
    {
      name: 'key users who can also destroy the key',
      text: [allow(ROOT, 'kms:*'), allow(APP, ['kms:Encrypt', 'kms:Decrypt', 'kms:ScheduleKeyDeletion', 'kms:Disable*'])],
      errors: [{ at: '"kms:ScheduleKeyDeletion"', message: /lets the key users also call kms:DisableKey and kms:ScheduleKeyDeletion/ }],
    },
    {
      name: 'Principal "*", even with conditions',
      text: [allow('*', 'kms:ScheduleKeyDeletion', PIN)],
      errors: [{ at: '"kms:ScheduleKeyDeletion"', message: /to Principal "\*"/ }],
    },
    {
      name: 'split statements: a key user given destruction in another statement',
      text: [allow(ROOT, 'kms:*'), allow(APP, USE), allow(APP, DESTROY)],
      errors: [
        {
          at: '"kms:ScheduleKeyDeletion"',
          pointer: '/Statement/2/Action/0',
          message:
            'This statement lets arn:aws:iam::111122223333:role/App call kms:DisableKey and kms:ScheduleKeyDeletion, and statement 2 lets it use the key: a key user can then disable or delete the key, and data encrypted under a deleted key is lost. Move these actions to a separate statement for the key administrators.',
          related: ['"kms:Encrypt"'],
        },
      ],
    },
  ],
});

ruleTester('KP509', {
  valid: [
    {
      name: 'statements that grant nothing: an empty value list, and a test KMS requests always fail',
      text: [allow(APP, 'kms:ReEncrypt*', NOTHING), allow(APP, 'kms:ReEncrypt*', { Bool: { 'aws:SecureTransport': 'false' } })],
    },
    {
      name: 'Decrypt granted too, ReEncryptTo alone, and the root',
      text: [allow(APP, ['kms:Decrypt', 'kms:ReEncrypt*']), allow(APP, 'kms:ReEncryptTo'), allow(ROOT, 'kms:*')],
    },
    { name: 'Decrypt granted by a pattern', text: [allow(APP, ['kms:ReEncrypt*', 'kms:Decrypt*'])] },
  ],
  invalid: [
    {
      name: 'ReEncrypt* without Decrypt',
      text: [allow(APP, ['kms:ReEncrypt*', 'kms:DescribeKey'])],
      errors: [{ at: '"kms:ReEncrypt*"', message: /^kms:ReEncryptFrom decrypts inside KMS/ }],
    },
    {
      name: 'ReEncryptFrom alone',
      text: [allow(APP, 'kms:ReEncryptFrom')],
      errors: [{ at: '"kms:ReEncryptFrom"', message: /^kms:ReEncryptFrom decrypts inside KMS and re-encrypts under a key the caller picks/ }],
    },
    {
      // main: info, as for any statement without Decrypt.
      name: 'a warning where Decrypt is allowed only under a condition that ReEncrypt* escapes',
      text: [
        allow(ROOT, 'kms:*'),
        { Sid: 'DecryptForPayroll', ...allow(APP, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:Department': 'Payroll' } }) },
        allow(APP, ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*']),
      ],
      errors: [
        {
          at: '"kms:ReEncrypt*"',
          severity: 'warning',
          message:
            'kms:ReEncryptFrom decrypts inside KMS and re-encrypts under a key the caller picks, so it walks around the policy\'s limit on kms:Decrypt: statement "DecryptForPayroll" allows kms:Decrypt only under "kms:EncryptionContext:Department", which this statement does not require. Give kms:ReEncryptFrom the same limit, or remove it.',
        },
      ],
    },
    {
      name: 'the same condition on both: no way around the limit, so only the info',
      text: [
        allow(APP, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
        allow(APP, 'kms:ReEncrypt*', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
      ],
      errors: [{ at: '"kms:ReEncrypt*"', message: /can read data encrypted under this key even without kms:Decrypt/ }],
    },
    {
      name: 'a warning where a Deny of Decrypt leaves ReEncryptFrom out',
      text: [allow(ROOT, 'kms:*'), allow(APP, ['kms:Encrypt', 'kms:ReEncrypt*']), deny('*', 'kms:Decrypt', { Bool: { 'aws:ViaAWSService': 'false' } })],
      errors: [
        {
          at: '"kms:ReEncrypt*"',
          severity: 'warning',
          message: /walks around the policy's limit on kms:Decrypt: statement 3 denies kms:Decrypt but not kms:ReEncryptFrom\./,
        },
      ],
    },
  ],
});

ruleTester('KP515', {
  valid: [
    {
      name: 'administrators and the root',
      text: [allow(ROOT, 'kms:*'), allow(ADMIN, ['kms:Put*', 'kms:TagResource', 'kms:UntagResource', 'kms:CreateAlias'])],
    },
  ],
  invalid: [
    {
      name: 'tag management by non-administrators is info',
      text: [allow(ROOT, 'kms:*'), allow(APP, ['kms:Decrypt', 'kms:TagResource'])],
      errors: [
        {
          at: '"kms:TagResource"',
          message:
            /^This statement lets principals who are not key administrators call kms:TagResource\. If any IAM policy grants access to this key by its tags or aliases/,
        },
      ],
    },
    {
      name: 'a warning where the policy decides access by alias',
      text: [
        allow(ROOT, 'kms:*'),
        allow('*', 'kms:Decrypt', { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:RequestAlias': 'alias/app' } }),
        allow(APP, ['kms:CreateAlias', 'kms:UpdateAlias']),
      ],
      errors: [
        {
          at: '"kms:CreateAlias"',
          severity: 'warning',
          message: /decides access by kms:RequestAlias.*kms:CreateAlias and kms:UpdateAlias/,
          related: ['"kms:RequestAlias"'],
        },
      ],
    },
  ],
});
