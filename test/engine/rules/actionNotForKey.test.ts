import { allow, policyText, ruleTester } from './ruleTester';

ruleTester('KP206', {
  valid: [
    {
      name: 'patterns that also match key actions, RetireGrant alone, and NotAction',
      text: [
        allow('*', ['kms:List*', 'kms:Create*', 'kms:*', 'kms:RetireGrant', 'kms:ListRetirableGrants2']),
        { ...allow('*', []), Action: undefined, NotAction: 'kms:CreateKey' },
      ],
    },
  ],
  invalid: [
    {
      name: 'actions not authorized on a key, alone or as the only matches of a pattern',
      text: [allow('*', ['kms:CreateKey', 'kms:Decrypt', 'kms:listkeys', 'kms:*CustomKeyStore*', 'kms:GenerateRandom'])],
      errors: [
        {
          at: '"kms:CreateKey"',
          message:
            /^kms:CreateKey is not authorized on a key, so a key policy cannot allow or deny it: this entry has no effect\. Allow it in an IAM policy instead\.$/,
          unnecessary: true,
          output: policyText([allow('*', ['kms:Decrypt', 'kms:listkeys', 'kms:*CustomKeyStore*', 'kms:GenerateRandom'])]),
        },
        {
          at: '"kms:listkeys"',
          message:
            'kms:ListKeys is not authorized on a key, so a key policy cannot allow or deny it: this entry has no effect. Allow it in an IAM policy instead.',
          unnecessary: true,
        },
        {
          at: '"kms:*CustomKeyStore*"',
          message:
            /"kms:\*CustomKeyStore\*" matches only kms:ConnectCustomKeyStore, kms:CreateCustomKeyStore, kms:DeleteCustomKeyStore and 3 more, which are not authorized on a key/,
          unnecessary: true,
        },
        { at: '"kms:GenerateRandom"', message: /^kms:GenerateRandom is not authorized on a key/, unnecessary: true },
      ],
    },
    {
      name: 'a Deny of an action not authorized on a key is as useless',
      text: [{ ...allow('*', 'kms:CreateKey'), Effect: 'Deny' }],
      errors: [
        {
          at: '"kms:CreateKey"',
          message: /^kms:CreateKey is not authorized on a key, so a key policy cannot allow or deny it/,
          unnecessary: true,
          fixes: [],
        },
      ],
    },
  ],
});
