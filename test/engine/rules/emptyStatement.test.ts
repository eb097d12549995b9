import { ruleTester } from './ruleTester';

ruleTester('KP106', {
  valid: ['{"Statement": {"Effect": "Allow"}}', '{"Statement": [{}]}'],
  invalid: [
    {
      name: 'an empty Statement list',
      text: '{"Version": "2012-10-17", "Statement": [ ]}',
      errors: [{ at: '[ ]', message: /"Statement" list is empty/ }],
    },
  ],
});
