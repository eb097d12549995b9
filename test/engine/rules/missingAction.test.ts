import { ruleTester } from './ruleTester';

ruleTester('KP109', {
  valid: [
    {
      name: 'Action (even empty), NotAction, or a misspelt "action" (KP102)',
      text: [
        { Effect: 'Allow', Principal: '*', Action: [], Resource: '*' },
        { Effect: 'Deny', Principal: '*', NotAction: 'kms:Describe*', Resource: '*' },
        { Effect: 'Allow', Principal: '*', action: 'kms:Decrypt', Resource: '*' },
      ],
    },
  ],
  invalid: [
    {
      name: 'a statement with neither Action nor NotAction, at its Sid',
      text: [{ Sid: 'Guard', Effect: 'Deny', Principal: '*', Resource: '*' }],
      errors: [
        {
          at: '"Sid": "Guard"',
          message: /no "Action" or "NotAction": KMS rejects the policy \(a key that already holds such a statement ignores it, so it denies nothing\)/,
        },
      ],
    },
    {
      name: 'an Allow without Sid, at its brace',
      text: [{ Effect: 'Allow', Principal: '*', Resource: '*' }],
      errors: [
        {
          at: '{',
          pointer: '/Statement/0',
          message:
            'This statement has no "Action" or "NotAction": KMS rejects the policy (a key that already holds such a statement ignores it, so it allows nothing). Add "Action" with the kms: actions it is meant for.',
        },
      ],
    },
  ],
});
