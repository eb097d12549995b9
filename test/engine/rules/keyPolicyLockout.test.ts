import { allow, deny, pretty, ruleTester } from './ruleTester';

const A = '111122223333';
const ROOT = { AWS: `arn:aws:iam::${A}:root` };
const ADMIN = { AWS: `arn:aws:iam::${A}:role/Admin` };
const LOCKED_OUT = /^Nobody can call kms:PutKeyPolicy under this policy/;
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const on = (resource: string) => ({ ...allow(ROOT, 'kms:*'), Resource: resource });
const SPARE_ADMIN = { Effect: 'Deny', NotPrincipal: { AWS: [ADMIN.AWS, `arn:aws:iam::${A}:root`] }, Action: 'kms:*', Resource: '*' };

ruleTester('KP601', {
  context: { account: A },
  valid: [
    { name: 'the account can put the policy', text: [allow(ROOT, 'kms:*')] },
    { name: 'a named admin can', text: [allow(ADMIN, 'kms:Put*')] },
    { name: '"*" of the account can', text: [allow('*', 'kms:*', { StringEquals: { 'kms:CallerAccount': A } })] },
    { name: "an empty Statement is another rule's business", text: '{"Version":"2012-10-17","Statement":[]}' },
    {
      name: "the root statement on the key's own ARN, the key ARN unknown: it may be this key",
      text: [on(KEY)],
      context: { account: A, region: 'us-east-1' },
    },
    { name: "the root statement on a pattern of the account's keys", text: [on(`arn:aws:kms:*:${A}:key/*`)] },
  ],
  invalid: [
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
