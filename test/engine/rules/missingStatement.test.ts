import { policyText, ruleTester } from './ruleTester';

ruleTester('KP105', {
  valid: [
    policyText([]),
    { name: 'Statement of any shape (KP101)', text: '{"Version": "2012-10-17", "Statement": 3}' },
    { name: 'Statement misspelt in case (KP102)', text: '{"Version": "2012-10-17", "statement": []}' },
  ],
  invalid: [
    {
      name: 'a policy without Statement, at its opening brace',
      text: '{"Version": "2012-10-17"}',
      errors: [{ at: '{', message: /The policy has no "Statement"; KMS rejects it\./ }],
    },
  ],
});
