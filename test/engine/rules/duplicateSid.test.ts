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
      errors: [
        {
          at: '"Key users"',
          pointer: '/Statement/1/Sid',
          message: /Sid "Key users" is already used by another statement/,
          related: [{ at: '"Key users"', pointer: '/Statement/0/Sid' }],
        },
      ],
    },
    {
      name: 'a Sid used three times: each repeat points at the first',
      text: [
        { Sid: 'A', ...allow('*', 'kms:Decrypt') },
        { Sid: 'A', ...allow('*', 'kms:Encrypt') },
        { Sid: 'A', ...allow('*', 'kms:Sign') },
      ],
      errors: [
        {
          at: '"A"',
          pointer: '/Statement/1/Sid',
          message: /^Sid "A" is already used by another statement\. Duplicate Sids can make KMS reject the policy/,
          related: [{ at: '"A"', pointer: '/Statement/0/Sid' }],
        },
        {
          at: '"A"',
          pointer: '/Statement/2/Sid',
          message: /^Sid "A" is already used/,
          related: [{ at: '"A"', pointer: '/Statement/0/Sid' }],
        },
      ],
    },
  ],
});
