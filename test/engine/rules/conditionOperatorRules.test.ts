import { allow, deny, policyText, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

const QUALIFIED_NULL_IF_EXISTS = policyText([allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:NullIfExists': { 'kms:EncryptionContextKeys': 'false' } })]);
const NULL_IF_EXISTS = policyText([allow(ROOT, 'kms:Decrypt', { NullIfExists: { 'kms:ViaService': 'false' } })]);

ruleTester('KP410', {
  valid: [
    {
      name: 'Null, and IfExists on other operators',
      text: [allow(ROOT, 'kms:Decrypt', { Null: { 'kms:ViaService': 'false' }, StringEqualsIfExists: { 'kms:ViaService': 'x' } })],
    },
  ],
  invalid: [
    {
      name: 'NullIfExists is fixed to Null',
      text: NULL_IF_EXISTS,
      errors: [
        {
          at: '"NullIfExists"',
          message: /Null already tests whether a key is present/,
          output: swap(NULL_IF_EXISTS, '"NullIfExists"', '"Null"'),
        },
      ],
    },
    {
      // Fixing it to ForAnyValue:Null (as main did) left a finding for KP411: one mistake, one fix.
      name: 'a qualified NullIfExists is fixed to plain Null, which KP411 has nothing to say about',
      text: QUALIFIED_NULL_IF_EXISTS,
      errors: [
        {
          at: '"ForAnyValue:NullIfExists"',
          message: '"ForAnyValue:NullIfExists" is not an operator: Null already tests whether a key is present, so it cannot take IfExists. Use "Null".',
          fixes: [{ title: 'Change to "Null"', preferred: true }],
          output: swap(QUALIFIED_NULL_IF_EXISTS, '"ForAnyValue:NullIfExists"', '"Null"'),
        },
      ],
    },
  ],
});

const QUALIFIED_NULL = policyText([allow(ROOT, 'kms:Decrypt', { 'ForAllValues:Null': { 'kms:EncryptionContextKeys': 'false' } })]);

ruleTester('KP411', {
  valid: [
    { name: 'plain Null on a multi-valued key', text: [allow(ROOT, 'kms:Decrypt', { Null: { 'kms:EncryptionContextKeys': 'false' } })] },
    { name: "a qualified NullIfExists is KP410's alone (its fix drops the qualifier too)", text: QUALIFIED_NULL_IF_EXISTS },
  ],
  invalid: [
    {
      name: 'a qualified Null, fixed to plain Null',
      text: QUALIFIED_NULL,
      errors: [
        {
          at: '"ForAllValues:Null"',
          message: 'Null tests whether a key is present at all, so the ForAllValues qualifier adds nothing. Use plain "Null".',
          output: swap(QUALIFIED_NULL, '"ForAllValues:Null"', '"Null"'),
        },
      ],
    },
    {
      name: 'ForAnyValue too',
      text: [allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:Null': { 'kms:EncryptionContextKeys': 'true' }, Null: { 'kms:ViaService': 'true' } })],
      errors: [{ at: '"ForAnyValue:Null"', message: /so the ForAnyValue qualifier adds nothing/ }],
    },
  ],
});

const EMPTY = policyText([allow(ROOT, 'kms:Decrypt', {}), allow(ROOT, 'kms:Decrypt', { StringEquals: {}, Bool: { 'aws:SecureTransport': 'true' } })]);

ruleTester('KP412', {
  valid: [{ name: 'a value listed', text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] } })] }],
  invalid: [
    {
      name: 'an empty Condition and an empty operator, with removal fixes',
      text: EMPTY,
      errors: [
        {
          at: '{}',
          pointer: '/Statement/0/Condition',
          message: /This Condition is empty/,
          unnecessary: true,
          output: swap(EMPTY, '"Resource": "*",\n      "Condition": {}\n', '"Resource": "*"\n'),
        },
        {
          at: '{}',
          pointer: '/Statement/1/Condition/StringEquals',
          message: /"StringEquals" lists no condition keys/,
          unnecessary: true,
          output: swap(EMPTY, '"StringEquals": {},\n        ', ''),
        },
      ],
    },
    {
      name: 'empty value lists explained by operator; a Deny that never fires is a warning',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringEquals: { 'kms:ViaService': [] },
          'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': [] },
        }),
        deny('*', 'kms:Decrypt', { StringEquals: { 'aws:PrincipalOrgID': [] } }),
      ],
      errors: [
        {
          at: '[]',
          pointer: '/Statement/0/Condition/StringEquals/kms:ViaService',
          message: /never matches, so this statement grants nothing/,
        },
        {
          at: '[]',
          pointer: '/Statement/0/Condition/ForAllValues:StringEquals/kms:EncryptionContextKeys',
          message: /matches only when the key is absent/,
        },
        {
          at: '[]',
          pointer: '/Statement/1/Condition/StringEquals/aws:PrincipalOrgID',
          message: /never matches, so this Deny never applies/,
          severity: 'warning',
        },
      ],
    },
  ],
});

const WILDCARD = policyText([allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 's3.*.amazonaws.com', 'kms:CallerAccount': '111122223333' } })]);
const LONE = policyText([allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:StringNotEqualsIfExists': { 'kms:EncryptionContextKeys': 'tmp-?' } })]);

ruleTester('KP413', {
  valid: [
    {
      name: 'escapes, Like operators and ARN operators',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringEquals: { 'kms:EncryptionContext:a': 'x${*}y' },
          StringLike: { 'kms:ViaService': '*' },
          ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::*' },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'a wildcard under StringEquals: the key moves to StringLike',
      text: WILDCARD,
      errors: [
        {
          at: '"s3.*.amazonaws.com"',
          message: /StringEquals compares "s3\.\*\.amazonaws\.com" literally/,
          output: swap(
            WILDCARD,
            '"kms:ViaService": "s3.*.amazonaws.com",\n          "kms:CallerAccount": "111122223333"\n        }',
            '"kms:CallerAccount": "111122223333"\n        },\n        "StringLike": {"kms:ViaService":"s3.*.amazonaws.com"}',
          ),
        },
      ],
    },
    {
      name: 'a lone operator is renamed, its qualifier and IfExists kept',
      text: LONE,
      errors: [
        {
          at: '"tmp-?"',
          message: /compares "tmp-\?" literally: .* Use ForAnyValue:StringNotLikeIfExists if you meant a pattern\.$/,
          output: swap(LONE, '"ForAnyValue:StringNotEqualsIfExists"', '"ForAnyValue:StringNotLikeIfExists"'),
        },
      ],
    },
    {
      name: 'no fix under StringEqualsIgnoreCase (there is no IgnoreCase Like)',
      text: [allow(ROOT, 'kms:Decrypt', { StringEqualsIgnoreCase: { 'kms:ViaService': 's3*' } })],
      errors: [{ at: '"s3*"', message: /Use a Like operator \(it is case-sensitive\) if you meant a pattern\.$/, fixes: [] }],
    },
  ],
});

ruleTester('KP420', {
  valid: [
    {
      name: 'one spelling per operator, the same key under another operator',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 'a' }, StringLike: { 'kms:viaservice': 'c' } })],
    },
  ],
  invalid: [
    {
      name: 'keys that differ only by case under one operator',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringEquals: { 'kms:ViaService': 'a', 'kms:viaservice': 'b' },
          StringLike: { 'kms:ViaService': 'c' },
        }),
      ],
      errors: [
        {
          at: '"kms:viaservice"',
          message:
            '"kms:viaservice" and "kms:ViaService" are the same condition key (names ignore case), written twice under StringEquals. Merge their values under one key.',
          related: ['"kms:ViaService"'],
        },
      ],
    },
    {
      name: 'three spellings: both repeats point at the first',
      text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'kms:ViaService': 'a', 'kms:viaservice': 'b', 'KMS:VIASERVICE': 'c' } })],
      errors: [
        {
          at: '"kms:viaservice"',
          message: /^"kms:viaservice" and "kms:ViaService" are the same condition key/,
          related: ['"kms:ViaService"'],
        },
        {
          at: '"KMS:VIASERVICE"',
          message: /^"KMS:VIASERVICE" and "kms:ViaService" are the same condition key/,
          related: ['"kms:ViaService"'],
        },
      ],
    },
  ],
});
