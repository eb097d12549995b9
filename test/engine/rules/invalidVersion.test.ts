import { allow, policyText, ruleTester } from './ruleTester';

const STATEMENTS = [allow('*', 'kms:Decrypt')];

ruleTester('KP103', {
  valid: [
    policyText(STATEMENTS),
    { name: 'a missing Version is left to KP104', text: JSON.stringify({ Statement: STATEMENTS }) },
    { name: 'a non-string Version is left to KP101', text: JSON.stringify({ Version: 1, Statement: STATEMENTS }) },
  ],
  invalid: [
    {
      name: 'a Version that is not a language version, with a preferred fix',
      text: policyText(STATEMENTS, '2024-01-01'),
      errors: [
        {
          at: '"2024-01-01"',
          message: /"2024-01-01" is not a policy language version; KMS rejects the policy\. Use "2012-10-17"/,
          fixes: [{ title: 'Change to "2012-10-17"', preferred: true }],
          output: policyText(STATEMENTS),
        },
      ],
    },
    {
      name: '2008-10-17 at info level',
      text: policyText(STATEMENTS, '2008-10-17'),
      errors: [
        {
          at: '"2008-10-17"',
          severity: 'info',
          message: /outdated policy language: policy variables such as \$\{aws:username\} are read literally/,
          output: policyText(STATEMENTS),
        },
      ],
    },
  ],
});
