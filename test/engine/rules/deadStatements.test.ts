import { allow, deny, pretty, ruleTester } from './ruleTester';

const A = '111122223333';
const ROLE = { AWS: `arn:aws:iam::${A}:role/App` };
const DELEGATION = allow({ AWS: A }, 'kms:*');
const KEYS_NEVER_PRESENT = deny('*', ['kms:DescribeKey', 'kms:PutKeyPolicy'], {
  StringNotEquals: { 'kms:EncryptionContext:Dept': 'IT' },
  Null: { 'kms:GrantOperations': 'false' },
});
const CONTRADICTION = deny('*', 'kms:Decrypt', { StringEquals: { 'aws:PrincipalOrgID': 'o-1' }, Null: { 'aws:PrincipalOrgID': 'true' } });

ruleTester('KP604', {
  context: { account: A },
  valid: [
    { name: 'some permission survives the Deny', text: [allow(ROLE, ['kms:Decrypt', 'kms:Encrypt']), deny(ROLE, 'kms:Decrypt')] },
    {
      name: 'a conditional Deny leaves the Allow for requests it does not match',
      text: [allow(ROLE, 'kms:Decrypt'), deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } })],
    },
  ],
  invalid: [
    {
      name: 'an Allow a Deny cancels is faded, pointing at the Deny',
      text: [DELEGATION, allow(ROLE, 'kms:Decrypt'), deny(ROLE, ['kms:Decrypt', 'kms:Encrypt'])],
      errors: [
        {
          at: pretty(allow(ROLE, 'kms:Decrypt'), 2),
          message: /Every permission this Allow gives is removed by a Deny/,
          unnecessary: true,
          related: [pretty(deny(ROLE, ['kms:Decrypt', 'kms:Encrypt']), 2)],
        },
      ],
    },
    {
      name: 'symbolic shadowing: the condition of the Allow implies the condition of the Deny',
      text: [
        DELEGATION,
        allow(ROLE, 'kms:Decrypt', { StringEquals: { 'aws:PrincipalOrgID': 'o-2' } }),
        deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } }),
      ],
      errors: [
        {
          at: pretty(allow(ROLE, 'kms:Decrypt', { StringEquals: { 'aws:PrincipalOrgID': 'o-2' } }), 2),
          message: /Every permission this Allow gives is removed by a Deny/,
          unnecessary: true,
        },
      ],
    },
  ],
});

ruleTester('KP605', {
  context: { account: A },
  valid: [
    { name: 'a negated org pin', text: [DELEGATION, deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } })] },
    { name: 'no condition', text: [DELEGATION, deny(ROLE, 'kms:Decrypt')] },
    {
      name: 'a negated test on a key Decrypt carries',
      text: [DELEGATION, deny('*', 'kms:Decrypt', { StringNotEquals: { 'kms:EncryptionContext:Dept': 'IT' } })],
    },
    {
      name: 'one of the actions carries the key',
      text: [DELEGATION, deny('*', ['kms:DescribeKey', 'kms:Decrypt'], { StringEquals: { 'kms:EncryptionContext:Dept': 'IT' } })],
    },
  ],
  invalid: [
    {
      name: 'a Deny whose condition keys its actions never carry',
      text: [DELEGATION, KEYS_NEVER_PRESENT],
      errors: [
        {
          at: pretty(KEYS_NEVER_PRESENT, 2),
          message: /kms:GrantOperations is never in the request context of kms:DescribeKey, kms:PutKeyPolicy/,
          unnecessary: true,
        },
      ],
    },
    {
      // main: a warning, "It protects nothing; ... or remove it".
      name: 'the common Deny without TLS: harmless, so only an info that says why',
      text: [DELEGATION, deny('*', 'kms:*', { Bool: { 'aws:SecureTransport': 'false' } })],
      errors: [
        {
          at: pretty(deny('*', 'kms:*', { Bool: { 'aws:SecureTransport': 'false' } }), 2),
          severity: 'info',
          message:
            'This Deny never matches, harmlessly: KMS accepts only requests over TLS, so "aws:SecureTransport" is always true and its test (Bool "false") never holds. It is a guard common in S3 bucket policies; keep it or remove it.',
          unnecessary: true,
        },
      ],
    },
    {
      name: 'a Deny whose conditions contradict each other',
      text: [CONTRADICTION],
      errors: [
        {
          at: pretty(CONTRADICTION, 2),
          message: /^This Deny never matches: its principals and conditions can never all hold/,
          unnecessary: true,
        },
      ],
    },
  ],
});
