import { pretty, ruleTester } from './ruleTester';

ruleTester('KP117', {
  valid: [
    {
      name: 'something listed, and NotAction [] (which excludes nothing)',
      text: [
        { Effect: 'Allow', Principal: { AWS: [], Service: 'logs.us-east-1.amazonaws.com' }, Action: ['kms:Decrypt'], Resource: ['*'] },
        { Effect: 'Deny', Principal: '*', NotAction: [], Resource: '*' },
      ],
    },
    {
      name: 'NotPrincipal {} and NotResource [] exclude nothing',
      text: [{ Effect: 'Deny', NotPrincipal: {}, Action: 'kms:Decrypt', NotResource: [] }],
    },
  ],
  invalid: [
    {
      name: 'empty Action, Resource and Principal lists: info for an Allow, warning for a Deny',
      text: [
        { Effect: 'Allow', Principal: {}, Action: [], Resource: '*' },
        { Effect: 'Deny', Principal: { AWS: [] }, Action: 'kms:Decrypt', Resource: [] },
      ],
      errors: [
        {
          at: '{}',
          pointer: '/Statement/0/Principal',
          message: /^"Principal" is an empty object, so this statement can never match and grants nothing\./,
        },
        {
          at: '[]',
          pointer: '/Statement/0/Action',
          message: /"Action" is an empty list, so this statement can never match and grants nothing/,
        },
        {
          at: pretty({ AWS: [] }, 3),
          pointer: '/Statement/1/Principal',
          severity: 'warning',
          message: /"Principal" lists no principal, so this Deny never applies and protects nothing/,
        },
        {
          at: '[]',
          pointer: '/Statement/1/Resource',
          severity: 'warning',
          message: '"Resource" is an empty list, so this Deny never applies and protects nothing. List what it should deny, or delete the statement.',
        },
      ],
    },
    {
      name: 'a Principal whose every type lists nothing',
      text: [{ Effect: 'Allow', Principal: { AWS: [], Service: [] }, Action: 'kms:Decrypt', Resource: '*' }],
      errors: [
        {
          at: pretty({ AWS: [], Service: [] }, 3),
          message: '"Principal" lists no principal, so this statement can never match and grants nothing. List what it should cover, or delete the statement.',
        },
      ],
    },
  ],
});
