import { allow, ruleTester } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const BARE_ACCOUNT = [allow({ AWS: '111122223333' }, 'kms:*', { Bool: { 'aws:SecureTransport': 'true' } })];

ruleTester('KP512', {
  valid: [
    {
      name: 'the default policy, own-account pins and other principals',
      text: [
        allow(ROOT, 'kms:*'),
        allow(ROOT, 'kms:Describe*', { StringEquals: { 'kms:CallerAccount': '111122223333' } }),
        allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, 'kms:Decrypt', { Bool: { 'aws:SecureTransport': 'true' } }),
        allow({ AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/App'] }, 'kms:Decrypt', {
          Bool: { 'aws:SecureTransport': 'true' },
        }),
      ],
    },
    { name: "a bare account id of another account than the key's", text: BARE_ACCOUNT, context: { account: '444455556666' } },
  ],
  invalid: [
    {
      name: 'a conditioned root-delegation statement, at "Condition"',
      text: [allow(ROOT, 'kms:*', { StringEquals: { 'aws:PrincipalTag/team': 'security' } })],
      errors: [
        {
          at: '"Condition"',
          message: /delegates the key to account 111122223333, so its Condition limits every IAM permission/,
          fixes: [],
        },
      ],
    },
    {
      name: 'the account from the context, named by a bare account id',
      text: BARE_ACCOUNT,
      context: { account: '111122223333' },
      errors: [{ at: '"Condition"', message: /delegates the key to account 111122223333/ }],
    },
  ],
});
