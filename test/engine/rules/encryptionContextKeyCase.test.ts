import { allow, deny, policyText, ruleTester, swap } from './ruleTester';

const ROLE = { AWS: 'arn:aws:iam::111122223333:role/App' };
const CAPITALISED = policyText([allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } })]);

ruleTester('KP511', {
  valid: [
    {
      name: 'lower-case keys, and kms:EncryptionContextKeys pinning the exact name',
      text: [
        allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::b' } }),
        allow(ROLE, 'kms:Decrypt', {
          StringEquals: { 'kms:EncryptionContext:Department': 'IT' },
          'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] },
        }),
        allow(ROLE, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } }),
      ],
    },
  ],
  invalid: [
    {
      name: 'a capitalised context key: the fix requires the exact key name',
      text: CAPITALISED,
      errors: [
        {
          at: '"kms:EncryptionContext:Department"',
          message: /"Department" in this condition is matched case-insensitively, so it also matches "department"/,
          output: swap(CAPITALISED, '"IT"\n        }', '"IT"\n        },\n        "ForAnyValue:StringEquals": {"kms:EncryptionContextKeys":"Department"}'),
        },
      ],
    },
    {
      name: 'the other spellings the policy uses are named',
      text: [
        allow(ROLE, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } }),
        deny('*', 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:department': 'HR' } }),
      ],
      errors: [{ at: '"kms:EncryptionContext:Department"', message: /also writes it as "department", which is the same key/ }],
    },
    {
      name: 'no fix on a Deny (narrowing a Deny weakens it)',
      text: [deny('*', 'kms:Decrypt', { StringNotEquals: { 'kms:EncryptionContext:Team': 'a' } })],
      errors: [
        {
          at: '"kms:EncryptionContext:Team"',
          message: /^The context key "Team" in this condition is matched case-insensitively, so it also matches "team"/,
          fixes: [],
        },
      ],
    },
  ],
});
