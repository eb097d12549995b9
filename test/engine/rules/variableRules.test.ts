import { allow, policyText, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const cond = (value: unknown) => ({ StringEquals: { 'kms:EncryptionContext:user': value } });
const user = (value: unknown, version?: string) => policyText([allow(ROOT, 'kms:Decrypt', cond(value))], version);
const MALFORMED = user(['${aws:username', 'x-${aws: username}', '${aws:PrincipalTag/team, none}', 'a${}b']);
const WELL_FORMED = user([
  '${aws:username}',
  "${aws:PrincipalTag/team, 'x'}",
  '${*}${?}${$}',
  "a${aws:username}b${*}${aws:PrincipalTag/team, 'none'}",
  'no variables $ { }',
]);
const JSON_ESCAPED = swap(WELL_FORMED, '"${aws:username}"', '"\\u0024{aws:username"');

ruleTester('KP430', {
  valid: [{ name: 'well-formed variables, defaults and escapes', text: WELL_FORMED }],
  invalid: [
    {
      name: 'each malformation, repaired where the intent is clear',
      text: MALFORMED,
      errors: [
        { at: '${aws:username', message: /has no closing "}"/, output: swap(MALFORMED, '"${aws:username"', '"${aws:username}"') },
        {
          at: '${aws: username}',
          message: /has spaces in its key name/,
          output: swap(MALFORMED, '"x-${aws: username}"', '"x-${aws:username}"'),
        },
        {
          at: '${aws:PrincipalTag/team, none}',
          message: /must be in single quotes, e\.g\. \$\{aws:PrincipalTag\/team, 'none'\}/,
          output: swap(MALFORMED, '${aws:PrincipalTag/team, none}', "${aws:PrincipalTag/team, 'none'}"),
        },
        { at: '${}', message: /names no key/, fixes: [] },
      ],
    },
    {
      name: 'an unclosed variable followed by a good one, and a blank name',
      text: user(['${a${aws:userid}', 'x${}y${ }']),
      errors: [
        { at: '${a', message: /has no closing "}"/ },
        { at: '${}', message: /names no key/ },
        { at: '${ }', message: /names no key/ },
      ],
    },
    {
      name: 'a string with JSON escapes is reported whole, without a fix',
      text: JSON_ESCAPED,
      errors: [{ at: '"\\u0024{aws:username"', message: /has no closing "}"/, fixes: [] }],
    },
  ],
});

ruleTester('KP431', {
  valid: [
    {
      name: 'variables in condition values and after the fifth part of a Resource ARN',
      text: [{ ...allow(ROOT, 'kms:Decrypt', cond('${aws:username}')), Resource: 'arn:aws:kms:us-east-1:111122223333:key/${aws:username}' }],
    },
    {
      // main: an error "never matches" on the Sid (corpus doc-cloudtrail-lake-default.json, judged false).
      name: 'Sid and Id are free text KMS never evaluates',
      text: JSON.stringify(
        { Version: '2012-10-17', Id: 'key-${Stage}', Statement: [{ Sid: 'Created ${new Date().toUTCString()}', ...allow(ROOT, 'kms:*') }] },
        null,
        2,
      ),
    },
    {
      // main: KP308 and one KP431 per ${…} on the same value (corpus: three errors at one pointer).
      name: 'a principal template KP308 already reports as malformed',
      text: [allow({ AWS: 'arn:${this.ARN_PARTITION}:iam::${this.ACCOUNT_ID}:root' }, 'kms:*')],
    },
  ],
  invalid: [
    {
      name: 'variables in Principal, Action, condition keys and the head of a Resource ARN (not in the Sid)',
      text: [
        {
          Sid: 'For ${aws:username}',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:user/${aws:username}' },
          Action: 'kms:${x}',
          Resource: ['arn:aws:kms:${aws:RequestedRegion}:111122223333:key/*', 'arn:aws:kms:us-east-1:111122223333:key/${aws:username}'],
          Condition: { StringEquals: { 'kms:EncryptionContext:${aws:username}': 'x', 'kms:CallerAccount': '${aws:PrincipalAccount}' } },
        },
      ],
      errors: [
        {
          at: '${aws:username}',
          pointer: '/Statement/0/Principal/AWS',
          message: /not supported in a Principal: "\$\{aws:username\}" is read literally/,
        },
        {
          at: '${x}',
          pointer: '/Statement/0/Action',
          message: /^Policy variables are not supported in an Action: "\$\{x\}" is read literally/,
        },
        { at: '${aws:RequestedRegion}', pointer: '/Statement/0/Resource/0', message: /the first five parts of a Resource ARN/ },
        {
          at: '${aws:username}',
          pointer: '/Statement/0/Condition/StringEquals/kms:EncryptionContext:${aws:username}',
          message: /^Policy variables are not supported in a Condition key:/,
        },
      ],
    },
    {
      name: 'NotPrincipal, NotAction and the head of a NotResource ARN',
      text: [
        {
          Effect: 'Deny',
          NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/${aws:username}' },
          NotAction: 'kms:${x}',
          NotResource: 'arn:${aws:partition}:kms:us-east-1:111122223333:key/*',
        },
      ],
      errors: [
        { at: '${aws:username}', message: /^Policy variables are not supported in a NotPrincipal:/ },
        { at: '${x}', message: /^Policy variables are not supported in a NotAction:/ },
        { at: '${aws:partition}', message: /^Policy variables are not supported in the first five parts of a NotResource ARN:/ },
      ],
    },
  ],
});

const OLD = user('${aws:username}', '2008-10-17');
const NO_VERSION = JSON.stringify({ Statement: [allow(ROOT, 'kms:Decrypt', cond('${aws:username}'))] }, null, 2);

ruleTester('KP432', {
  valid: [
    { name: 'Version 2012-10-17', text: user('${aws:username}') },
    { name: 'no variables', text: user('x', '2008-10-17') },
    { name: 'other Versions are left to KP103', text: user('${aws:username}', '2012-10-18') },
  ],
  invalid: [
    {
      name: 'a variable under 2008-10-17: the fix writes 2012-10-17',
      text: OLD,
      errors: [
        {
          at: '${aws:username}',
          message: /In Version "2008-10-17", "\$\{aws:username\}" is not substituted/,
          output: swap(OLD, '"2008-10-17"', '"2012-10-17"'),
        },
      ],
    },
    {
      name: 'a variable without Version: the fix inserts it first',
      text: NO_VERSION,
      errors: [{ at: '${aws:username}', message: /In a policy without a Version/, output: user('${aws:username}') }],
    },
    {
      name: 'a variable written with a JSON escape (\\u0024{…}), where the text holds no "${"',
      text: swap(OLD, '${aws:username}', '\\u0024{aws:username}'),
      errors: [{ at: '"\\u0024{aws:username}"', message: /is not substituted/ }],
    },
  ],
});

ruleTester('KP433', {
  valid: [
    {
      name: 'String and ARN operators substitute variables',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::${aws:username}-*' },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'variables under operators that do not substitute them (Bool is disputed)',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:PrincipalTag/maxAge}' },
          Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/tls}' },
          StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::${aws:username}-*' },
        }),
      ],
      errors: [
        { at: '${aws:PrincipalTag/maxAge}', message: /NumericLessThan does not substitute policy variables/ },
        { at: '${aws:PrincipalTag/tls}', severity: 'warning', message: /is disputed/ },
      ],
    },
    {
      name: 'Date and IP operators; an escape is no variable',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          DateLessThan: { 'aws:CurrentTime': '${aws:CurrentTime}' },
          IpAddress: { 'aws:SourceIp': '${aws:SourceIp}' },
          NumericEquals: { 'aws:MultiFactorAuthAge': '${*}' },
        }),
      ],
      errors: [
        {
          at: '${aws:CurrentTime}',
          message:
            'DateLessThan does not substitute policy variables, so "${aws:CurrentTime}" is compared as literal text and never matches as intended. Variables work only with String and ARN operators.',
        },
        { at: '${aws:SourceIp}', message: /^IpAddress does not substitute policy variables/ },
      ],
    },
  ],
});

ruleTester('KP434', {
  valid: [{ name: 'a single-valued key', text: [allow(ROOT, 'kms:Decrypt', cond('${aws:username}'))] }],
  invalid: [
    {
      name: 'a variable naming a multi-valued key',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringEquals: { 'kms:EncryptionContext:keys': '${kms:EncryptionContextKeys}', 'kms:EncryptionContext:user': '${aws:username}' },
        }),
      ],
      errors: [{ at: '${kms:EncryptionContextKeys}', message: /"kms:EncryptionContextKeys" is multi-valued/ }],
    },
    {
      name: 'inside a longer value in a list',
      text: [allow(ROOT, 'kms:Decrypt', cond(['x-${aws:TagKeys}', '${aws:PrincipalTag/team}']))],
      errors: [
        {
          at: '${aws:TagKeys}',
          pointer: '/Statement/0/Condition/StringEquals/kms:EncryptionContext:user/0',
          message: /^"aws:TagKeys" is multi-valued, and only single-valued keys can be used as policy variables/,
        },
      ],
    },
  ],
});
