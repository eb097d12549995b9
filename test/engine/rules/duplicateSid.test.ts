import { allow, ruleTester } from './ruleTester';

ruleTester('KP113', {
  valid: [
    {
      name: 'distinct Sids, Sids that differ in case or spacing, and repeated empty Sids',
      text: [
        { Sid: 'Enable IAM User Permissions', ...allow('*', 'kms:Decrypt') },
        { Sid: 'enable IAM user permissions', ...allow('*', 'kms:Encrypt') },
        { Sid: '', ...allow('*', 'kms:Encrypt') },
        { Sid: '', ...allow('*', 'kms:Sign') },
        allow('*', 'kms:Verify'),
      ],
    },
  ],
  invalid: [
    {
      name: 'a repeated Sid, at the second statement, pointing back at the first',
      text: [
        { Sid: 'Key users', ...allow('*', 'kms:Decrypt') },
        { Sid: 'Key users', ...allow('*', 'kms:Encrypt') },
      ],
      errors: [{ at: '"Key users"', pointer: '/Statement/1/Sid', message: /Sid "Key users" is already used by another statement/, related: [{ at: '"Key users"', pointer: '/Statement/0/Sid' }] }],
    },
  ],
});
