import { allow, deny, pretty, ruleTester } from './ruleTester';

const A = '111122223333';
const anyoneWith = (condition: Record<string, unknown>, name: string) => ({ name, text: [allow('*', 'kms:Decrypt', condition)] });
const PUBLIC = /^Anyone in any AWS account can call kms:Decrypt on this key/;
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const onResource = (resource: string, principal: unknown = '*') => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'kms:*',
  Resource: resource,
});
const VPCE = 'vpce-1a2b3c4d';

ruleTester('KP600', {
  context: { account: A },
  valid: [
    anyoneWith({ StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } }, 'an organization pin'),
    anyoneWith({ StringEquals: { 'kms:CallerAccount': A, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }, 'the AWS managed key pattern'),
    anyoneWith({ StringEquals: { 'aws:PrincipalAccount': ['444455556666'] } }, 'a principal-account pin'),
    anyoneWith({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/App*` } }, 'a principal-ARN pattern in one account'),
    anyoneWith({ StringEquals: { 'aws:SourceAccount': A } }, 'a source-account pin'),
    anyoneWith({ ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${A}:trail/t` } }, 'a source-ARN pin'),
    {
      name: 'a Deny that pins the caller',
      text: [allow('*', 'kms:Decrypt'), deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } })],
    },
    { name: 'actions that cannot be used from another account', text: [allow('*', ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'])] },
    {
      name: 'a Resource that cannot be this key (another account) never applies',
      text: [onResource('arn:aws:kms:us-east-1:444455556666:key/*')],
      context: { account: A, region: 'us-east-1' },
    },
    {
      name: 'a Deny whose Resource may name the key is taken to apply',
      text: [allow('*', 'kms:Decrypt'), { ...deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } }), Resource: KEY }],
      context: { account: A, region: 'us-east-1' },
    },
    {
      name: 'a VPC endpoint pin with an organization pin',
      text: [allow('*', 'kms:Decrypt', { StringEquals: { 'aws:SourceVpce': VPCE, 'aws:PrincipalOrgID': 'o-1' } })],
    },
  ],
  invalid: [
    {
      name: '"*" for cryptographic actions is an error',
      text: [allow({ AWS: `arn:aws:iam::${A}:root` }, 'kms:*'), allow('*', ['kms:Decrypt', 'kms:DescribeKey'])],
      errors: [
        {
          at: '"*"',
          pointer: '/Statement/1/Principal',
          message: /Anyone in any AWS account can call kms:Decrypt, kms:DescribeKey on this key/,
        },
      ],
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
    {
      ...anyoneWith({ StringLike: { 'aws:PrincipalArn': '*' } }, 'a principal-ARN pattern that pins nothing'),
      errors: [{ at: '"*"', message: PUBLIC }],
    },
    {
      ...anyoneWith({ StringNotEquals: { 'kms:CallerAccount': '999999999999' } }, 'a negated account test'),
      errors: [{ at: '"*"', message: PUBLIC }],
    },
    {
      ...anyoneWith({ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } }, 'an IfExists pin (true when the key is absent)'),
      errors: [{ at: '"*"', message: PUBLIC }],
    },
    {
      ...anyoneWith({ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }, 'a service pin alone'),
      errors: [{ at: '"*"', message: PUBLIC }],
    },
    {
      name: 'Principal "*" and kms:* on the key\'s own ARN, the key ARN unknown: public if the policy is attached to that key',
      text: [onResource(KEY, { AWS: '*' })],
      context: { account: A, region: 'us-east-1' },
      errors: [
        {
          at: '"*"',
          message: new RegExp(
            `^Anyone in any AWS account can call kms:CreateGrant, kms:Decrypt, .* and 13 more on this key through this statement, if this policy is attached to ${KEY}; only their own IAM policies stand in the way\\.`,
          ),
        },
      ],
    },
    {
      name: 'the same with the key ARN known: no condition in the message',
      text: [onResource(KEY, { AWS: '*' })],
      context: { account: A, keyArn: KEY },
      errors: [{ at: '"*"', message: /on this key through this statement; only their own IAM policies/ }],
    },
    {
      name: 'a fixed VPC endpoint is not anyone in any account: a warning that says what it allows',
      text: [allow('*', ['kms:Decrypt', 'kms:Encrypt'], { StringEquals: { 'aws:SourceVpce': VPCE } })],
      errors: [
        {
          at: '"*"',
          severity: 'warning',
          message:
            'Anyone in any AWS account whose request comes through aws:SourceVpce vpce-1a2b3c4d can call kms:Decrypt, kms:Encrypt on this key through this statement; only their own IAM policies and the network path stand in the way (Access Analyzer does not count this as public). If only your accounts should, also pin the caller with aws:PrincipalOrgID, aws:PrincipalAccount or kms:CallerAccount.',
        },
      ],
    },
    {
      name: 'a fixed VPC, the same',
      text: [allow('*', 'kms:Decrypt', { StringEquals: { 'aws:SourceVpc': 'vpc-12345678' } })],
      errors: [
        {
          at: '"*"',
          severity: 'warning',
          message: /^Anyone in any AWS account whose request comes through aws:SourceVpc vpc-12345678 can call kms:Decrypt/,
        },
      ],
    },
    {
      name: 'a wildcard endpoint pins nothing',
      text: [allow('*', 'kms:Decrypt', { StringLike: { 'aws:SourceVpce': 'vpce-*' } })],
      errors: [{ at: '"*"', severity: 'error', message: PUBLIC }],
    },
  ],
});
