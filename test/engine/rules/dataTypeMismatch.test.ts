import { allow, pretty, ruleTester } from './ruleTester';

const REWRITE = ' KMS rejects the policy as malformed; rewrite the value.';

ruleTester('KP101', {
  valid: [
    {
      name: 'well-typed elements, numbers and booleans in conditions',
      text: [
        allow({ AWS: ['arn:aws:iam::111122223333:root'], Service: 'logs.us-east-1.amazonaws.com' }, ['kms:Decrypt'], {
          Bool: { 'kms:GrantIsForAWSResource': true },
          NumericLessThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': [7, '30'] },
        }),
        { Sid: 'Deny', Effect: 'Deny', Principal: '*', NotAction: 'kms:Describe*', NotResource: ['*'] },
      ],
    },
  ],
  invalid: [
    {
      name: 'a number Effect, on its value',
      text: '{"Version": "2012-10-17", "Statement": [{"Effect": 1, "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}',
      errors: [{ at: '1', pointer: '/Statement/0/Effect', message: /"Effect" must be the string "Allow" or "Deny", not a number/ }],
    },
    {
      name: 'each non-string item of Action, Resource and a principal list, and a list Sid',
      text: [{ Sid: ['x'], Effect: 'Allow', Principal: { AWS: ['111122223333', 7] }, Action: ['kms:Decrypt', { a: 1 }], Resource: [null] }],
      errors: [
        { at: pretty(['x'], 3), pointer: '/Statement/0/Sid', message: '"Sid" must be a string, not an array.' + REWRITE },
        {
          at: '7',
          pointer: '/Statement/0/Principal/AWS/1',
          message: 'Each item of "Principal.AWS" must be a string, not a number.' + REWRITE,
        },
        {
          at: pretty({ a: 1 }, 4),
          pointer: '/Statement/0/Action/1',
          message: 'Each item of "Action" must be a string, not an object.' + REWRITE,
        },
        { at: 'null', pointer: '/Statement/0/Resource/0', message: 'Each item of "Resource" must be a string, not null.' + REWRITE },
      ],
    },
    {
      name: 'the shape of Statement, Version, Id and Condition',
      text: JSON.stringify({
        Version: 2012,
        Id: true,
        Statement: [
          'not a statement',
          {
            Effect: 'Allow',
            Principal: ['*'],
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: 'x', Bool: { 'aws:SecureTransport': { nested: true } }, StringLike: { 'kms:ViaService': [['a']] } },
          },
        ],
      }),
      errors: [
        { at: '2012', pointer: '/Version', message: '"Version" must be a string such as "2012-10-17", not a number.' + REWRITE },
        { at: 'true', pointer: '/Id', message: '"Id" must be a string, not a boolean.' + REWRITE },
        {
          at: '"not a statement"',
          pointer: '/Statement/0',
          message: 'Each item of "Statement" must be a statement object, not a string.' + REWRITE,
        },
        {
          at: '["*"]',
          pointer: '/Statement/1/Principal',
          message: '"Principal" must be "*" or an object such as {"AWS": [...]}, not an array.' + REWRITE,
        },
        {
          at: '"x"',
          pointer: '/Statement/1/Condition/StringEquals',
          message: /^The value of operator "StringEquals" must be an object of condition keys, .*, not a string\./,
        },
        {
          at: '{"nested":true}',
          pointer: '/Statement/1/Condition/Bool/aws:SecureTransport',
          message: /^The value of condition key "aws:SecureTransport" must be a string, number or boolean, or an array of them, not an object\./,
        },
        {
          at: '["a"]',
          pointer: '/Statement/1/Condition/StringLike/kms:ViaService/0',
          message: /^Each value of condition key "kms:ViaService" must be a string, number or boolean, not an array\./,
        },
      ],
    },
    {
      name: 'a string Statement',
      text: '{"Version":"2012-10-17","Statement": "x"}',
      errors: [{ at: '"x"', message: /"Statement" must be an object or an array of statement objects, not a string/ }],
    },
  ],
});
