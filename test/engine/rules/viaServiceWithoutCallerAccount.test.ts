import { allow, policyText, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const VIA = { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } };
const ANY_ACCOUNT = policyText([allow(ROOT, 'kms:*'), allow({ AWS: '*' }, 'kms:Decrypt', VIA)]);
const THROUGH_ANY_ACCOUNT = /a principal in any AWS account can use this key through that service/;

ruleTester('KP503', {
  valid: [
    {
      name: 'a statement that grants nothing',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ AWS: '*' }, 'kms:Decrypt', {
          StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' },
          ArnLike: { 'aws:PrincipalArn': [] },
        }),
      ],
    },
    {
      name: 'the AWS managed key pattern, org pins and named principals',
      text: [
        allow({ AWS: '*' }, ['kms:Encrypt', 'kms:Decrypt'], {
          StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
        }),
        allow('*', 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'aws:PrincipalOrgID': 'o-abc123' } }),
        allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, 'kms:Decrypt', VIA),
        allow(ROOT, 'kms:Decrypt', VIA),
      ],
    },
  ],
  invalid: [
    {
      name: 'Principal "*" with only kms:ViaService: the fix adds the inferred account',
      text: ANY_ACCOUNT,
      errors: [
        {
          at: '"kms:ViaService"',
          message: THROUGH_ANY_ACCOUNT,
          output: swap(ANY_ACCOUNT, '"ec2.us-east-1.amazonaws.com"\n', '"ec2.us-east-1.amazonaws.com",\n          "kms:CallerAccount": "111122223333"\n'),
        },
      ],
    },
    {
      name: 'no fix when the key account is unknown',
      text: [allow('*', 'kms:Decrypt', { StringLike: { 'kms:ViaService': '*.us-east-1.amazonaws.com' } })],
      errors: [{ at: '"kms:ViaService"', message: /the key's account/, fixes: [] }],
    },
    {
      name: 'a negated or IfExists account test is no pin',
      text: [
        allow('*', 'kms:Decrypt', { ...VIA, StringNotEquals: { 'kms:CallerAccount': '444455556666' } }),
        allow('*', 'kms:Decrypt', { ...VIA, StringEqualsIfExists: { 'kms:CallerAccount': '111122223333' } }),
      ],
      errors: [
        { at: '"kms:ViaService"', pointer: '/Statement/0/Condition/StringEquals/kms:ViaService', message: THROUGH_ANY_ACCOUNT },
        { at: '"kms:ViaService"', pointer: '/Statement/1/Condition/StringEquals/kms:ViaService', message: THROUGH_ANY_ACCOUNT },
      ],
    },
  ],
});
