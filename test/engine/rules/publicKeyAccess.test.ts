import { allow, deny, pretty, ruleTester } from './ruleTester';

const A = '111122223333';
const anyoneWith = (condition: Record<string, unknown>, name: string) => ({ name, text: [allow('*', 'kms:Decrypt', condition)] });
const PUBLIC = /^Anyone in any AWS account can call kms:Decrypt on this key/;

ruleTester('KP600', {
  context: { account: A },
  valid: [
    anyoneWith({ StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } }, 'an organization pin'),
    anyoneWith({ StringEquals: { 'kms:CallerAccount': A, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }, 'the AWS managed key pattern'),
    anyoneWith({ StringEquals: { 'aws:PrincipalAccount': ['444455556666'] } }, 'a principal-account pin'),
    anyoneWith({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/App*` } }, 'a principal-ARN pattern in one account'),
    anyoneWith({ StringEquals: { 'aws:SourceAccount': A } }, 'a source-account pin'),
    anyoneWith({ ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${A}:trail/t` } }, 'a source-ARN pin'),
    { name: 'a Deny that pins the caller', text: [allow('*', 'kms:Decrypt'), deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } })] },
    { name: 'actions that cannot be used from another account', text: [allow('*', ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'])] },
  ],
  invalid: [
    {
      name: '"*" for cryptographic actions is an error',
      text: [allow({ AWS: `arn:aws:iam::${A}:root` }, 'kms:*'), allow('*', ['kms:Decrypt', 'kms:DescribeKey'])],
      errors: [{ at: '"*"', pointer: '/Statement/1/Principal', message: /Anyone in any AWS account can call kms:Decrypt, kms:DescribeKey on this key/ }],
    },
    {
      name: 'only non-cryptographic actions public is a warning',
      text: [allow({ AWS: '*' }, ['kms:DescribeKey', 'kms:GetKeyRotationStatus'])],
      errors: [
        {
          at: '"*"',
          severity: 'warning',
          message:
            /^Anyone in any AWS account can call kms:DescribeKey, kms:GetKeyRotationStatus on this key through this statement; only their own IAM policies stand in the way\./,
        },
      ],
    },
    {
      name: 'Allow with NotPrincipal, at the NotPrincipal element',
      text: [{ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:Encrypt', Resource: '*' }],
      errors: [{ at: pretty({ AWS: `arn:aws:iam::${A}:root` }, 3), pointer: '/Statement/0/NotPrincipal', message: /kms:Encrypt/ }],
    },
    { ...anyoneWith({ StringLike: { 'aws:PrincipalArn': '*' } }, 'a principal-ARN pattern that pins nothing'), errors: [{ at: '"*"', message: PUBLIC }] },
    { ...anyoneWith({ StringNotEquals: { 'kms:CallerAccount': '999999999999' } }, 'a negated account test'), errors: [{ at: '"*"', message: PUBLIC }] },
    {
      ...anyoneWith({ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } }, 'an IfExists pin (true when the key is absent)'),
      errors: [{ at: '"*"', message: PUBLIC }],
    },
    { ...anyoneWith({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }, 'a service pin alone'), errors: [{ at: '"*"', message: PUBLIC }] },
  ],
});
