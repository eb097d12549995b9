import { allow, deny, ruleTester } from './ruleTester';

const A = '111122223333';
const ADMIN = { AWS: `arn:aws:iam::${A}:role/Admin` };

ruleTester('KP603', {
  context: { account: A },
  valid: [
    { name: 'the account is allowed', text: [allow({ AWS: A }, 'kms:*')] },
    { name: 'the account is allowed a few actions', text: [allow({ AWS: `arn:aws:iam::${A}:root` }, ['kms:Describe*', 'kms:Get*'])] },
    { name: 'the key account is unknown', text: [allow('*', 'kms:Decrypt')], context: {} },
  ],
  invalid: [
    {
      name: 'the key account is not allowed: IAM grants nothing',
      text: [allow(ADMIN, 'kms:*')],
      errors: [
        {
          at: '"Statement"',
          message: /No statement allows the key's account \(arn:aws:iam::111122223333:root\), so IAM policies in 111122223333 grant nothing/,
        },
      ],
    },
    {
      name: 'a Deny takes the delegation away entirely',
      text: [allow({ AWS: A }, 'kms:*'), allow(ADMIN, 'kms:*'), deny({ AWS: A }, 'kms:*')],
      errors: [{ at: '"Statement"', message: /^No statement allows the key's account/ }],
    },
  ],
});
