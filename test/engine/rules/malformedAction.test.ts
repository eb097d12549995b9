import { allow, policyText, ruleTester, swap } from './ruleTester';

const SPACED = policyText([allow('*', [' kms:Decrypt', 'kms:', ':Decrypt', 'kms:Decrypt:x', 'kms:De crypt'])]);

ruleTester('KP202', {
  valid: [
    {
      name: 'well-formed actions, unknown service prefixes included (KP210)',
      text: [allow('*', ['ksm:Decrypt', 'kmss:Encrypt*', 'sms:GetConnectors', 'foo:Bar', 'kms:Decrypt'])],
    },
    { name: '"*" and wildcards in both parts', text: [allow('*', ['*', 'k*:Get?'])] },
  ],
  invalid: [
    {
      name: 'no service prefix: the fix adds kms:',
      text: [allow('*', ['Decrypt', 'kms:Encrypt'])],
      errors: [
        {
          at: '"Decrypt"',
          message:
            /"Decrypt" is not a valid action: it has no service prefix \(write "service:Action", e\.g\. "kms:Decrypt"\)\. It never matches, so it has no effect\. Did you mean "kms:Decrypt"\?/,
          output: policyText([allow('*', ['kms:Decrypt', 'kms:Encrypt'])]),
        },
      ],
    },
    {
      name: 'spaces are trimmed; empty parts, extra colons and bad characters have no fix',
      text: SPACED,
      errors: [
        {
          at: '" kms:Decrypt"',
          message: '" kms:Decrypt" is not a valid action: it has spaces around it. It never matches, so it has no effect. Did you mean "kms:Decrypt"?',
          output: swap(SPACED, '" kms:Decrypt"', '"kms:Decrypt"'),
        },
        {
          at: '"kms:"',
          message: /the action name after ":" is empty\. It never matches, so it has no effect\. Write it as "kms:ActionName"\./,
          fixes: [],
        },
        { at: '":Decrypt"', message: /the service prefix before ":" is empty/, fixes: [] },
        { at: '"kms:Decrypt:x"', message: /more than one ":"/, fixes: [] },
        { at: '"kms:De crypt"', message: /the action name "De crypt" has characters an action name cannot have/, fixes: [] },
      ],
    },
    {
      name: 'a service name alone',
      text: [allow('*', 'kms')],
      errors: [{ at: '"kms"', message: /^"kms" is not a valid action: it has no service prefix .* Write it as "kms:ActionName"\.$/, fixes: [] }],
    },
  ],
});
