import { allow, ruleTester } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const EXT = 'arn:aws:iam::444455556666:root';

ruleTester('KP516', {
  valid: [
    {
      name: 'the console key users and persistent-resource grants for an external account',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ AWS: EXT }, ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']),
        allow({ AWS: EXT }, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], { Bool: { 'kms:GrantIsForAWSResource': true } }),
      ],
    },
    { name: 'the key account is unknown', text: [allow({ AWS: [EXT, 'arn:aws:iam::777788889999:root'] }, 'kms:PutKeyPolicy')] },
  ],
  invalid: [
    {
      name: 'an action that never works across accounts',
      text: [allow(ROOT, 'kms:*'), allow({ AWS: EXT }, ['kms:Decrypt', 'kms:PutKeyPolicy'])],
      context: { account: '111122223333' },
      errors: [
        {
          at: '"kms:PutKeyPolicy"',
          message: /"kms:PutKeyPolicy" cannot be used from another account, so it has no effect for account 444455556666/,
        },
      ],
    },
    {
      name: 'a wildcard: names the local actions it includes, and "the principals of" an account in a mixed list',
      text: [allow(ROOT, 'kms:*'), allow({ AWS: ['arn:aws:iam::111122223333:role/App', EXT] }, 'kms:Get*')],
      errors: [
        {
          at: '"kms:Get*"',
          message:
            /"kms:Get\*" includes kms:GetKeyLastUsage, kms:GetKeyPolicy and kms:GetParametersForImport, which cannot be used from another account, so for the principals of account 444455556666 only its other actions take effect/,
        },
      ],
    },
  ],
});
