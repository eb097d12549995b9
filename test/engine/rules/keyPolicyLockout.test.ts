import { allow, deny, pretty, ruleTester } from './ruleTester';

const A = '111122223333';
const ROOT = { AWS: `arn:aws:iam::${A}:root` };
const ADMIN = { AWS: `arn:aws:iam::${A}:role/Admin` };
const LOCKED_OUT = /^Nobody can call kms:PutKeyPolicy under this policy/;
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const on = (resource: string) => ({ ...allow(ROOT, 'kms:*'), Resource: resource });
const SPARE_ADMIN = { Effect: 'Deny', NotPrincipal: { AWS: [ADMIN.AWS, `arn:aws:iam::${A}:root`] }, Action: 'kms:*', Resource: '*' };

/** The AWS managed key policy of aws/ebs (K:services-ebs.md), with or without the Id AWS gives it. */
const EBS_USE = allow({ AWS: '*' }, ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'], {
  StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'kms:CallerAccount': A },
});
const EBS_METADATA = allow(ROOT, ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant']);
const withId = (id: string, statements: readonly unknown[]): string => JSON.stringify({ Version: '2012-10-17', Id: id, Statement: statements }, null, 2);

ruleTester('KP601', {
  context: { account: A },
  valid: [
    { name: 'the account can put the policy', text: [allow(ROOT, 'kms:*')] },
    { name: 'a named admin can', text: [allow(ADMIN, 'kms:Put*')] },
    { name: '"*" of the account can', text: [allow('*', 'kms:*', { StringEquals: { 'kms:CallerAccount': A } })] },
    { name: "an empty Statement is another rule's business", text: '{"Version":"2012-10-17","Statement":[]}' },
    // main reported these: an AWS managed key's policy gives nobody PutKeyPolicy because AWS maintains it.
    { name: 'an AWS managed key policy, by its Id', text: withId('auto-ebs-2', [EBS_USE, EBS_METADATA]) },
    { name: 'an AWS managed key policy, by its shape (a copy without the Id)', text: [EBS_USE, EBS_METADATA] },
    {
      name: "the root statement on the key's own ARN, the key ARN unknown: it may be this key",
      text: [on(KEY)],
      context: { account: A, region: 'us-east-1' },
    },
    { name: "the root statement on a pattern of the account's keys", text: [on(`arn:aws:kms:*:${A}:key/*`)] },
  ],
  invalid: [
    {
      name: 'the managed shape with another statement is a customer policy: a real lockout',
      text: withId('key-default-1', [EBS_USE, EBS_METADATA, allow(ADMIN, 'kms:Decrypt')]),
      errors: [{ at: '"Statement"', message: LOCKED_OUT }],
    },
    {
      name: 'the use statement pinned by kms:ViaService alone is not the managed shape',
      text: [allow({ AWS: '*' }, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } }), EBS_METADATA],
      errors: [{ at: '"Statement"', message: LOCKED_OUT }],
    },
    {
      name: 'a policy nobody can change, at the Statement member',
      text: [allow(ADMIN, ['kms:Decrypt', 'kms:Encrypt'])],
      errors: [{ at: '"Statement"', message: LOCKED_OUT }],
    },
    {
      name: 'a Deny removes PutKeyPolicy from everyone',
      text: [allow(ROOT, 'kms:*'), deny('*', 'kms:PutKeyPolicy')],
      errors: [{ at: '"Statement"', message: LOCKED_OUT }],
    },
    {
      name: 'only another account holds it',
      text: [allow({ AWS: 'arn:aws:iam::444455556666:root' }, 'kms:*')],
      errors: [{ at: '"Statement"', message: LOCKED_OUT }],
    },
    {
      name: "the root statement on another account's key never applies",
      text: [on('arn:aws:kms:us-east-1:444455556666:key/*')],
      errors: [{ at: '"Statement"', message: LOCKED_OUT }],
    },
    {
      name: 'the root statement on another key, the key ARN known',
      text: [on(`arn:aws:kms:us-east-1:${A}:key/other`)],
      context: { account: A, keyArn: KEY },
      errors: [{ at: '"Statement"', message: LOCKED_OUT }],
    },
    {
      name: "the admin role's sessions are denied by a NotPrincipal Deny that lists the role but not their session ARNs",
      text: [allow(ADMIN, 'kms:*'), SPARE_ADMIN],
      errors: [{ at: '"Statement"', message: LOCKED_OUT }],
    },
  ],
});

ruleTester('KP602', {
  context: { account: A },
  valid: [
    { name: 'a sturdy delegation', text: [allow(ROOT, 'kms:*'), allow(ADMIN, 'kms:*')] },
    { name: "a hard lockout is KP601's", text: [allow(ADMIN, 'kms:Decrypt')] },
    { name: "a policy with an AWS managed key's Id is AWS's to maintain", text: withId('auto-secretsmanager-1', [allow(ADMIN, 'kms:*')]) },
    {
      name: 'the admin role is no holder when a NotPrincipal Deny denies its sessions (KP601)',
      text: [allow(ADMIN, 'kms:*'), SPARE_ADMIN],
    },
    { name: "the root statement on the key's own ARN, the key ARN unknown", text: [on(KEY)], context: { account: A, region: 'us-east-1' } },
  ],
  invalid: [
    {
      name: 'only named principals can put the policy',
      text: [allow(ADMIN, 'kms:*')],
      errors: [
        {
          at: pretty(ADMIN, 3),
          pointer: '/Statement/0/Principal',
          message: /Only named principals can call kms:PutKeyPolicy \(arn:aws:iam::111122223333:role\/Admin\)/,
        },
      ],
    },
    {
      name: 'delegation that hangs on changeable facts, pointing at each holder',
      text: [
        allow(ROOT, 'kms:*', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
        allow(ADMIN, 'kms:PutKeyPolicy', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      ],
      errors: [
        {
          at: pretty(ROOT, 3),
          pointer: '/Statement/0/Principal',
          message: /^Access to kms:PutKeyPolicy for 111122223333 depends on facts that change/,
          related: [pretty(ADMIN, 3)],
        },
      ],
    },
  ],
});
