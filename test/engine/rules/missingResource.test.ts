import { policyText, ruleTester } from './ruleTester';

const STATEMENT = { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt' };
// KMS rejects such a statement since 18 August 2025 (SEMANTICS §1); main said it was accepted.
const NO_RESOURCE = /^This statement has no "Resource": KMS rejects the policy \(a key that already holds such a statement ignores it\)\./;

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
      errors: [
        {
          at: '{',
          pointer: '/Statement/0',
          message:
            'This statement has no "Resource": KMS rejects the policy (a key that already holds such a statement ignores it). Add "Resource": "*" (in a key policy, "*" means this key).',
          output: policyText([{ ...STATEMENT, Resource: '*' }]),
        },
      ],
    },
    {
      name: 'a statement with a Sid, at the Sid',
      text: [{ Sid: 'S', ...STATEMENT }],
      errors: [
        {
          at: '"Sid": "S"',
          message: NO_RESOURCE,
          fixes: [{ title: 'Add "Resource": "*"', preferred: true }],
          output: policyText([{ Sid: 'S', ...STATEMENT, Resource: '*' }]),
        },
      ],
    },
    {
      name: 'an empty statement: the member goes between the braces',
      text: '{"Version": "2012-10-17", "Statement": [{}]}',
      errors: [{ at: '{', pointer: '/Statement/0', message: NO_RESOURCE, output: '{"Version": "2012-10-17", "Statement": [{ "Resource": "*" }]}' }],
    },
  ],
});
