import { allow, deny, policyText, ruleTester } from './ruleTester';

ruleTester('KP201', {
  valid: [
    {
      name: 'real actions in any case, patterns, "*", other services and NotAction',
      text: [
        allow('*', ['kms:decrypt', 'KMS:DescribeKey', 'kms:Get*', '*', 's3:GetObject', 'kms:Foo*']),
        { ...allow('*', []), Action: undefined, NotAction: 'kms:ScheduleKeyDeletion' },
      ],
    },
  ],
  invalid: [
    {
      name: 'a misspelt kms action, with a preferred fix to the real one',
      text: [allow('*', ['kms:Decrpyt', 'kms:Encrypt'])],
      errors: [
        {
          at: '"kms:Decrpyt"',
          message: /"kms:Decrpyt" is not a KMS action, so it never matches and this grants nothing for it\. Did you mean "kms:Decrypt"\?/,
          fixes: [{ title: 'Change to kms:Decrypt', preferred: true }],
          output: policyText([allow('*', ['kms:Decrypt', 'kms:Encrypt'])]),
        },
      ],
    },
    {
      name: 'several near actions, none preferred; a Deny protects nothing',
      text: [deny('*', 'kms:GenerateDataKeys')],
      errors: [
        {
          at: '"kms:GenerateDataKeys"',
          message: /this Deny protects nothing for it\. Did you mean "kms:GenerateDataKey" or "kms:GenerateDataKeyPair"\?$/,
          fixes: ['Change to kms:GenerateDataKey', 'Change to kms:GenerateDataKeyPair'],
        },
      ],
    },
    {
      name: 'nothing near',
      text: [allow('*', 'kms:Xyzzy')],
      errors: [{ at: '"kms:Xyzzy"', message: /Check the name against the AWS KMS API reference\./, fixes: [] }],
    },
  ],
});
