import { policyText, ruleTester, swap } from './ruleTester';

const ROLE = 'arn:aws:iam::111122223333:role/Admin';
const SESSION = 'arn:aws:sts::111122223333:assumed-role/Admin/alice';
const USER = 'arn:aws:iam::111122223333:user/ops';
const ROOT = 'arn:aws:iam::111122223333:root';
const notPrincipal = (effect: string, aws: unknown) => ({ Effect: effect, NotPrincipal: { AWS: aws }, Action: 'kms:*', Resource: '*' });
const EXEMPT_USER = policyText([notPrincipal('Deny', USER)]);
const EXEMPT_TWO = policyText([notPrincipal('Deny', [USER, 'arn:aws:iam::444455556666:user/u'])]);

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
        {
          at: '"NotPrincipal"',
          message: /^Allow with NotPrincipal grants these actions to every principal in every AWS account except the ones listed\./,
        },
      ],
    },
    {
      name: 'Allow with NotPrincipal listing a role: its sessions are granted too',
      text: [notPrincipal('Allow', [ROLE, ROOT])],
      errors: [
        {
          at: '"NotPrincipal"',
          message:
            'Allow with NotPrincipal grants these actions to every principal in every AWS account except the ones listed. Listing role "Admin" does not leave out its sessions: they call with session ARNs that are not listed, so they are granted too. Name the principals you mean in Principal, or use Principal "*" with a Condition on aws:PrincipalArn (ArnNotEquals) or aws:PrincipalAccount.',
        },
      ],
    },
  ],
});

ruleTester('KP309', {
  valid: [
    { name: 'the account exempted too, as a bare account id', text: [notPrincipal('Deny', [USER, '111122223333'])] },
    { name: 'an Allow (KP301)', text: [notPrincipal('Allow', USER)] },
    { name: "a role without any of its sessions is KP312's", text: [notPrincipal('Deny', ROLE)] },
  ],
  invalid: [
    {
      name: 'a Deny that exempts a user without its account: the fix adds the root',
      text: EXEMPT_USER,
      errors: [
        {
          at: `"${USER}"`,
          message: /exempts user "ops" but not its account 111122223333/,
          output: swap(EXEMPT_USER, `"${USER}"`, `["${USER}", "arn:aws:iam::111122223333:root"]`),
        },
      ],
    },
    {
      name: 'each principal is checked; the fix appends to an existing list',
      text: EXEMPT_TWO,
      errors: [
        {
          at: `"${USER}"`,
          message: /^This Deny exempts user "ops" but not its account 111122223333; NotPrincipal is matched against the account too/,
        },
        {
          at: '"arn:aws:iam::444455556666:user/u"',
          message: /^This Deny exempts user "u" but not its account 444455556666/,
          output: swap(EXEMPT_TWO, '"arn:aws:iam::444455556666:user/u"', '"arn:aws:iam::444455556666:user/u", "arn:aws:iam::444455556666:root"'),
        },
      ],
    },
    {
      name: 'a role listed with one of its sessions but not its account',
      text: [notPrincipal('Deny', [SESSION, ROLE])],
      errors: [
        { at: `"${SESSION}"`, message: /^This Deny exempts assumed-role "Admin" but not its account 111122223333/ },
        { at: `"${ROLE}"`, message: /^This Deny exempts role "Admin" but not its account 111122223333/ },
      ],
    },
  ],
});

const SESSIONS =
  /^This Deny exempts role "Admin" through NotPrincipal, but not its sessions: a role's sessions call KMS as arn:aws:sts::111122223333:assumed-role\/Admin\/<session>, and NotPrincipal spares a caller only when that session ARN is listed too, so the Deny still applies to everyone using the role\. Use "Principal": "\*" with ArnNotEquals on aws:PrincipalArn/;
const ROLE_AND_ROOT = policyText([notPrincipal('Deny', [ROLE, ROOT])]);
const WITH_CONDITION = policyText([{ ...notPrincipal('Deny', [ROLE, '111122223333']), Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } }]);
const REWRITE = 'Rewrite as "Principal": "*" with ArnNotEquals on aws:PrincipalArn';

ruleTester('KP312', {
  valid: [
    { name: 'the role listed with one of its sessions and the account', text: [notPrincipal('Deny', [SESSION, ROLE, ROOT])] },
    { name: 'users and accounts have no sessions', text: [notPrincipal('Deny', [USER, ROOT])] },
    { name: 'an Allow with NotPrincipal (KP301)', text: [notPrincipal('Allow', [ROLE, ROOT])] },
    {
      name: 'the recommended form: Principal "*" with ArnNotEquals on aws:PrincipalArn',
      text: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': [ROLE, ROOT] } },
        },
      ],
    },
  ],
  invalid: [
    {
      name: "a Deny sparing a role and its account still denies the role's sessions; the rewrite spares them",
      text: ROLE_AND_ROOT,
      errors: [
        {
          at: `"${ROLE}"`,
          message: SESSIONS,
          fixes: [REWRITE],
          output: swap(
            swap(
              ROLE_AND_ROOT,
              '"NotPrincipal": {\n        "AWS": [\n          "arn:aws:iam::111122223333:role/Admin",\n          "arn:aws:iam::111122223333:root"\n        ]\n      }',
              '"Principal": "*"',
            ),
            '"Resource": "*"',
            `"Resource": "*",\n      "Condition": {"ArnNotEquals":{"aws:PrincipalArn":["${ROLE}","${ROOT}"]}}`,
          ),
        },
      ],
    },
    {
      name: 'the role without its account either: one finding says both; the rewrite joins an existing Condition',
      text: [notPrincipal('Deny', ROLE)],
      errors: [
        {
          at: `"${ROLE}"`,
          message: /^This Deny exempts role "Admin" through NotPrincipal, but not its sessions \(nor its account 111122223333, which must be listed too\)/,
        },
      ],
    },
    {
      name: 'the rewrite keeps the conditions, writing the bare account id as its root ARN',
      text: WITH_CONDITION,
      errors: [
        {
          at: `"${ROLE}"`,
          message: SESSIONS,
          output: swap(
            swap(
              WITH_CONDITION,
              '"NotPrincipal": {\n        "AWS": [\n          "arn:aws:iam::111122223333:role/Admin",\n          "111122223333"\n        ]\n      }',
              '"Principal": "*"',
            ),
            '"kms:CallerAccount": "111122223333"\n        }',
            `"kms:CallerAccount": "111122223333"\n        },\n        "ArnNotEquals": {"aws:PrincipalArn":["${ROLE}","${ROOT}"]}`,
          ),
        },
      ],
    },
    {
      name: 'no rewrite when NotPrincipal also lists a service (aws:PrincipalArn cannot spare it)',
      text: [{ Effect: 'Deny', NotPrincipal: { AWS: [ROLE, ROOT], Service: 'logs.amazonaws.com' }, Action: 'kms:*', Resource: '*' }],
      errors: [{ at: `"${ROLE}"`, message: SESSIONS, fixes: [] }],
    },
  ],
});
