import { allow, policyText, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const APP = 'arn:aws:iam::111122223333:role/App';
const EXT = 'arn:aws:iam::444455556666:root';
const FOR_AWS = { Bool: { 'kms:GrantIsForAWSResource': 'true' } };
const ADD_FOR_AWS = '"Resource": "*",\n      "Condition": {"Bool":{"kms:GrantIsForAWSResource":"true"}}\n    }\n  ]';
const UNCONSTRAINED = policyText([allow(ROOT, 'kms:*'), allow({ AWS: APP }, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'])]);
const CROSS_ACCOUNT = policyText([allow(ROOT, 'kms:*'), allow({ AWS: [APP, EXT] }, ['kms:CreateGrant', 'kms:ListGrants'])]);

ruleTester('KP504', {
  valid: [
    {
      name: 'a statement that grants nothing (an empty StringEquals list)',
      text: [allow(ROOT, 'kms:*'), allow({ AWS: APP }, 'kms:CreateGrant', { StringEquals: { 'aws:PrincipalTag/team': [] } })],
    },
    {
      name: 'limited grants, the root statement and administrators',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ AWS: APP }, 'kms:CreateGrant', FOR_AWS),
        allow({ AWS: APP }, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt'] } }),
        allow({ AWS: APP }, 'kms:CreateGrant', { StringEquals: { 'kms:GranteePrincipal': 'arn:aws:iam::111122223333:role/Worker' } }),
        allow('*', ['kms:Decrypt', 'kms:CreateGrant'], {
          StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' },
        }),
        allow({ AWS: APP }, ['kms:Create*', 'kms:Put*']),
        allow({ AWS: EXT }, 'kms:CreateGrant'),
      ],
    },
  ],
  invalid: [
    {
      name: 'unconstrained CreateGrant: the fix adds GrantIsForAWSResource when it fits every action',
      text: UNCONSTRAINED,
      errors: [
        {
          at: '"kms:CreateGrant"',
          message: /create grants with no limits: a grant can give any principal in any account any operation/,
          output: swap(UNCONSTRAINED, '"Resource": "*"\n    }\n  ]', ADD_FOR_AWS),
        },
      ],
    },
    {
      name: 'the wildcard is named, and no fix when the condition would switch off other actions',
      text: [allow(ROOT, 'kms:*'), allow({ AWS: APP }, ['kms:Decrypt', 'kms:Create*'])],
      errors: [{ at: '"kms:Create*"', message: /\("kms:Create\*" includes kms:CreateGrant\)/, fixes: [] }],
    },
  ],
});

ruleTester('KP505', {
  valid: [
    {
      name: 'a statement that grants nothing',
      text: [allow(ROOT, 'kms:*'), allow({ AWS: EXT }, 'kms:CreateGrant', { 'ForAnyValue:StringEquals': { 'kms:GrantOperations': [] } })],
    },
    {
      name: 'the console cross-account pattern, pinned grantees and harmless operations',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ AWS: [APP, EXT] }, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], {
          Bool: { 'kms:GrantIsForAWSResource': true },
        }),
        allow({ AWS: EXT }, 'kms:CreateGrant', { StringEquals: { 'kms:GranteePrincipal': 'arn:aws:iam::444455556666:role/Worker' } }),
        allow({ AWS: EXT }, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'DescribeKey'] } }),
        allow({ AWS: APP }, 'kms:CreateGrant'),
      ],
    },
  ],
  invalid: [
    {
      name: 'CreateGrant to another account, at its principal, with the fix',
      text: CROSS_ACCOUNT,
      errors: [
        {
          at: `"${EXT}"`,
          message: /lets account 444455556666 create grants for this key/,
          output: swap(CROSS_ACCOUNT, '"Resource": "*"\n    }\n  ]', ADD_FOR_AWS),
        },
      ],
    },
    {
      name: 'GrantOperations that allows Decrypt, or only a negated test, does not limit it',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ AWS: EXT }, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } }),
        allow({ AWS: 'arn:aws:iam::444455556666:role/X' }, 'kms:CreateGrant', { StringNotEquals: { 'kms:GranteePrincipal': APP } }),
      ],
      errors: [
        {
          at: `"${EXT}"`,
          message: /^This statement lets account 444455556666 create grants for this key: a grant can give principals that this policy never names/,
        },
        { at: '"arn:aws:iam::444455556666:role/X"', message: /^This statement lets account 444455556666 create grants for this key/ },
      ],
    },
  ],
});
