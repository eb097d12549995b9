import { allow, policyText, ruleTester, swap } from './ruleTester';

const DENI = policyText([{ ...allow('*', 'kms:Decrypt'), Effect: 'Deni' }]);

ruleTester('KP108', {
  valid: [{ name: 'Allow and Deny', text: [allow('*', 'kms:Decrypt'), { ...allow('*', 'kms:Decrypt'), Effect: 'Deny' }] }],
  invalid: [
    {
      name: 'a wrong-case Effect, with one preferred fix',
      text: [{ ...allow('*', 'kms:Decrypt'), Effect: 'allow' }],
      errors: [
        {
          at: '"allow"',
          message: /Effect values are case-sensitive: "allow" is rejected by KMS\. Write "Allow"\./,
          fixes: [{ title: 'Change to "Allow"', preferred: true }],
          output: policyText([allow('*', 'kms:Decrypt')]),
        },
      ],
    },
    {
      name: 'other values: both effects offered, nearest first',
      text: DENI,
      errors: [
        {
          at: '"Deni"',
          message: /"Deni" is not a valid Effect; KMS rejects the policy\. Use "Allow" or "Deny"\./,
          fixes: [
            { title: 'Change to "Deny"', output: swap(DENI, '"Deni"', '"Deny"') },
            { title: 'Change to "Allow"', output: swap(DENI, '"Deni"', '"Allow"') },
          ],
        },
      ],
    },
  ],
});
