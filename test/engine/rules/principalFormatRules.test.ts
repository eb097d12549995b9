import { allow, policyText, ruleTester, swap } from './ruleTester';

const ROOT = 'arn:aws:iam::111122223333:root';
const BARE_ARN = policyText([allow(ROOT, 'kms:*')]);
const BARE_NAMES = policyText([allow('logs.amazonaws.com', 'kms:Decrypt'), allow('someone', 'kms:Decrypt')]);
const TYPE_KEYS = policyText([allow({ aws: ROOT, Services: 'logs.amazonaws.com', Bogus: 'x' }, 'kms:*')]);

ruleTester('KP302', {
  valid: [
    {
      name: '"*" and well-formed objects',
      text: [
        allow('*', 'kms:Decrypt'),
        allow({ AWS: [ROOT, '444455556666'], Service: 'logs.amazonaws.com' }, 'kms:*'),
        allow({ Federated: 'cognito-identity.amazonaws.com' }, 'kms:Decrypt'),
      ],
    },
    {
      name: 'arrays and numbers are left to KP101',
      text: [allow([ROOT], 'kms:Decrypt'), { Effect: 'Deny', NotPrincipal: 5, Action: 'kms:*', Resource: '*' }],
    },
  ],
  invalid: [
    {
      name: 'a bare ARN string: the fix writes the {"AWS": ...} form',
      text: BARE_ARN,
      errors: [
        {
          at: `"${ROOT}"`,
          message: /Principal is the string "arn:aws:iam::111122223333:root"; it must be "\*" or an object/,
          output: swap(BARE_ARN, `"${ROOT}"`, `{"AWS": "${ROOT}"}`),
        },
      ],
    },
    {
      name: 'a bare service name goes under Service; an unreadable string gets no fix',
      text: BARE_NAMES,
      errors: [
        {
          at: '"logs.amazonaws.com"',
          message: /^Principal is the string "logs\.amazonaws\.com"; it must be "\*" or an object/,
          output: swap(BARE_NAMES, '"logs.amazonaws.com"', '{"Service": "logs.amazonaws.com"}'),
        },
        {
          at: '"someone"',
          message: /^Principal is the string "someone"; it must be "\*" or an object .*, so KMS rejects the policy\.$/,
          fixes: [],
        },
      ],
    },
    {
      name: 'unknown principal-type keys: case is fixed',
      text: TYPE_KEYS,
      errors: [
        { at: '"aws"', message: /did you mean "AWS"\?/, output: swap(TYPE_KEYS, '"aws"', '"AWS"') },
        {
          at: '"Services"',
          message:
            /^"Services" is not a principal type: Principal keys are AWS, Service, Federated and CanonicalUser \(case-sensitive\); did you mean "Service"\?$/,
          output: swap(TYPE_KEYS, '"Services"', '"Service"'),
        },
        {
          at: '"Bogus"',
          message: '"Bogus" is not a principal type: Principal keys are AWS, Service, Federated and CanonicalUser (case-sensitive).',
          fixes: [],
        },
      ],
    },
    {
      name: 'NotPrincipal is checked too',
      text: [{ Effect: 'Deny', NotPrincipal: { Aws: ROOT }, Action: 'kms:*', Resource: '*' }],
      errors: [{ at: '"Aws"', message: /^"Aws" is not a principal type: NotPrincipal keys are/ }],
    },
  ],
});

ruleTester('KP303', {
  valid: [{ name: 'a bare "*", as a string or under AWS', text: [allow('*', 'kms:Decrypt'), allow({ AWS: '*' }, 'kms:Decrypt')] }],
  invalid: [
    {
      name: 'partial wildcards in AWS and Service principals',
      text: [allow({ AWS: ['arn:aws:iam::*:root', 'arn:aws:iam::111122223333:role/*', ROOT], Service: '*' }, 'kms:Decrypt')],
      errors: [
        { at: '"arn:aws:iam::*:root"', message: /KMS accepts only a bare "\*".*aws:PrincipalArn \(ArnLike\)/ },
        {
          at: '"arn:aws:iam::111122223333:role/*"',
          message: /^"arn:aws:iam::111122223333:role\/\*" has a wildcard inside a principal; KMS accepts only a bare "\*"/,
        },
        { at: '"*"', message: /name each service principal/ },
      ],
    },
    {
      name: 'a wildcard for the name, a ? inside it, and NotPrincipal',
      text: [
        allow({ AWS: ['arn:aws:iam::111122223333:*', 'arn:aws:iam::111122223333:user/a?c'] }, 'kms:Decrypt'),
        { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::*:root' }, Action: 'kms:*', Resource: '*' },
      ],
      errors: [
        {
          at: '"arn:aws:iam::111122223333:*"',
          message: /has a wildcard inside a principal; KMS accepts only a bare "\*" and rejects the policy/,
        },
        { at: '"arn:aws:iam::111122223333:user/a?c"', message: /has a wildcard inside a principal/ },
        { at: '"arn:aws:iam::*:root"', pointer: '/Statement/1/NotPrincipal/AWS', message: /has a wildcard inside a principal/ },
      ],
    },
  ],
});

ruleTester('KP305', {
  valid: [{ name: 'AWS and Service', text: [allow({ AWS: ROOT, Service: 'logs.amazonaws.com' }, 'kms:*')] }],
  invalid: [
    {
      name: 'Federated and CanonicalUser keys',
      text: [allow({ Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'abc', AWS: ROOT }, 'kms:Decrypt')],
      errors: [
        { at: '"Federated"', message: /Principal type "Federated" is not supported in a key policy/ },
        {
          at: '"CanonicalUser"',
          message: /^Principal type "CanonicalUser" is not supported in a key policy, .* CanonicalUser ids belong to Amazon S3 ACLs/,
        },
      ],
    },
    {
      name: 'in NotPrincipal',
      text: [{ Effect: 'Deny', NotPrincipal: { Federated: 'x', AWS: '111122223333' }, Action: 'kms:*', Resource: '*' }],
      errors: [
        {
          at: '"Federated"',
          message:
            /^NotPrincipal type "Federated" is not supported in a key policy, so KMS rejects it\. Federated identities reach KMS through the IAM role they assume/,
        },
      ],
    },
  ],
});

ruleTester('KP306', {
  valid: [{ name: 'a user whose name is "group"', text: [allow({ AWS: 'arn:aws:iam::111122223333:user/group' }, 'kms:*')] }],
  invalid: [
    {
      name: 'an IAM group ARN, beside a role',
      text: [allow({ AWS: ['arn:aws:iam::111122223333:group/Admins', 'arn:aws:iam::111122223333:role/Admin'] }, 'kms:*')],
      errors: [
        {
          at: '"arn:aws:iam::111122223333:group/Admins"',
          message: /IAM group "Admins" cannot be a principal.*arn:aws:iam::111122223333:root/,
        },
      ],
    },
    {
      name: 'a group with a path, and a group in NotPrincipal',
      text: [
        allow({ AWS: 'arn:aws:iam::111122223333:group/team/Admins' }, 'kms:*'),
        { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:group/G' }, Action: 'kms:*', Resource: '*' },
      ],
      errors: [
        {
          at: '"arn:aws:iam::111122223333:group/team/Admins"',
          message: /^IAM group "Admins" cannot be a principal \(groups never make requests\)/,
        },
        { at: '"arn:aws:iam::111122223333:group/G"', message: /^IAM group "G" cannot be a principal/ },
      ],
    },
  ],
});

const UNIQUE_IDS = policyText([
  allow({ AWS: ['AROAEXAMPLEID1234567', 'arn:aws:iam::111122223333:role/Admin'] }, 'kms:*'),
  allow({ AWS: 'AIDAEXAMPLEID1234567' }, 'kms:*'),
]);

ruleTester('KP307', {
  valid: [
    { name: 'a role whose name looks like an id prefix', text: [allow({ AWS: 'arn:aws:iam::111122223333:role/AROA' }, 'kms:*')] },
    {
      name: 'an access key id and a lower-case look-alike are not principal ids',
      text: [allow({ AWS: ['ASIAEXAMPLE', 'aroaexampleid1234567'] }, 'kms:*')],
    },
  ],
  invalid: [
    {
      name: 'unique ids: one is removed from a list; the only principal is not (it would change the statement)',
      text: UNIQUE_IDS,
      errors: [
        {
          at: '"AROAEXAMPLEID1234567"',
          message: /an IAM role's unique id/,
          output: swap(UNIQUE_IDS, '"AROAEXAMPLEID1234567",\n          ', ''),
        },
        { at: '"AIDAEXAMPLEID1234567"', message: /an IAM user's unique id/, fixes: [] },
      ],
    },
  ],
});

const MALFORMED = policyText([
  allow(
    {
      AWS: ['arn:aws:iam::11112222333:root', '1111-2222-3333', ' arn:aws:iam::111122223333:root', 'arn:aws:kms:us-east-1:111122223333:key/abc', 'admin', ''],
    },
    'kms:*',
  ),
]);

ruleTester('KP308', {
  valid: [
    {
      name: 'every valid principal form',
      text: [
        allow(
          {
            AWS: [
              ROOT,
              '111122223333',
              'arn:aws:iam::111122223333:role/path/Admin',
              'arn:aws:iam::111122223333:user/alice',
              'arn:aws:sts::111122223333:assumed-role/Admin/s1',
              'arn:aws-us-gov:iam::111122223333:root',
              '*',
            ],
          },
          'kms:*',
        ),
      ],
    },
  ],
  invalid: [
    {
      name: 'malformed AWS principals, with the reason',
      text: MALFORMED,
      errors: [
        { at: '"arn:aws:iam::11112222333:root"', message: /must be exactly 12 digits/ },
        {
          at: '"1111-2222-3333"',
          message:
            /^"1111-2222-3333" is neither an account id \(12 digits\) nor an ARN such as arn:aws:iam::111122223333:root, :role\/Name, :user\/Name or arn:aws:sts::111122223333:assumed-role\/Role\/Session; KMS rejects the policy\.$/,
          output: swap(MALFORMED, '"1111-2222-3333"', '"111122223333"'),
        },
        {
          at: '" arn:aws:iam::111122223333:root"',
          message: /^" arn:aws:iam::111122223333:root" is neither an account id/,
          output: swap(MALFORMED, '" arn:aws:iam::111122223333:root"', `"${ROOT}"`),
        },
        {
          at: '"arn:aws:kms:us-east-1:111122223333:key/abc"',
          message: /^"arn:aws:kms:us-east-1:111122223333:key\/abc" is not a principal ARN KMS accepts/,
          fixes: [],
        },
        { at: '"admin"', message: /"admin" is neither an account id/ },
        { at: '""', message: /An empty principal names nobody/ },
      ],
    },
    {
      name: 'ARNs with no name, a Region in an IAM ARN, and an assumed role without its session',
      text: [
        allow(
          {
            AWS: [
              'arn:aws:iam::111122223333:role',
              'arn:aws:iam::111122223333:role/',
              'arn:aws:iam:us-east-1:111122223333:root',
              'arn:aws:sts::111122223333:assumed-role/R',
            ],
          },
          'kms:*',
        ),
      ],
      errors: [
        { at: '"arn:aws:iam::111122223333:role"', message: /^"arn:aws:iam::111122223333:role" is not a principal ARN KMS accepts/ },
        { at: '"arn:aws:iam::111122223333:role/"', message: /^"arn:aws:iam::111122223333:role\/" is not a principal ARN KMS accepts/ },
        {
          at: '"arn:aws:iam:us-east-1:111122223333:root"',
          message: /^"arn:aws:iam:us-east-1:111122223333:root" is not a principal ARN KMS accepts/,
        },
        {
          at: '"arn:aws:sts::111122223333:assumed-role/R"',
          message: /^"arn:aws:sts::111122223333:assumed-role\/R" is not a principal ARN KMS accepts/,
        },
      ],
    },
  ],
});
