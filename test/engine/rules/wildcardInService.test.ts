import { allow, policyText, ruleTester, swap } from './ruleTester';

const GLOBS = policyText([allow('*', ['k*:Decrypt', '*:Describe*', 's?:GetObject'])]);
const ALL_SERVICES = policyText([allow('*', ['*:*', 'K?S:Decrypt'])]);

ruleTester('KP203', {
  valid: [{ name: '"*" and plain prefixes', text: [allow('*', ['*', 'kms:*', 'kms:Get*'])] }],
  invalid: [
    {
      name: 'wildcard service prefixes: kms is written in when the glob covers it',
      text: GLOBS,
      errors: [
        {
          at: '"k*:Decrypt"',
          message: /The service prefix "k\*" contains a wildcard; in a key policy only kms actions count, so write "kms:Decrypt"/,
          output: swap(GLOBS, '"k*:Decrypt"', '"kms:Decrypt"'),
        },
        {
          at: '"*:Describe*"',
          message: 'The service prefix "*" contains a wildcard; in a key policy only kms actions count, so write "kms:Describe*" to say what you mean.',
          output: swap(GLOBS, '"*:Describe*"', '"kms:Describe*"'),
        },
        {
          at: '"s?:GetObject"',
          message: /does not match "kms", so "s\?:GetObject" has no effect in a key policy/,
          unnecessary: true,
          fixes: [],
        },
      ],
    },
    {
      name: 'every service, and a glob that matches kms in another case',
      text: ALL_SERVICES,
      errors: [
        {
          at: '"*:*"',
          message: /so write "kms:\*" to say what you mean\.$/,
          fixes: [{ title: 'Change to kms:*', preferred: true }],
          output: swap(ALL_SERVICES, '"*:*"', '"kms:*"'),
        },
        {
          at: '"K?S:Decrypt"',
          message: /^The service prefix "K\?S" contains a wildcard; .* write "kms:Decrypt"/,
          output: swap(ALL_SERVICES, '"K?S:Decrypt"', '"kms:Decrypt"'),
        },
      ],
    },
  ],
});
