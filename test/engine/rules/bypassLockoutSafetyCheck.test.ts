import { allow, deny, ruleTester } from './ruleTester';

const ADMIN = { AWS: 'arn:aws:iam::111122223333:role/Admin' };
const BYPASS = '"kms:BypassPolicyLockoutSafetyCheck"';

ruleTester('KP514', {
  valid: [
    {
      name: 'the recommended Deny, an Allow that requires false, and an Allow without the flag',
      text: [
        deny('*', 'kms:PutKeyPolicy', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } }),
        allow(ADMIN, 'kms:PutKeyPolicy', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' } }),
        allow(ADMIN, 'kms:PutKeyPolicy'),
      ],
    },
  ],
  invalid: [
    {
      name: 'an Allow of PutKeyPolicy with the bypass flag true',
      text: [allow(ADMIN, 'kms:PutKeyPolicy', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } })],
      errors: [{ at: BYPASS, message: /call PutKeyPolicy with BypassPolicyLockoutSafetyCheck/, fixes: [] }],
    },
    {
      name: 'a JSON boolean, and a negated test that admits true',
      text: [
        allow(ADMIN, 'kms:PutKeyPolicy', { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': true } }),
        allow(ADMIN, 'kms:PutKeyPolicy', { StringNotEquals: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' } }),
      ],
      errors: [
        {
          at: BYPASS,
          pointer: '/Statement/0/Condition/Bool/kms:BypassPolicyLockoutSafetyCheck',
          message: /call PutKeyPolicy with BypassPolicyLockoutSafetyCheck/,
        },
        {
          at: BYPASS,
          pointer: '/Statement/1/Condition/StringNotEquals/kms:BypassPolicyLockoutSafetyCheck',
          message: /call PutKeyPolicy with BypassPolicyLockoutSafetyCheck/,
        },
      ],
    },
  ],
});
