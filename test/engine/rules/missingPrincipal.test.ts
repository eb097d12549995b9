import { ruleTester } from './ruleTester';

const NO_ONE = [{ Sid: 'NoOne', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }];

ruleTester('KP111', {
  valid: [
    {
      name: 'Principal or NotPrincipal',
      text: [
        { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
        { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'kms:Decrypt', Resource: '*' },
      ],
    },
  ],
  invalid: [
    {
      name: 'a statement without Principal, suggesting the key account when known',
      text: NO_ONE,
      context: { account: '444455556666' },
      errors: [{ at: '"Sid": "NoOne"', message: /no "Principal".*"Principal": \{"AWS": "arn:aws:iam::444455556666:root"\}/ }],
    },
    {
      name: 'the key account unknown',
      text: NO_ONE,
      errors: [
        {
          at: '"Sid": "NoOne"',
          message:
            /^This statement has no "Principal": a key policy is a resource policy, .* Add e\.g\. "Principal": \{"AWS": "arn:aws:iam::111122223333:root"\}\.$/,
        },
      ],
    },
  ],
});
