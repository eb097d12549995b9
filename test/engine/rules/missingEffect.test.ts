import { ruleTester } from './ruleTester';

ruleTester('KP107', {
  valid: [
    {
      name: 'Effect present in any form, or misspelt in case (KP102)',
      text: '{"Statement": [{"Effect": "allow"}, {"Effect": 3}, {"EFFECT": "Allow"}]}',
    },
    { name: 'a statement that is not an object (KP101)', text: '{"Statement": ["x"]}' },
  ],
  invalid: [
    {
      name: 'a statement without Effect, at its Sid',
      text: [{ Sid: 'Users', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }],
      errors: [{ at: '"Sid": "Users"', message: /no "Effect"; KMS rejects the policy\. Add "Effect": "Allow" or "Effect": "Deny"\./ }],
    },
    {
      name: 'a statement without Effect or Sid, at its brace',
      text: '{"Statement": [{"Principal": "*"}]}',
      errors: [
        {
          at: '{',
          pointer: '/Statement/0',
          message: 'This statement has no "Effect"; KMS rejects the policy. Add "Effect": "Allow" or "Effect": "Deny".',
        },
      ],
    },
  ],
});
