import { allow, deny, ruleTester } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const APP = { AWS: 'arn:aws:iam::111122223333:role/App' };
const ADMIN = { AWS: 'arn:aws:iam::111122223333:role/Admin' };
const A = '111122223333';
const USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
const RESERVED = ['kms:Put*', 'kms:Create*', 'kms:Delete*', 'kms:ScheduleKeyDeletion', 'kms:DisableKey'];
const CONSOLE_ADMIN = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

ruleTester('KP506', {
  valid: [
    {
      name: 'the root statement (also with a named admin beside the root), console admins, Deny and other accounts',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/Admin'] }, 'kms:*'),
        allow(ADMIN, CONSOLE_ADMIN),
        deny(APP, 'kms:*'),
        allow({ AWS: 'arn:aws:iam::444455556666:role/X' }, 'kms:*'),
      ],
    },
    {
      name: 'a Deny carve-out reserves kms:Put*, kms:Create* and kms:Delete* for the admin role: the app keeps only use',
      text: [allow(ROOT, 'kms:*'), allow(APP, 'kms:*'), deny('*', RESERVED, { ArnNotEquals: { 'aws:PrincipalArn': [ADMIN.AWS, ROOT.AWS] } })],
    },
    {
      name: 'kms:* to "*" through a service only: no service calls PutKeyPolicy for a principal',
      text: [allow(ROOT, 'kms:*'), allow('*', 'kms:*', { StringEquals: { 'kms:CallerAccount': A, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } })],
    },
    {
      name: 'administrators and key users in separate statements',
      text: [allow(ROOT, 'kms:*'), allow(ADMIN, CONSOLE_ADMIN), allow(APP, USE)],
    },
    {
      name: 'administrators apart from key users that include a service and a federated user (decided from the Principal elements)',
      text: [
        allow(ROOT, 'kms:*'),
        allow(ADMIN, CONSOLE_ADMIN),
        allow({ AWS: 'arn:aws:sts::111122223333:federated-user/Bob' }, 'kms:Put*'),
        allow(APP, USE),
        allow({ Service: 'logs.us-east-1.amazonaws.com' }, USE, { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${A}:*` } }),
        allow({ AWS: 'arn:aws:sts::111122223333:federated-user/Alice' }, USE),
      ],
    },
  ],
  invalid: [
    {
      name: 'split statements: one role is an administrator in one statement and a key user in another',
      text: [allow(ROOT, 'kms:*'), allow(APP, CONSOLE_ADMIN), allow(APP, USE)],
      errors: [
        {
          at: '"kms:Put*"',
          pointer: '/Statement/1/Action/4',
          message:
            'This statement gives arn:aws:iam::111122223333:role/App "kms:Put*" (which includes kms:PutKeyPolicy), and statement 3 gives it the use of the key: anyone who can replace the key policy can grant themselves anything, so this key user is also a key administrator. List only the operations it needs, and keep policy changes in a separate administrators statement.',
          related: ['"kms:Encrypt"'],
        },
      ],
    },
    {
      // A role's session holds what the role is given: administrator as the role, key user as the session.
      name: 'an administrator role in one statement and one of its sessions as a key user in another',
      text: [allow(ROOT, 'kms:*'), allow(APP, CONSOLE_ADMIN), allow({ AWS: 'arn:aws:sts::111122223333:assumed-role/App/ci' }, USE)],
      errors: [
        {
          at: '"kms:Put*"',
          pointer: '/Statement/1/Action/4',
          message:
            'This statement gives arn:aws:sts::111122223333:assumed-role/App/ci "kms:Put*" (which includes kms:PutKeyPolicy), and statement 3 gives it the use of the key: anyone who can replace the key policy can grant themselves anything, so this key user is also a key administrator. List only the operations it needs, and keep policy changes in a separate administrators statement.',
          related: ['"kms:Encrypt"'],
        },
      ],
    },
    {
      name: 'Principal "*" narrowed by aws:PrincipalArn gives the role it names',
      text: [allow(ROOT, 'kms:*'), allow('*', 'kms:*', { ArnEquals: { 'aws:PrincipalArn': ADMIN.AWS } })],
      errors: [
        {
          at: '"kms:*"',
          pointer: '/Statement/1/Action',
          message:
            /^This statement gives the principals aws:PrincipalArn names \(arn:aws:iam::111122223333:role\/Admin\) "kms:\*" \(which includes kms:PutKeyPolicy\), and this statement gives it the use of the key/,
        },
      ],
    },
    {
      name: 'Principal "*" pinned to the account only: every principal of it has full access',
      text: [allow(ROOT, 'kms:*'), allow('*', 'kms:*', { StringEquals: { 'kms:CallerAccount': A } })],
      errors: [
        {
          at: '"kms:*"',
          pointer: '/Statement/1/Action',
          message: /^This statement gives its principals both the use of the key and "kms:\*"/,
        },
      ],
    },
    {
      name: 'a service given kms:Put* in one statement and the use of the key in another',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ Service: 'logs.us-east-1.amazonaws.com' }, ['kms:Put*', 'kms:Describe*']),
        allow({ Service: 'logs.us-east-1.amazonaws.com' }, USE),
      ],
      errors: [
        {
          at: '"kms:Put*"',
          pointer: '/Statement/1/Action/0',
          message:
            /^This statement gives logs\.us-east-1\.amazonaws\.com "kms:Put\*" \(which includes kms:PutKeyPolicy\), and statement 3 gives it the use of the key/,
        },
      ],
    },
    {
      name: 'a federated user given kms:Put* in one statement and kms:Decrypt in another',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ AWS: 'arn:aws:sts::111122223333:federated-user/Bob' }, 'kms:Put*'),
        allow({ AWS: 'arn:aws:sts::111122223333:federated-user/Bob' }, 'kms:Decrypt'),
      ],
      errors: [
        {
          at: '"kms:Put*"',
          pointer: '/Statement/1/Action',
          message:
            /^This statement gives arn:aws:sts::111122223333:federated-user\/Bob "kms:Put\*" \(which includes kms:PutKeyPolicy\), and statement 3 gives it/,
        },
      ],
    },
    {
      name: 'kms:* to a role, at the wildcard',
      text: [allow(ROOT, 'kms:*'), allow(APP, 'kms:*')],
      errors: [
        {
          at: '"kms:*"',
          pointer: '/Statement/1/Action',
          message: /both the use of the key and "kms:\*" \(which includes kms:PutKeyPolicy\).*every key user is also a key administrator/,
        },
      ],
    },
    {
      name: 'PutKeyPolicy listed with Decrypt',
      text: [allow(APP, ['kms:Decrypt', 'kms:PutKeyPolicy'])],
      errors: [
        {
          at: '"kms:PutKeyPolicy"',
          message: /^This statement gives its principals both the use of the key and kms:PutKeyPolicy: anyone who can replace the key policy/,
        },
      ],
    },
  ],
});

ruleTester('KP510', {
  valid: [{ name: 'key users and the root', text: [allow(ROOT, 'kms:*'), allow(APP, ['kms:Decrypt', 'kms:Encrypt'])] }],
  invalid: [
    {
      name: 'the console administrators pattern, mentioning grants',
      text: [allow(ROOT, 'kms:*'), allow(ADMIN, CONSOLE_ADMIN)],
      errors: [{ at: '"kms:Put*"', message: /can change the key policy to allow themselves, or create a grant for Decrypt/ }],
    },
    {
      name: 'no grants when CreateGrant is not allowed; quiet on users who may also decrypt, and on the root',
      text: [allow(ROOT, 'kms:*'), allow(ADMIN, ['kms:PutKeyPolicy', 'kms:DescribeKey']), allow(APP, ['kms:Decrypt', 'kms:Put*'])],
      errors: [
        {
          at: '"kms:PutKeyPolicy"',
          message:
            'These administrators are not given Decrypt, but they can decrypt one step removed: they can change the key policy to allow themselves. Count them among those who can read data protected by this key.',
        },
      ],
    },
  ],
});

ruleTester('KP508', {
  valid: [
    {
      name: 'the multi-Region administrators statement and the root',
      text: [allow(ROOT, 'kms:*'), allow(ADMIN, [...CONSOLE_ADMIN, 'kms:ReplicateKey', 'kms:UpdatePrimaryRegion'])],
    },
  ],
  invalid: [
    {
      name: 'ReplicateKey outside the administrators',
      text: [allow(ROOT, 'kms:*'), allow(APP, ['kms:Decrypt', 'kms:Replicate*'])],
      errors: [
        {
          at: '"kms:Replicate*"',
          message: /"kms:Replicate\*" \(which includes kms:ReplicateKey\) to principals who cannot change the key policy/,
        },
      ],
    },
    {
      name: 'Principal "*" pinned to the account; a Deny of ReplicateKey is fine',
      text: [allow('*', 'kms:ReplicateKey', { StringEquals: { 'kms:CallerAccount': '111122223333' } }), deny(APP, 'kms:ReplicateKey')],
      errors: [{ at: '"kms:ReplicateKey"', message: /^This statement allows kms:ReplicateKey to principals who cannot change the key policy/ }],
    },
  ],
});
