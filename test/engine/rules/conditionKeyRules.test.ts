import { allow, policyText, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

const WRONG_CASE = policyText([allow(ROOT, 'kms:Decrypt', { stringequals: { 'kms:CallerAccount': '111122223333' } })]);
const MISSPELT = policyText([
  allow(ROOT, 'kms:Decrypt', { StringEqual: { 'kms:ViaService': 'a' } }),
  allow(ROOT, 'kms:Decrypt', { 'ForAnyValues:StringLike': { 'kms:EncryptionContextKeys': 'a' } }),
  allow(ROOT, 'kms:Decrypt', { StringLikeIfExist: { 'kms:ViaService': 'a' } }),
  allow(ROOT, 'kms:Decrypt', { Frobnicate: { 'kms:ViaService': 'a' } }),
]);

/** A Condition nested in itself, and a key written where its operator goes: one mistake each. */
const NESTED_CONDITION = policyText([
  allow(ROOT, 'kms:Decrypt', {
    Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, Bool: { 'aws:ViaAWSService': 'true' } },
  }),
]);
const SWAPPED = policyText([allow(ROOT, 'kms:Decrypt', { 'kms:ViaService': { StringEquals: 's3.us-east-1.amazonaws.com' } })]);

ruleTester('KP401', {
  valid: [
    {
      name: 'NullIfExists is left to KP410; every valid form is accepted',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          NullIfExists: { a: 'b' },
          'ForAllValues:StringNotLikeIfExists': { 'kms:EncryptionContextKeys': 'x' },
          ArnLike: { 'aws:SourceArn': 'arn:*' },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'an operator written in the wrong case, with a preferred fix',
      text: WRONG_CASE,
      errors: [
        {
          at: '"stringequals"',
          message: /"stringequals" is not a condition operator: operator names are case-sensitive.*Did you mean "StringEquals"\?/,
          fixes: [{ title: 'Change to "StringEquals"', preferred: true }],
          output: swap(WRONG_CASE, '"stringequals"', '"StringEquals"'),
        },
      ],
    },
    {
      name: 'misspellings, bad qualifiers and suffixes get fixes; a made-up operator none',
      text: MISSPELT,
      errors: [
        {
          at: '"StringEqual"',
          message: '"StringEqual" is not a condition operator: there is no such condition operator, so KMS rejects the policy. Did you mean "StringEquals"?',
          output: swap(MISSPELT, '"StringEqual"', '"StringEquals"'),
        },
        {
          at: '"ForAnyValues:StringLike"',
          message: /must be ForAllValues or ForAnyValue/,
          output: swap(MISSPELT, '"ForAnyValues:StringLike"', '"ForAnyValue:StringLike"'),
        },
        {
          at: '"StringLikeIfExist"',
          message: /Did you mean "StringLikeIfExists"\?$/,
          output: swap(MISSPELT, '"StringLikeIfExist"', '"StringLikeIfExists"'),
        },
        { at: '"Frobnicate"', message: /: there is no such condition operator, so KMS rejects the policy\.$/, fixes: [] },
      ],
    },
    {
      // main reported KP401, then KP403 and KP101 for each operator inside: five errors for one mistake.
      name: 'a Condition nested in itself: one finding, whose fix removes the extra level',
      text: NESTED_CONDITION,
      errors: [
        {
          at: '"Condition"',
          line: 12,
          message:
            '"Condition" is not a condition operator: it holds the operators "StringEquals" and "Bool" one level too deep (Condition takes operators directly), so KMS rejects the policy. Remove the "Condition" level and keep what it holds.',
          fixes: [{ title: 'Remove the "Condition" level', preferred: true }],
          // The operators move up as written (their indentation kept): valid JSON, one level less.
          output: swap(NESTED_CONDITION, '"Condition": {\n          "StringEquals"', '"StringEquals"').replace(
            '          }\n        }\n      }\n    }\n  ]',
            '          }\n      }\n    }\n  ]',
          ),
        },
      ],
    },
    {
      name: 'a key written where its operator goes: one finding, with the swap as the fix',
      text: SWAPPED,
      errors: [
        {
          at: '"kms:ViaService"',
          message:
            '"kms:ViaService" is a condition key written where its operator goes: the operator comes first, {"StringEquals": {"kms:ViaService": …}}, so KMS rejects the policy as written.',
          fixes: [{ title: 'Write {"StringEquals": {"kms:ViaService": …}}', preferred: true }],
          output: swap(
            SWAPPED,
            '"kms:ViaService": {\n          "StringEquals": "s3.us-east-1.amazonaws.com"\n        }',
            '"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}',
          ),
        },
      ],
    },
    {
      name: 'no fix that would duplicate an operator',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { a: 'b' }, stringEquals: { c: 'd' } })],
      errors: [
        {
          at: '"stringEquals"',
          message: /: operator names are case-sensitive, so KMS rejects the policy\. Did you mean "StringEquals"\?$/,
          fixes: [],
        },
      ],
    },
  ],
});

const UNKNOWN_KEYS = policyText([
  allow(ROOT, 'kms:Decrypt', {
    StringEquals: {
      'kms:ViaServices': 'a',
      'kms:EncryptionContex:Dept': 'x',
      'aws:SourceAcount': '1',
      's3:prefix': 'p',
      'kms:NoSuchThingAtAll': 'z',
    },
  }),
]);

ruleTester('KP402', {
  valid: [
    {
      name: 'real keys in any case, templates and global session keys',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringEquals: {
            'KMS:viaservice': 'a',
            'kms:EncryptionContext:aws:s3:arn': 'x',
            'aws:PrincipalTag/team': 't',
            'aws:RequestTag/x': 'y',
            'kms:RecipientAttestation:ImageSha384': 'h',
          },
        }),
      ],
    },
    {
      name: 'a bare template prefix, in any case, is left to KP405',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'AWS:resourcetag/': 'b', 'kms:EncryptionContext:': 'c' } })],
    },
    {
      name: 'aws:ARN is left to KP404',
      text: [allow(ROOT, 'kms:Decrypt', { ArnEquals: { 'aws:ARN': 'arn:aws:iam::111122223333:role/App' } })],
    },
  ],
  invalid: [
    {
      name: 'unknown kms: and aws: keys are errors with a fix; other services are warnings',
      text: UNKNOWN_KEYS,
      errors: [
        { at: '"kms:ViaServices"', message: /is not a KMS condition key.*Did you mean "kms:ViaService"/ },
        {
          at: '"kms:EncryptionContex:Dept"',
          message: /Did you mean "kms:EncryptionContext:Dept" or "kms:EncryptionContextKeys"\?$/,
          output: swap(UNKNOWN_KEYS, '"kms:EncryptionContex:Dept"', '"kms:EncryptionContext:Dept"'),
        },
        {
          at: '"aws:SourceAcount"',
          message: /is not a global condition key/,
          output: swap(UNKNOWN_KEYS, '"aws:SourceAcount"', '"aws:SourceAccount"'),
        },
        { at: '"s3:prefix"', message: /KMS requests never carry s3: keys/, severity: 'warning' },
        {
          at: '"kms:NoSuchThingAtAll"',
          message: '"kms:NoSuchThingAtAll" is not a KMS condition key, so no request carries it and the condition never matches as intended.',
          fixes: [],
        },
      ],
    },
    {
      name: 'a template suggestion is shown without writing its placeholder into the key',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContextKey': 'a' } })],
      errors: [
        {
          at: '"kms:EncryptionContextKey"',
          message: /Did you mean "kms:EncryptionContextKeys" or "kms:EncryptionContext:<EncryptionContextKey>"\?/,
          fixes: [{ title: 'Change to "kms:EncryptionContextKeys"', preferred: true }],
        },
      ],
    },
  ],
});

const SPACED_KEYS = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService ': 'a', 'aws:': 'b' } })]);
const MALFORMED = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { ViaService: 'a', 'kms: CallerAccount': 'b', SourceAccount: 'c', ':x': 'd' } })]);

ruleTester('KP403', {
  valid: [
    {
      name: 'prefixed keys, even a template with nothing after it (KP405)',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'aws:ResourceTag/': 'x', 'kms:ViaService': 'y' } })],
    },
    { name: 'the operators under a nested Condition are not keys (KP401 reports the nesting once)', text: NESTED_CONDITION },
    { name: "nor are those under a key written in an operator's place", text: SWAPPED },
  ],
  invalid: [
    {
      name: 'keys without a prefix or with spaces; the unambiguous ones are fixed',
      text: MALFORMED,
      errors: [
        {
          at: '"ViaService"',
          message: /^"ViaService" is not a condition key: keys are written service:name without spaces, .*; did you mean "kms:ViaService"\?$/,
          output: swap(MALFORMED, '"ViaService"', '"kms:ViaService"'),
        },
        {
          at: '"kms: CallerAccount"',
          message: /did you mean "kms:CallerAccount"\?$/,
          output: swap(MALFORMED, '"kms: CallerAccount"', '"kms:CallerAccount"'),
        },
        {
          at: '"SourceAccount"',
          message: /did you mean "aws:SourceAccount"\?$/,
          output: swap(MALFORMED, '"SourceAccount"', '"aws:SourceAccount"'),
        },
        {
          at: '":x"',
          message: '":x" is not a condition key: keys are written service:name without spaces, such as "kms:ViaService" or "aws:SourceAccount".',
          fixes: [],
        },
      ],
    },
    {
      name: 'a trailing space is trimmed; a prefix alone has no fix',
      text: SPACED_KEYS,
      errors: [
        {
          at: '"kms:ViaService "',
          message: /did you mean "kms:ViaService"\?$/,
          output: swap(SPACED_KEYS, '"kms:ViaService "', '"kms:ViaService"'),
        },
        { at: '"aws:"', message: /^"aws:" is not a condition key/, fixes: [] },
      ],
    },
  ],
});

ruleTester('KP405', {
  valid: [
    {
      name: 'a tag key after the prefix',
      text: [allow(ROOT, 'kms:TagResource', { StringEquals: { 'aws:RequestTag/Owner': 'z', 'kms:EncryptionContext:app': 'y' } })],
    },
  ],
  invalid: [
    {
      name: 'a template prefix with nothing after it',
      text: [
        allow(ROOT, 'kms:TagResource', {
          StringEquals: { 'aws:RequestTag/': 'x', 'kms:EncryptionContext:': 'y', 'aws:RequestTag/Owner': 'z' },
        }),
      ],
      errors: [
        { at: '"aws:RequestTag/"', message: /names no tag key.*"aws:RequestTag\/Department"/ },
        { at: '"kms:EncryptionContext:"', message: /names no encryption context key/ },
      ],
    },
    {
      name: 'principal and resource tag prefixes',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'aws:PrincipalTag/': 'a', 'aws:ResourceTag/': 'b' } })],
      errors: [
        {
          at: '"aws:PrincipalTag/"',
          message: /^"aws:PrincipalTag\/" names no tag key: write the tag key after the prefix, e\.g\. "aws:PrincipalTag\/Department"/,
        },
        { at: '"aws:ResourceTag/"', message: /^"aws:ResourceTag\/" names no tag key/ },
      ],
    },
    {
      // Condition key names ignore case: the prefix is found in any case (and KP402 leaves it to this rule).
      name: 'a template prefix written in another case',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'AWS:resourcetag/': 'b' } })],
      errors: [{ at: '"AWS:resourcetag/"', message: /^"AWS:resourcetag\/" names no tag key: .*e\.g\. "aws:ResourceTag\/Department"/ }],
    },
  ],
});

ruleTester('KP419', {
  valid: [
    {
      name: 'request tags and keys KMS sets for key policies',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'aws:RequestTag/Env': 'prod', 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })],
    },
  ],
  invalid: [
    {
      name: 'keys documented for IAM policies only',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/a' },
          StringEquals: { 'aws:ResourceTag/Env': 'prod', 'aws:RequestTag/Env': 'prod' },
        }),
      ],
      errors: [
        { at: '"kms:ResourceAliases"', message: /^KMS documents "kms:ResourceAliases" for IAM policies only/ },
        { at: '"aws:ResourceTag/Env"', message: /KMS documents "aws:ResourceTag\/Env" for IAM policies only/ },
      ],
    },
    {
      name: 'in a Deny, under any operator, in any case',
      text: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { 'ForAnyValue:StringLike': { 'kms:resourcealiases': 'alias/*' }, StringNotEquals: { 'aws:ResourceTag/x': 'y' } },
        },
      ],
      errors: [
        { at: '"kms:resourcealiases"', message: /^KMS documents "kms:ResourceAliases" for IAM policies only/ },
        { at: '"aws:ResourceTag/x"', message: /^KMS documents "aws:ResourceTag\/x" for IAM policies only/ },
      ],
    },
  ],
});

const DEPRECATED_ANY_CASE = policyText([
  allow(ROOT, 'kms:CreateKey', {
    StringEquals: { 'kms:CustomerMasterKeyUsage': 'SIGN_VERIFY' },
    'ForAnyValue:StringEquals': { 'KMS:customermasterkeyspec': 'RSA_2048' },
  }),
]);
const DEPRECATED = policyText([
  allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:CustomerMasterKeySpec': 'SYMMETRIC_DEFAULT' } }),
  allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:CustomerMasterKeyUsage': 'ENCRYPT_DECRYPT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT' } }),
]);

ruleTester('KP424', {
  valid: [
    {
      name: 'the current names',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT' } })],
    },
  ],
  invalid: [
    {
      name: 'deprecated keys are renamed, unless the replacement is already there',
      text: DEPRECATED,
      errors: [
        {
          at: '"kms:CustomerMasterKeySpec"',
          message: '"kms:CustomerMasterKeySpec" is deprecated; use "kms:KeySpec", which also covers the newer key specs.',
          output: swap(DEPRECATED, '"kms:CustomerMasterKeySpec"', '"kms:KeySpec"'),
        },
        { at: '"kms:CustomerMasterKeyUsage"', message: /^"kms:CustomerMasterKeyUsage" is deprecated; use "kms:KeyUsage"/, fixes: [] },
      ],
    },
    {
      name: 'any case, under any operator',
      text: DEPRECATED_ANY_CASE,
      errors: [
        {
          at: '"kms:CustomerMasterKeyUsage"',
          message: /use "kms:KeyUsage"/,
          output: swap(DEPRECATED_ANY_CASE, '"kms:CustomerMasterKeyUsage"', '"kms:KeyUsage"'),
        },
        {
          at: '"KMS:customermasterkeyspec"',
          message: '"KMS:customermasterkeyspec" is deprecated; use "kms:KeySpec", which also covers the newer key specs.',
          output: swap(DEPRECATED_ANY_CASE, '"KMS:customermasterkeyspec"', '"kms:KeySpec"'),
        },
      ],
    },
  ],
});
