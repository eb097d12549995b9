import { policyText, ruleTester, swap } from './ruleTester';

const ROLE = 'arn:aws:iam::111122223333:role/Admin';
const notPrincipal = (effect: string, aws: unknown) => ({ Effect: effect, NotPrincipal: { AWS: aws }, Action: 'kms:*', Resource: '*' });
const EXEMPT_ROLE = policyText([notPrincipal('Deny', ROLE)]);
const EXEMPT_TWO = policyText([notPrincipal('Deny', [ROLE, 'arn:aws:iam::444455556666:user/u'])]);

ruleTester('KP301', {
  valid: [
    {
      name: 'Deny with NotPrincipal, and Allow with Principal',
      text: [notPrincipal('Deny', [ROLE, 'arn:aws:iam::111122223333:root']), { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' }],
    },
  ],
  invalid: [
    {
      name: 'Allow with NotPrincipal, at the element name, without a fix',
      text: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/bob' }, Action: 'kms:Decrypt', Resource: '*' }],
      errors: [{ at: '"NotPrincipal"', message: /grants these actions to every principal in every AWS account except the ones listed/, fixes: [] }],
    },
    {
      name: 'Allow with NotPrincipal naming a service',
      text: [{ Effect: 'Allow', NotPrincipal: { Service: 'logs.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' }],
      errors: [
        { at: '"NotPrincipal"', message: /^Allow with NotPrincipal grants these actions to every principal in every AWS account except the ones listed\./ },
      ],
    },
  ],
});

ruleTester('KP309', {
  valid: [
    { name: 'the account exempted too, as a bare account id', text: [notPrincipal('Deny', [ROLE, '111122223333'])] },
    { name: 'an Allow (KP301)', text: [notPrincipal('Allow', ROLE)] },
  ],
  invalid: [
    {
      name: 'a Deny that exempts a role without its account: the fix adds the root',
      text: EXEMPT_ROLE,
      errors: [
        {
          at: `"${ROLE}"`,
          message: /exempts role "Admin" but not its account 111122223333/,
          output: swap(EXEMPT_ROLE, `"${ROLE}"`, `["${ROLE}", "arn:aws:iam::111122223333:root"]`),
        },
      ],
    },
    {
      name: 'each principal is checked; the fix appends to an existing list',
      text: EXEMPT_TWO,
      errors: [
        { at: `"${ROLE}"`, message: /^This Deny exempts role "Admin" but not its account 111122223333; NotPrincipal is matched against the account too/ },
        {
          at: '"arn:aws:iam::444455556666:user/u"',
          message: /^This Deny exempts user "u" but not its account 444455556666/,
          output: swap(EXEMPT_TWO, '"arn:aws:iam::444455556666:user/u"', '"arn:aws:iam::444455556666:user/u", "arn:aws:iam::444455556666:root"'),
        },
      ],
    },
  ],
});
