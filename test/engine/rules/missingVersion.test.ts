import { allow, policyText, ruleTester } from './ruleTester';

const STATEMENTS = [allow('*', 'kms:Decrypt')];

ruleTester('KP104', {
  valid: [
    policyText(STATEMENTS),
    { name: 'a wrong Version (KP101)', text: JSON.stringify({ Version: 7, Statement: STATEMENTS }) },
    { name: 'a Version misspelt in case (KP102)', text: JSON.stringify({ version: '2012-10-17', Statement: STATEMENTS }) },
  ],
  invalid: [
    {
      name: 'a policy without Version: the fix inserts it as the first member',
      text: JSON.stringify({ Statement: STATEMENTS }, null, 2),
      errors: [{ at: '{', pointer: '', message: /no "Version".*Add "Version": "2012-10-17"/, output: policyText(STATEMENTS) }],
    },
  ],
});
