import { policyText, ruleTester } from './ruleTester';

const STATEMENT = { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt' };

ruleTester('KP110', {
  valid: [
    {
      name: 'Resource or NotResource',
      text: [
        { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/x' },
        { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', NotResource: '*' },
      ],
    },
  ],
  invalid: [
    {
      name: 'a statement without Resource: the fix adds "Resource": "*"',
      text: [STATEMENT],
      errors: [{ at: '{', pointer: '/Statement/0', message: /no "Resource": KMS accepts it but it never applies\. Add "Resource": "\*"/, output: policyText([{ ...STATEMENT, Resource: '*' }]) }],
    },
  ],
});
