import { allow, policyText, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const CT = { Service: 'cloudtrail.amazonaws.com' };
const withRoot = (...statements: Record<string, unknown>[]) => policyText([allow(ROOT, 'kms:*'), ...statements]);
const UNSCOPED = withRoot(allow(CT, 'kms:GenerateDataKey*'));
const WITH_CONDITION = policyText([allow(CT, 'kms:Decrypt', { StringNotEquals: { 'kms:EncryptionContext:team': 'a' } })]);
const SCOPED = withRoot(
  allow(CT, 'kms:GenerateDataKey*', { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-2:111122223333:trail/t' } }),
  allow(CT, 'kms:Decrypt', { StringEquals: { 'aws:SourceAccount': '111122223333' } }),
  allow({ Service: 'logs.us-west-2.amazonaws.com' }, ['kms:Encrypt*', 'kms:Decrypt*'], {
    ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-west-2:111122223333:log-group:g' },
  }),
  allow(CT, 'kms:DescribeKey'),
  { Effect: 'Deny', Principal: CT, Action: 'kms:*', Resource: '*' },
);
const WEAKLY_SCOPED = withRoot(
  allow(CT, 'kms:GenerateDataKey*', { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:*:trail/*' } }),
  allow(CT, 'kms:Decrypt', { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } }),
);
const NO_SOURCE = /without a condition on aws:SourceArn or aws:SourceAccount.*confused deputy/;

ruleTester('KP310', {
  valid: [
    { name: 'SourceArn or SourceAccount, an account-pinning EC ARN, read-only actions or a Deny', text: SCOPED },
    { name: "a service scoped only by weaker keys is KP311's", text: WEAKLY_SCOPED },
  ],
  invalid: [
    {
      name: 'a service principal with no condition: the fix adds aws:SourceAccount for the inferred account',
      text: UNSCOPED,
      errors: [
        {
          at: '"cloudtrail.amazonaws.com"',
          message: NO_SOURCE,
          fixes: [{ title: 'Require aws:SourceAccount 111122223333', preferred: false }],
          output: swap(
            UNSCOPED,
            '"kms:GenerateDataKey*",\n      "Resource": "*"',
            '"kms:GenerateDataKey*",\n      "Resource": "*",\n      "Condition": {"StringEquals":{"aws:SourceAccount":"111122223333"}}',
          ),
        },
      ],
    },
    {
      name: 'the operator is added to an existing Condition, for the account from the context',
      text: WITH_CONDITION,
      context: { account: '444455556666' },
      errors: [
        {
          at: '"cloudtrail.amazonaws.com"',
          message: NO_SOURCE,
          output: swap(WITH_CONDITION, '"a"\n        }', '"a"\n        },\n        "StringEquals": {"aws:SourceAccount":"444455556666"}'),
        },
      ],
    },
    {
      name: 'no fix without an account',
      text: [allow(CT, 'kms:Decrypt')],
      errors: [{ at: '"cloudtrail.amazonaws.com"', message: NO_SOURCE, fixes: [] }],
    },
    {
      name: 'no fix when the statement also names principals that are not services',
      text: withRoot(allow({ ...CT, AWS: 'arn:aws:iam::111122223333:role/R' }, 'kms:Decrypt')),
      errors: [{ at: '"cloudtrail.amazonaws.com"', message: NO_SOURCE, fixes: [] }],
    },
  ],
});

ruleTester('KP311', {
  valid: [
    {
      name: "a service principal statement that can never match is KP518's, not a weak scope",
      text: [allow({ Service: 'sns.amazonaws.com' }, 'kms:Decrypt', { StringEquals: { 'aws:PrincipalOrgID': 'o-1234567' } })],
    },
    { name: 'scoped by aws:SourceArn or aws:SourceAccount, and statements KP310 reports', text: SCOPED },
    {
      name: 'aws:SourceOrgID, an ARN pattern, and read-only actions',
      text: [
        allow(CT, 'kms:Decrypt', { StringEquals: { 'aws:SourceOrgID': 'o-1' } }),
        allow(CT, 'kms:Decrypt', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }),
        allow(CT, 'kms:DescribeKey', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
      ],
    },
  ],
  invalid: [
    {
      name: 'a service scoped only by weaker keys',
      text: WEAKLY_SCOPED,
      errors: [
        {
          at: '"cloudtrail.amazonaws.com"',
          pointer: '/Statement/1/Principal/Service',
          message:
            // main: "does not pin the resource the service acts for", untrue for a context ARN (corpus, judged arguable).
            /^"cloudtrail\.amazonaws\.com" is scoped by "kms:EncryptionContext:aws:cloudtrail:arn", which names the resource the service acts for but not its account .* Also require aws:SourceAccount or aws:SourceArn/,
        },
        {
          at: '"cloudtrail.amazonaws.com"',
          pointer: '/Statement/2/Principal/Service',
          message: /^"cloudtrail\.amazonaws\.com" is scoped by "aws:SourceAccount" under StringEqualsIfExists, which is also true when the key is absent/,
        },
      ],
    },
    {
      name: 'the keys that scope it are all named',
      text: [allow(CT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': '111122223333' } })],
      errors: [
        {
          at: '"cloudtrail.amazonaws.com"',
          message:
            '"cloudtrail.amazonaws.com" is scoped only by "kms:ViaService" and "kms:CallerAccount", which do not pin the resource the service acts for. Also require aws:SourceArn or aws:SourceAccount to prevent confused-deputy use.',
        },
      ],
    },
    {
      // main said "scoped only by aws:SourceAccount … Also require aws:SourceArn or aws:SourceAccount".
      name: 'aws:SourceAccount under StringEqualsIfExists: the IfExists form is the weakness, and the message says so',
      text: [allow(CT, 'kms:Decrypt', { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } })],
      errors: [
        {
          at: '"cloudtrail.amazonaws.com"',
          message:
            '"cloudtrail.amazonaws.com" is scoped by "aws:SourceAccount" under StringEqualsIfExists, which is also true when the key is absent, so nothing pins the resource the service acts for. Use plain StringEquals so the key must be present.',
        },
      ],
    },
    {
      name: 'aws:SourceArn under ForAllValues:StringEquals and ArnLikeIfExists',
      text: [
        allow({ Service: 's3.amazonaws.com' }, 'kms:Encrypt', { 'ForAllValues:StringEquals': { 'aws:SourceArn': 'arn:aws:s3:::b' } }),
        allow({ Service: 's3.amazonaws.com' }, 'kms:Encrypt', {
          ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:s3:::b' },
          StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
        }),
      ],
      errors: [
        {
          at: '"s3.amazonaws.com"',
          pointer: '/Statement/0/Principal/Service',
          message:
            /^"s3\.amazonaws\.com" is scoped by "aws:SourceArn" under ForAllValues:StringEquals, which is also true when the key is absent, .* Use plain StringEquals so the key must be present\.$/,
        },
        {
          at: '"s3.amazonaws.com"',
          pointer: '/Statement/1/Principal/Service',
          message: /^"s3\.amazonaws\.com" is scoped by "aws:SourceArn" under ArnLikeIfExists, .* Use plain ArnLike so the key must be present\.$/,
        },
      ],
    },
  ],
});
