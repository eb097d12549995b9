import { allow, deny, ruleTester } from './ruleTester';

const A = '111122223333';
const ADMIN = { AWS: `arn:aws:iam::${A}:role/Admin` };
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const onKey = (resource: string) => ({ ...allow({ AWS: `arn:aws:iam::${A}:root` }, 'kms:*'), Resource: resource });

ruleTester('KP603', {
  context: { account: A },
  valid: [
    { name: 'the account is allowed', text: [allow({ AWS: A }, 'kms:*')] },
    { name: 'the account is allowed a few actions', text: [allow({ AWS: `arn:aws:iam::${A}:root` }, ['kms:Describe*', 'kms:Get*'])] },
    { name: 'the key account is unknown', text: [allow('*', 'kms:Decrypt')], context: {} },
    {
      name: "the account is allowed on the key's own ARN, the key ARN unknown",
      text: [onKey(KEY)],
      context: { account: A, region: 'us-east-1' },
    },
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
      name: "the account is allowed only on another account's key",
      text: [onKey('arn:aws:kms:us-east-1:444455556666:key/*'), allow(ADMIN, 'kms:*')],
      errors: [{ at: '"Statement"', message: /^No statement allows the key's account/ }],
    },
    {
      name: 'Principal "*" allows the account\'s principals directly: no claim that deleting the named ones leaves nobody',
      text: [allow('*', 'kms:Decrypt', { StringEquals: { 'kms:CallerAccount': A } }), allow(ADMIN, 'kms:*')],
      errors: [
        {
          at: '"Statement"',
          message: `No statement allows the key's account (arn:aws:iam::${A}:root), so IAM policies in ${A} grant nothing for this key: only what this policy allows directly (to "*" and to the principals it names) and grants count. Add a statement allowing arn:aws:iam::${A}:root if IAM should decide access.`,
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
