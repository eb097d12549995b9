import { allow, policyText, ruleTester, swap } from './ruleTester';

const ROLE = { AWS: 'arn:aws:iam::111122223333:role/App' };
const via = (value: unknown, operator = 'StringEquals'): string => policyText([allow(ROLE, 'kms:Decrypt', { [operator]: { 'kms:ViaService': value } })]);
const NO_REGION = via('ec2.amazonaws.com');
const CAPITALS = via('EC2.us-east-1.amazonaws.com');
const TYPO = via('secretmanager.us-east-1.amazonaws.com');
const EBS = via('ebs.us-east-1.amazonaws.com');

ruleTester('KP502', {
  valid: [
    {
      name: 'good values, wildcards under Like, variables, Null and GovCloud',
      text: [
        allow(ROLE, 'kms:Decrypt', {
          StringEquals: { 'kms:ViaService': ['ec2.us-east-1.amazonaws.com', 'rds.cn-north-1.amazonaws.com.cn'] },
        }),
        allow(ROLE, 'kms:Decrypt', { StringLike: { 'kms:ViaService': ['*.us-east-1.amazonaws.com', 's3.*'] } }),
        allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.${aws:RequestedRegion}.amazonaws.com' } }),
        allow(ROLE, 'kms:Decrypt', { Null: { 'kms:ViaService': 'false' } }),
        allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.us-gov-west-1.amazonaws.com' } }),
      ],
    },
    { name: 'capitals under a case-insensitive operator', text: via('EC2.us-east-1.amazonaws.com', 'StringEqualsIgnoreCase') },
  ],
  invalid: [
    {
      name: 'a value without Region is an error: the fix fills in the Region from the settings',
      text: NO_REGION,
      context: { region: 'eu-west-1' },
      errors: [
        {
          at: '"ec2.amazonaws.com"',
          message: /"ec2.amazonaws.com" has no Region; .*like "ec2.eu-west-1.amazonaws.com"\), so it never matches/,
          output: swap(NO_REGION, '"ec2.amazonaws.com"', '"ec2.eu-west-1.amazonaws.com"'),
        },
      ],
    },
    {
      name: 'a bare service name, without a fix when the Region is unknown',
      text: via(['s3.us-east-1.amazonaws.com', 's3']),
      errors: [{ at: '"s3"', message: /"s3" has no Region/, fixes: [] }],
    },
    {
      name: 'capitals under a case-sensitive operator are lower-cased',
      text: CAPITALS,
      errors: [
        {
          at: '"EC2.us-east-1.amazonaws.com"',
          message: /StringEquals compares case-sensitively, so "EC2.us-east-1.amazonaws.com" never matches/,
          output: swap(CAPITALS, '"EC2.us-east-1.amazonaws.com"', '"ec2.us-east-1.amazonaws.com"'),
        },
      ],
    },
    {
      name: 'a known service suggested by spelling, as a warning',
      text: TYPO,
      errors: [
        {
          at: '"secretmanager.us-east-1.amazonaws.com"',
          severity: 'warning',
          message: /did you mean "secretsmanager"/,
          output: swap(TYPO, '"secretmanager.', '"secretsmanager.'),
        },
      ],
    },
    {
      name: 'a known service suggested by name, as a warning',
      text: EBS,
      errors: [
        {
          at: '"ebs.us-east-1.amazonaws.com"',
          severity: 'warning',
          message: /did you mean "ec2" \(Amazon EC2 and Amazon EBS\)/,
          output: swap(EBS, '"ebs.', '"ec2.'),
        },
      ],
    },
    {
      name: 'only info for a well-formed value of an unknown service',
      text: via('quantumledger.us-east-1.amazonaws.com'),
      errors: [{ at: '"quantumledger.us-east-1.amazonaws.com"', severity: 'info', message: /"quantumledger" is not a service known/ }],
    },
    {
      name: 'a wildcard value that cannot reach the amazonaws.com domain',
      text: via('ec2.us-east-?.example.com', 'StringLike'),
      errors: [{ at: '"ec2.us-east-?.example.com"', message: /can never match kms:ViaService/ }],
    },
  ],
});
