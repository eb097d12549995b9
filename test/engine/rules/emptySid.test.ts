import { allow, policyText, ruleTester } from './ruleTester';

ruleTester('KP114', {
  valid: [
    {
      name: 'Sids with spaces or punctuation',
      text: [
        { Sid: 'Enable IAM User Permissions', ...allow('*', 'kms:Decrypt') },
        { Sid: 'Allow use: key-users (prod)', ...allow('*', 'kms:Encrypt') },
      ],
    },
  ],
  invalid: [
    {
      name: 'an empty Sid: the fix removes the member',
      text: [{ Sid: '', ...allow('*', 'kms:Decrypt') }],
      errors: [
        {
          at: '""',
          message: 'This Sid is empty, so it labels nothing. Give the statement a descriptive Sid (spaces are allowed) or remove the element.',
          fixes: ['Remove the empty Sid'],
          output: policyText([allow('*', 'kms:Decrypt')]),
        },
      ],
    },
    {
      name: 'the only member of its statement: the braces stay',
      text: '{"Statement": [{"Sid": ""}]}',
      errors: [{ at: '""', message: /^This Sid is empty/, output: '{"Statement": [{}]}' }],
    },
  ],
});
