import { allow, deny, ruleTester } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

ruleTester('KP517', {
  valid: [
    { name: 'own-account principals, and a Deny of another account', text: [allow(ROOT, 'kms:*'), deny({ AWS: 'arn:aws:iam::444455556666:root' }, 'kms:*')] },
    { name: 'the key account is unknown', text: [allow({ AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::777788889999:root'] }, 'kms:Decrypt')] },
  ],
  invalid: [
    {
      name: 'each principal of another account',
      text: [
        allow(ROOT, 'kms:*'),
        allow({ AWS: ['arn:aws:iam::111122223333:role/App', 'arn:aws:iam::444455556666:root', 'arn:aws:iam::777788889999:role/Ext'] }, 'kms:Decrypt'),
      ],
      errors: [
        {
          at: '"arn:aws:iam::444455556666:root"',
          message: /^Account 444455556666 is outside this key's account \(111122223333\): the access works only if an IAM policy in 444455556666 also allows/,
        },
        { at: '"arn:aws:iam::777788889999:role/Ext"', message: /^This principal in account 777788889999/ },
      ],
    },
  ],
});
