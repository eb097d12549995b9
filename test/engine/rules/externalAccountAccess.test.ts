import { allow, deny, ruleTester } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

ruleTester('KP517', {
  valid: [
    {
      name: 'own-account principals, and a Deny of another account',
      text: [allow(ROOT, 'kms:*'), deny({ AWS: 'arn:aws:iam::444455556666:root' }, 'kms:*')],
    },
    {
      name: 'the key account is unknown',
      text: [allow({ AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::777788889999:root'] }, 'kms:Decrypt')],
    },
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
    {
      name: 'two accounts with kms:*, no account given: the conventional root-delegation statement decides, and the message says so',
      text: [
        { Sid: 'Enable IAM User Permissions', ...allow({ AWS: 'arn:aws:iam::333333333333:root' }, 'kms:*') },
        allow({ AWS: 'arn:aws:iam::111111111111:root' }, 'kms:*'),
      ],
      context: {},
      errors: [
        {
          at: '"arn:aws:iam::111111111111:root"',
          message:
            "Account 111111111111 is outside this key's account (333333333333): the access works only if an IAM policy in 111111111111 also allows these actions on this key, and only if 111111111111 has this key's Region enabled. (The key's account is taken to be 333333333333, which statement 1 delegates to as a key's own account usually is; account 111111111111 also gets administrator rights. Give the key's account to decide.)",
        },
      ],
    },
    {
      name: "the console's Sid wins over statement order",
      text: [allow({ AWS: 'arn:aws:iam::111111111111:root' }, 'kms:*'), { Sid: 'Enable IAM User Permissions', ...allow({ AWS: '333333333333' }, 'kms:*') }],
      context: {},
      errors: [
        {
          at: '"arn:aws:iam::111111111111:root"',
          message: /^Account 111111111111 is outside this key's account \(333333333333\).*statement 2 delegates to/,
        },
      ],
    },
  ],
});
