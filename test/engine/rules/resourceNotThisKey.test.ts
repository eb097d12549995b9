import { policyText, ruleTester, swap } from './ruleTester';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY = 'arn:aws:kms:us-east-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab';
const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const on = (resource: unknown, element = 'Resource') => policyText([{ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', [element]: resource }]);
const KEY_ARN = on(KEY);
const OTHER = on([OTHER_KEY]);
const BESIDE_STAR = on(['*', KEY]);
const TWO_WRONG = on(['arn:aws:kms:us-east-1:111122223333:key/a', 'arn:aws:kms:us-east-1:111122223333:key/b']);
const NOT_RESOURCE = on(KEY, 'NotResource');

ruleTester('KP501', {
  valid: [
    { name: '"*"', text: on('*') },
    { name: '"*" with the key ARN known', text: on('*'), context: { keyArn: KEY } },
    { name: "this key's ARN, when known", text: KEY_ARN, context: { keyArn: KEY } },
    { name: 'a glob that matches this key', text: on('arn:aws:kms:us-east-1:111122223333:key/*'), context: { keyArn: KEY } },
    { name: 'an empty list (KP117)', text: on([]) },
    {
      name: 'every key of the account, the account and Region known',
      text: on('arn:aws:kms:us-east-1:111122223333:key/*'),
      context: { account: '111122223333', region: 'us-east-1' },
    },
  ],
  invalid: [
    {
      name: 'a key ARN while the key ARN is unknown: the fix writes "*"',
      text: KEY_ARN,
      errors: [{ at: `"${KEY}"`, message: /a key policy only ever governs its own key/, output: swap(KEY_ARN, `"${KEY}"`, '"*"') }],
    },
    {
      name: 'another key never matches, when the key ARN is known',
      text: OTHER,
      context: { keyArn: KEY },
      errors: [
        {
          at: `"${OTHER_KEY}"`,
          message: /does not match this key .*so the statement never applies/,
          output: swap(OTHER, `"${OTHER_KEY}"`, '"*"'),
        },
      ],
    },
    {
      name: 'an alias ARN',
      text: on('arn:aws:kms:us-east-1:111122223333:alias/app'),
      errors: [{ at: '"arn:aws:kms:us-east-1:111122223333:alias/app"', message: /an alias ARN never matches/ }],
    },
    {
      name: 'an item beside "*" is unnecessary info, and removed',
      text: BESIDE_STAR,
      errors: [
        {
          at: `"${KEY}"`,
          severity: 'info',
          unnecessary: true,
          message: /adds nothing beside "\*", which already means this key in a key policy; remove it\.$/,
          output: swap(BESIDE_STAR, `,\n        "${KEY}"`, ''),
        },
      ],
    },
    {
      name: 'a whole list of wrong ARNs is replaced with "*"',
      text: TWO_WRONG,
      errors: [
        {
          at: '"arn:aws:kms:us-east-1:111122223333:key/a"',
          message: /^Resource "arn:aws:kms:us-east-1:111122223333:key\/a" in a key policy: /,
          fixes: [{ title: 'Replace the Resource list with "*"', preferred: true, output: on('*') }],
        },
        {
          at: '"arn:aws:kms:us-east-1:111122223333:key/b"',
          message: /^Resource "arn:aws:kms:us-east-1:111122223333:key\/b" in a key policy: /,
          output: on('*'),
        },
      ],
    },
    {
      name: "another account's key, the key's account known: never applies",
      text: on('arn:aws:kms:us-east-1:444455556666:key/abc'),
      context: { account: '111122223333' },
      errors: [
        {
          at: '"arn:aws:kms:us-east-1:444455556666:key/abc"',
          message:
            'Resource "arn:aws:kms:us-east-1:444455556666:key/abc" in a key policy: it names account 444455556666, not this key\'s account 111122223333, so the statement never applies. Use "*", which means this key.',
        },
      ],
    },
    {
      name: "another Region, the key's Region known: never applies",
      text: on('arn:aws:kms:eu-west-1:111122223333:key/abc'),
      context: { account: '111122223333', region: 'us-east-1' },
      errors: [
        {
          at: '"arn:aws:kms:eu-west-1:111122223333:key/abc"',
          message: /: it names Region eu-west-1, not this key's Region us-east-1, so the statement never applies\./,
        },
      ],
    },
    {
      name: "another service's ARN never applies",
      text: on('arn:aws:s3:::bucket'),
      errors: [{ at: '"arn:aws:s3:::bucket"', message: /: it is not a KMS key ARN, so the statement never applies\./ }],
    },
    {
      name: 'an ARN that may be this key, beside one that matches it, adds nothing',
      text: on(['arn:aws:kms:*:111122223333:key/*', KEY]),
      context: { account: '111122223333' },
      errors: [
        {
          at: `"${KEY}"`,
          severity: 'info',
          unnecessary: true,
          message: `"${KEY}" adds nothing: this statement already applies to this key through the other Resource entry. Remove it.`,
        },
      ],
    },
    {
      name: 'NotResource, at the element name: rewritten as Resource "*"',
      text: NOT_RESOURCE,
      errors: [
        {
          at: '"NotResource"',
          message: /NotResource in a key policy/,
          output: swap(NOT_RESOURCE, `"NotResource": "${KEY}"`, '"Resource": "*"'),
        },
      ],
    },
  ],
});
