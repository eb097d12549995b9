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
      errors: [{ at: '"Sid": "Guard"', message: /no "Action" or "NotAction": KMS accepts it but it never applies, so it denies nothing/ }],
    },
  ],
});
