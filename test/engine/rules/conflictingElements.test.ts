import { ruleTester } from './ruleTester';

ruleTester('KP112', {
  valid: [
    {
      name: 'each pair used once',
      text: [{ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, NotAction: 'kms:Describe*', Resource: '*' }],
    },
  ],
  invalid: [
    {
      name: 'each exclusive pair at the later element, pointing back at the earlier one',
      text: [
        {
          Effect: 'Allow',
          Principal: '*',
          NotPrincipal: { AWS: '111122223333' },
          NotAction: 'kms:Put*',
          Action: 'kms:Decrypt',
          Resource: '*',
          NotResource: '*',
        },
      ],
      errors: [
        {
          at: '"NotPrincipal"',
          message:
            'A statement may use "Principal" or "NotPrincipal", not both; KMS rejects the policy. Keep one and move the other into a separate statement.',
          related: ['"Principal"'],
        },
        { at: '"Action"', message: /may use "Action" or "NotAction", not both; KMS rejects the policy/, related: ['"NotAction"'] },
        { at: '"NotResource"', message: /may use "Resource" or "NotResource", not both/, related: ['"Resource"'] },
      ],
    },
    {
      name: 'one pair alone, in a Deny',
      text: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', NotResource: 'arn:aws:kms:us-east-1:111122223333:key/k' }],
      errors: [
        {
          at: '"NotResource"',
          message: 'A statement may use "Resource" or "NotResource", not both; KMS rejects the policy. Keep one and move the other into a separate statement.',
          related: ['"Resource"'],
        },
      ],
    },
  ],
});
