import { allow, deny, ruleTester } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const APP = { AWS: 'arn:aws:iam::111122223333:role/App' };
const USE = ['kms:Decrypt', 'kms:GenerateDataKey'];
const via = (service: string, extra: Record<string, unknown> = {}) => ({
  StringEquals: { 'kms:ViaService': `${service}.us-east-1.amazonaws.com`, ...extra },
});

ruleTester('KP518', {
  valid: [
    {
      name: 'each service with the context it sends, in any case; several services that together send the key',
      text: [
        allow(ROOT, 'kms:*'),
        allow(APP, USE, via('ec2', { 'kms:EncryptionContext:aws:ebs:id': 'vol-1' })),
        allow(APP, USE, via('secretsmanager', { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:us-east-1:111122223333:secret:s' })),
        allow(APP, USE, via('sqs', { 'kms:encryptioncontext:AWS:SQS:ARN': 'arn:aws:sqs:us-east-1:111122223333:q' })),
        allow(APP, USE, {
          StringEquals: {
            'kms:ViaService': ['rds.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'],
            'kms:EncryptionContext:aws:ebs:id': 'vol-1',
          },
        }),
        allow({ Service: 'logs.us-east-1.amazonaws.com' }, USE, {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:111122223333:*' },
        }),
      ],
    },
    {
      name: 'S3 callers may add pairs; services not in the table; IfExists and negated tests; a network Deny',
      text: [
        allow(ROOT, 'kms:*'),
        allow(APP, USE, via('s3', { 'kms:EncryptionContext:department': 'IT' })),
        allow(APP, USE, via('glue', { 'kms:EncryptionContext:aws:ebs:id': 'x' })),
        allow(APP, USE, {
          StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' },
          StringEqualsIfExists: { 'kms:EncryptionContext:aws:s3:arn': 'x' },
          IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' },
        }),
        allow(APP, USE, { ...via('ec2'), NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
        deny('*', 'kms:*', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' }, Bool: { 'aws:ViaAWSService': 'false' } }),
        allow(APP, USE, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
        allow({ Service: 'sns.amazonaws.com', AWS: 'arn:aws:iam::111122223333:role/App' }, USE, {
          StringEquals: { 'aws:PrincipalOrgID': 'o-1234567' },
        }),
        allow({ Service: 'sns.amazonaws.com' }, USE, { StringEquals: { 'aws:SourceOrgID': 'o-1234567' } }),
      ],
    },
  ],
  invalid: [
    {
      name: 'a context key the named service never sends',
      text: [allow(ROOT, 'kms:*'), allow(APP, USE, via('ec2', { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::b' }))],
      errors: [
        {
          at: '"kms:EncryptionContext:aws:s3:arn"',
          message:
            'This statement can never match: Amazon EBS sends only the encryption context "aws:ebs:id", never "aws:s3:arn", so this condition is never true for its calls. Test the key the service sends (kms:EncryptionContext:aws:ebs:id).',
        },
      ],
    },
    {
      name: 'a service principal and a key its service never sends',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ Service: 'cloudtrail.amazonaws.com' }, 'kms:GenerateDataKey*', {
          StringLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*:111122223333:*' },
        }),
      ],
      errors: [
        {
          at: '"kms:EncryptionContext:aws:logs:arn"',
          message: /^This statement can never match: AWS CloudTrail sends only the encryption context "aws:cloudtrail:arn", never "aws:logs:arn"/,
        },
      ],
    },
    {
      // main: KP311 "scoped only by aws:PrincipalOrgID" (corpus gh-lza-logging-sns-key.json: the statement never applies).
      name: 'a service principal scoped by an organization key it never carries',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ Service: 'sns.amazonaws.com' }, ['kms:Decrypt', 'kms:GenerateDataKey*'], {
          StringEquals: { 'aws:PrincipalOrgID': 'o-1234567' },
        }),
      ],
      errors: [
        {
          at: '"aws:PrincipalOrgID"',
          message:
            'This statement can never match: it allows only service principals, and a service acting as itself carries no "aws:PrincipalOrgID" (it belongs to IAM principals in an organization). Scope the service with aws:SourceAccount or aws:SourceOrgID instead.',
        },
      ],
    },
    {
      name: "calls through a service limited by the caller's network",
      text: [
        allow(ROOT, 'kms:*'),
        allow(APP, USE, { ...via('ec2'), StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'aws:SourceVpce': 'vpce-1' } }),
        allow(APP, USE, { ...via('rds'), IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      ],
      errors: [
        {
          at: '"aws:SourceVpce"',
          message:
            'This statement can never match: it allows only calls made through ec2.us-east-1.amazonaws.com (kms:ViaService), and the service reaches KMS from its own network, not the caller\'s, so "aws:SourceVpce" never matches those calls. Drop the network condition here (keep it in a Deny with an aws:ViaAWSService exception).',
        },
        { at: '"aws:SourceIp"', message: /through rds\.us-east-1\.amazonaws\.com \(kms:ViaService\)/ },
      ],
    },
  ],
});
