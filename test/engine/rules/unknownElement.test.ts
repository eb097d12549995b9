import { policyText, ruleTester, swap } from './ruleTester';

const BASE = { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };
const WRONG_CASE = policyText([{ effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }]);
const TOP = JSON.stringify({ Version: '2012-10-17', Statment: [BASE] });
const WRONG_LEVEL = JSON.stringify({
  Version: '2012-10-17',
  Effect: 'Allow',
  Statement: [{ ...BASE, Comment: 'x', Version: '2012-10-17' }],
});

ruleTester('KP102', {
  valid: [
    {
      name: 'every documented element',
      text: JSON.stringify({
        Version: '2012-10-17',
        Id: 'key-policy',
        Statement: [
          { Sid: 'A b', ...BASE, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
          { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, NotAction: 'kms:Describe*', NotResource: '*' },
        ],
      }),
    },
  ],
  invalid: [
    {
      name: 'a wrong-case element, with a preferred fix that restores the name',
      text: WRONG_CASE,
      errors: [
        {
          at: '"effect"',
          message: /"effect" is not an element of a statement; KMS rejects the policy\. Element names are case-sensitive: write "Effect"\./,
          fixes: [{ title: 'Change to "Effect"', preferred: true }],
          output: policyText([BASE]),
        },
      ],
    },
    {
      name: 'a misspelt top-level element: the nearest is suggested, not preferred',
      text: TOP,
      errors: [
        {
          at: '"Statment"',
          message: /Did you mean "Statement"\?/,
          fixes: ['Change to "Statement"'],
          output: swap(TOP, '"Statment"', '"Statement"'),
        },
      ],
    },
    {
      name: 'no rename that would duplicate an element already there',
      text: [{ ...BASE, Actions: ['kms:Decrypt'], Resorce: '*' }],
      errors: [
        {
          at: '"Actions"',
          message: /^"Actions" is not an element of a statement; KMS rejects the policy\. Did you mean "Action"\?$/,
          fixes: [],
        },
        { at: '"Resorce"', message: /Did you mean "Resource"\?$/, fixes: [] },
      ],
    },
    {
      name: 'the element list when nothing is close, and elements at the wrong level',
      text: WRONG_LEVEL,
      errors: [
        {
          at: '"Effect"',
          message: /"Effect" belongs in a statement, not in a key policy/,
          fixes: [
            {
              title: 'Remove "Effect"',
              output: swap(WRONG_LEVEL, '{"Version":"2012-10-17","Effect":"Allow",', '{"Version":"2012-10-17",'),
            },
          ],
        },
        {
          at: '"Comment"',
          fixes: [],
          message: /A statement may only use "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"\./,
        },
        {
          at: '"Version"',
          pointer: '/Statement/0/Version',
          message: /"Version" belongs in the top level of the policy, not in a statement/,
          fixes: [{ title: 'Remove "Version"', output: swap(WRONG_LEVEL, ',"Version":"2012-10-17"}', '}') }],
        },
      ],
    },
  ],
});
