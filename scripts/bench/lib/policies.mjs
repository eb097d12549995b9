// Realistic key policies of a chosen size, generated deterministically: the statements real keys carry
// (account root, key administrators, key users, grants for AWS resources, service principals scoped by
// aws:SourceArn, cross-account use through a service, tenant encryption contexts, a protective Deny).

const ACCOUNT = '111122223333';
const PARTNER = '444455556666';
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const TEAMS = ['payments', 'ledger', 'search', 'reports', 'identity', 'billing', 'media', 'orders', 'ml', 'audit'];
const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];
const USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
const GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

/** A small seeded PRNG (mulberry32), so every run measures the same documents. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, list) => list[Math.floor(r() * list.length)];
const roles = (r, n, kind) => Array.from({ length: n }, (_, i) => `arn:aws:iam::${ACCOUNT}:role/${pick(r, TEAMS)}-${kind}-${i + 1}`);

const TEMPLATES = [
  (r, i) => ({
    Sid: `Allow access for key administrators ${i}`,
    Effect: 'Allow',
    Principal: { AWS: roles(r, 2 + Math.floor(r() * 3), 'admin') },
    Action: ADMIN_ACTIONS,
    Resource: '*',
  }),
  (r, i) => ({
    Sid: `Allow use of the key ${i}`,
    Effect: 'Allow',
    Principal: { AWS: roles(r, 2 + Math.floor(r() * 4), 'app') },
    Action: USE_ACTIONS,
    Resource: '*',
  }),
  (r, i) => ({
    Sid: `Allow attachment of persistent resources ${i}`,
    Effect: 'Allow',
    Principal: { AWS: roles(r, 2, 'app') },
    Action: GRANT_ACTIONS,
    Resource: '*',
    Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  }),
  (r, i) => {
    const region = pick(r, REGIONS);
    return {
      Sid: `Allow CloudWatch Logs ${i}`,
      Effect: 'Allow',
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${ACCOUNT}:log-group:/app/${pick(r, TEAMS)}/*` },
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
      },
    };
  },
  (r, i) => ({
    Sid: `Allow the partner account through S3 ${i}`,
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${PARTNER}:role/${pick(r, TEAMS)}-reader` },
    Action: ['kms:Decrypt', 'kms:DescribeKey'],
    Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': `s3.${pick(r, REGIONS)}.amazonaws.com`, 'kms:CallerAccount': PARTNER } },
  }),
  (r, i) => {
    const tenant = `tenant-${Math.floor(r() * 100000)}`;
    return {
      Sid: `Tenant ${tenant} may decrypt its own data ${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${tenant}` },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:EncryptionContext:tenant': tenant },
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant', 'purpose'] },
      },
    };
  },
  (r, i) => ({
    Sid: `Only break-glass may delete the key ${i}`,
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'],
    Resource: '*',
    Condition: {
      ArnNotLike: {
        'aws:PrincipalArn': [`arn:aws:iam::${ACCOUNT}:role/break-glass`, `arn:aws:iam::${ACCOUNT}:role/${pick(r, TEAMS)}-admin-*`],
      },
    },
  }),
];

const ROOT_STATEMENT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
};

const utf8 = (s) => Buffer.byteLength(s, 'utf8');

/**
 * A key policy of at most `maxBytes` UTF-8 bytes (4-space indentation, as the KMS console writes it),
 * grown statement by statement until the next one would not fit.
 */
export function generatePolicy(maxBytes, seed = 1) {
  const r = rng(seed);
  const statements = [ROOT_STATEMENT];
  const render = () => JSON.stringify({ Version: '2012-10-17', Id: `key-policy-${seed}`, Statement: statements }, null, 4);
  let text = render();
  for (let i = 0; ; i++) {
    statements.push(TEMPLATES[i % TEMPLATES.length](r, i + 1));
    const next = render();
    if (utf8(next) > maxBytes) {
      statements.pop();
      return text;
    }
    text = next;
  }
}

/** A policy with typical mistakes (wrong-case Effect, a typo'd action), for throughput runs. */
export function generateFlawedPolicy(maxBytes, seed = 1) {
  return generatePolicy(maxBytes, seed)
    .replace(
      '"Effect": "Allow",\n            "Principal": {\n                "AWS": [',
      '"Effect": "allow",\n            "Principal": {\n                "AWS": [',
    )
    .replace('"kms:Decrypt"', '"kms:Decrpyt"');
}

/** The typical key: the console's default policy (root, key administrators, key users, grants), about 2 KB. */
export function typicalPolicy() {
  const r = rng(7);
  const users = roles(r, 2, 'app');
  const statements = [
    ROOT_STATEMENT,
    {
      Sid: 'Allow access for Key Administrators',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` },
      Action: ADMIN_ACTIONS,
      Resource: '*',
    },
    { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: users }, Action: USE_ACTIONS, Resource: '*' },
    {
      Sid: 'Allow attachment of persistent resources',
      Effect: 'Allow',
      Principal: { AWS: users },
      Action: GRANT_ACTIONS,
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ];
  return JSON.stringify({ Version: '2012-10-17', Id: 'key-consolepolicy-3', Statement: statements }, null, 4);
}
