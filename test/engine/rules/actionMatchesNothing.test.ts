import { allow, ruleTester } from './ruleTester';

ruleTester('KP204', {
  valid: [
    {
      name: 'plain names, patterns that match, other services and wildcard services that miss kms',
      text: [allow('*', ['kms:Get*', 'kms:get?eypolicy', 's3:Nothing*', 'kms:Nothing', 's*:Foo*', 'kms:Decrypt*'])],
    },
  ],
  invalid: [
    {
      name: 'a kms pattern that matches no action',
      text: [allow('*', ['kms:Foo*', 'kms:Decrypt*'])],
      errors: [{ at: '"kms:Foo*"', message: /"kms:Foo\*" matches no KMS action, so it never applies/ }],
    },
    {
      name: 'a wildcard-service pattern that covers kms, beside names and other services',
      text: [allow('*', ['k*:Nothing?', 'kms:Get*', 'kms:get?eypolicy', 's3:Nothing*', 'kms:Nothing', 's*:Foo*'])],
      errors: [
        {
          at: '"k*:Nothing?"',
          message: '"k*:Nothing?" matches no KMS action, so it never applies. Check the spelling of the part before the wildcard.',
        },
      ],
    },
  ],
});
