import { allow, policyText, ruleTester } from './ruleTester';

const APP = { AWS: 'arn:aws:iam::111122223333:role/App' };

ruleTester('KP207', {
  valid: [{ name: 'patterns that match other grant actions too', text: [allow('*', ['kms:*Grant', 'kms:Revoke*', 'kms:*'])] }],
  invalid: [
    {
      name: 'kms:RetireGrant, with a removal fix',
      text: [allow(APP, ['kms:Decrypt', 'kms:RetireGrant'])],
      errors: [
        {
          at: '"kms:RetireGrant"',
          message: /^kms:RetireGrant has no effect in a key policy: the grant decides who may retire it/,
          unnecessary: true,
          output: policyText([allow(APP, ['kms:Decrypt'])]),
        },
      ],
    },
    {
      name: 'a pattern that matches only kms:RetireGrant, without a fix (it is the whole element)',
      text: [allow('*', 'kms:Retire*')],
      errors: [{ at: '"kms:Retire*"', message: /"kms:Retire\*" matches only kms:RetireGrant, which has no effect/, unnecessary: true, fixes: [] }],
    },
  ],
});
