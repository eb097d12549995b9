import { allow, deny, policyText, pretty, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

ruleTester('KP406', {
  valid: [
    {
      name: 'one JSON type per list, one Bool value',
      text: [allow(ROOT, 'kms:CreateGrant', { Bool: { 'kms:GrantIsForAWSResource': true }, StringEquals: { 'kms:CallerAccount': ['1', '2'] } })],
    },
    { name: 'one Bool value in a list', text: [allow(ROOT, 'kms:CreateGrant', { Bool: { 'kms:GrantIsForAWSResource': ['true'] } })] },
  ],
  invalid: [
    {
      name: 'mixed value types, and several Bool values',
      text: [
        allow(ROOT, 'kms:CreateGrant', {
          StringEquals: { 'kms:CallerAccount': ['111122223333', 444455556666] },
          Bool: { 'kms:GrantIsForAWSResource': ['true', 'false'] },
        }),
      ],
      errors: [
        { at: pretty(['111122223333', 444455556666], 5), message: /mix JSON types \(string and number\)/ },
        {
          at: pretty(['true', 'false'], 5),
          pointer: '/Statement/0/Condition/Bool/kms:GrantIsForAWSResource',
          message: /Bool takes one value/,
        },
      ],
    },
    {
      name: 'a boolean beside a string, and a number beside its string',
      text: [
        allow(ROOT, 'kms:ScheduleKeyDeletion', {
          StringEquals: { 'kms:CallerAccount': [true, 'x'] },
          NumericEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': [7, '7'] },
        }),
      ],
      errors: [
        {
          at: pretty([true, 'x'], 5),
          message: 'The values of "kms:CallerAccount" mix JSON types (boolean and string); write them all the same way, e.g. all as strings.',
        },
        {
          at: pretty([7, '7'], 5),
          message: /^The values of "kms:ScheduleKeyDeletionPendingWindowInDays" mix JSON types \(number and string\)/,
        },
      ],
    },
  ],
});

ruleTester('KP407', {
  valid: [
    {
      name: 'ARN operators on String keys',
      text: [
        allow({ Service: 'logs.us-west-2.amazonaws.com' }, 'kms:Decrypt', {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-west-2:111122223333:log-group:g' },
          StringLike: { 'aws:SourceArn': 'arn:aws:logs:*' },
        }),
      ],
    },
    {
      name: 'IP addresses and ranges: IPv4, IPv6, host bits, a bare address, IPv4-mapped',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          IpAddress: {
            'aws:SourceIp': ['10.1.2.3/16', '203.0.113.0/24', '192.168.1.1', '2001:db8::1/32', '::ffff:10.0.0.1/128', 'fd00::/8', '0.0.0.0/0'],
          },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'the operator family does not fit the key type',
      text: [
        allow(ROOT, 'kms:CreateGrant', {
          StringEquals: { 'kms:GrantIsForAWSResource': 'true' },
          NumericLessThan: { 'kms:CallerAccount': 5 },
          DateLessThan: { 'aws:SourceIp': '2020-01-01' },
        }),
      ],
      errors: [
        {
          at: '"StringEquals"',
          message: /"kms:GrantIsForAWSResource" is a Bool key, but StringEquals compares String values.*Use a Bool operator/,
        },
        {
          at: '"NumericLessThan"',
          message: /^"kms:CallerAccount" is a String key, but NumericLessThan compares Numeric values, .* Use a String operator\.$/,
        },
        {
          at: '"DateLessThan"',
          message:
            /^"aws:SourceIp" is an IPAddress key, but DateLessThan compares Date values, so the test does not work as written\. Use an IpAddress operator\.$/,
        },
      ],
    },
    {
      name: 'Numeric on a Date key is only info',
      text: [allow(ROOT, 'kms:ImportKeyMaterial', { NumericLessThan: { 'kms:ValidTo': 1700000000 } })],
      errors: [{ at: '"NumericLessThan"', message: /"kms:ValidTo" is documented as a Date key/, severity: 'info' }],
    },
    {
      name: 'values are checked against the operator family',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600', 'an hour', 7.5] },
          DateGreaterThan: { 'aws:CurrentTime': ['2025-01-31T00:00:00Z', '2025-01-31', '1700000000', '31/01/2025', '2025-13-45'] },
          IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', 'example.com'] },
          Bool: { 'aws:SecureTransport': 'yes' },
          Null: { 'kms:ViaService': 'False' },
          StringEquals: { 'kms:ViaService': 42 },
        }),
      ],
      errors: [
        { at: '"an hour"', message: /"an hour" is not a number, so NumericLessThan cannot compare it/ },
        { at: '"31/01/2025"', message: /neither an ISO 8601 date/ },
        { at: '"2025-13-45"', message: /^"2025-13-45" is neither an ISO 8601 date/ },
        { at: '"example.com"', message: /not an IP address or CIDR range/ },
        { at: '"yes"', message: /"yes" is not "true" or "false"/ },
      ],
    },
    {
      name: 'malformed addresses and ranges',
      text: [allow(ROOT, 'kms:Decrypt', { IpAddress: { 'aws:SourceIp': ['300.1.1.1', '1.2.3/8', '10.0.0.0/33', '2001:db8:::1'] } })],
      errors: [
        { at: '"300.1.1.1"', message: /not an IP address or CIDR range/ },
        { at: '"1.2.3/8"', message: /not an IP address or CIDR range/ },
        { at: '"10.0.0.0/33"', message: /not an IP address or CIDR range/ },
        { at: '"2001:db8:::1"', message: /not an IP address or CIDR range/ },
      ],
    },
  ],
});

const SET = policyText([
  allow(ROOT, 'kms:CreateGrant', { StringEquals: { 'kms:GrantOperations': ['Decrypt', 'Encrypt'], 'kms:CallerAccount': '111122223333' } }),
]);
const LONE_SET = policyText([allow(ROOT, 'kms:TagResource', { StringLike: { 'aws:TagKeys': 'team-*' } })]);

ruleTester('KP408', {
  valid: [
    {
      name: 'a qualified operator, and Null',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'a' },
          Null: { 'kms:EncryptionContextKeys': 'false' },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'a multi-valued key without a qualifier: both qualifiers offered',
      text: SET,
      errors: [
        {
          at: '"kms:GrantOperations"',
          message: /^"kms:GrantOperations" is multi-valued, so StringEquals needs a set qualifier: ForAnyValue:StringEquals .* or ForAllValues:StringEquals /,
          fixes: [
            'Use ForAnyValue:StringEquals (at least one value matches)',
            {
              title: 'Use ForAllValues:StringEquals (every value matches)',
              output: swap(
                SET,
                '"kms:GrantOperations": [\n            "Decrypt",\n            "Encrypt"\n          ],\n          "kms:CallerAccount": "111122223333"\n        }',
                '"kms:CallerAccount": "111122223333"\n        },\n        "ForAllValues:StringEquals": {"kms:GrantOperations":["Decrypt","Encrypt"]}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a lone key: the operator is qualified in place',
      text: LONE_SET,
      errors: [
        {
          at: '"aws:TagKeys"',
          message: /^"aws:TagKeys" is multi-valued, so StringLike needs a set qualifier/,
          output: swap(LONE_SET, '"StringLike"', '"ForAnyValue:StringLike"'),
        },
      ],
    },
  ],
});

const LIKE_SINGLE = policyText([allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringLike': { 'aws:SourceVpc': 'vpc-*' } })]);
const FOR_ALL_SINGLE = policyText([
  allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
  allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:dept': 'a', 'kms:EncryptionContextKeys': 'dept' } }),
]);

ruleTester('KP409', {
  valid: [
    {
      name: 'ForAllValues on a multi-valued key',
      text: [allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'dept' } })],
    },
  ],
  invalid: [
    {
      name: 'a single-valued key is a warning; an encryption context key, which KMS rejects, an error',
      text: FOR_ALL_SINGLE,
      errors: [
        {
          at: '"ForAllValues:StringEquals"',
          pointer: '/Statement/0/Condition/ForAllValues:StringEquals',
          message: '"kms:ViaService" is single-valued, so ForAllValues only adds a way to match: it is true when the key is absent. Use StringEquals.',
          output: swap(FOR_ALL_SINGLE, '"ForAllValues:StringEquals": {\n          "kms:ViaService"', '"StringEquals": {\n          "kms:ViaService"'),
        },
        {
          at: '"ForAllValues:StringEquals"',
          pointer: '/Statement/1/Condition/ForAllValues:StringEquals',
          message: /KMS rejects ForAllValues with "kms:EncryptionContext:dept"/,
          severity: 'error',
          output: swap(
            FOR_ALL_SINGLE,
            '"kms:EncryptionContext:dept": "a",\n          "kms:EncryptionContextKeys": "dept"\n        }',
            '"kms:EncryptionContextKeys": "dept"\n        },\n        "StringEquals": {"kms:EncryptionContext:dept":"a"}',
          ),
        },
      ],
    },
    {
      name: 'a single-valued key under ForAllValues:StringLike',
      text: LIKE_SINGLE,
      errors: [
        {
          at: '"ForAllValues:StringLike"',
          message: /^"aws:SourceVpc" is single-valued, so ForAllValues only adds a way to match: it is true when the key is absent\. Use StringLike\.$/,
          output: swap(LIKE_SINGLE, '"ForAllValues:StringLike"', '"StringLike"'),
        },
      ],
    },
  ],
});

const UNGUARDED = policyText([allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['dept', 'project'] } })]);

ruleTester('KP422', {
  valid: [
    {
      name: 'guarded by Null or a ForAnyValue test, in a Deny, single-valued keys, and CreateGrant (it always carries an operation)',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'a' },
          Null: { 'kms:EncryptionContextKeys': 'false' },
        }),
        allow(ROOT, 'kms:Decrypt', {
          'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'a' },
          'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'a' },
        }),
        deny('*', 'kms:CreateGrant', { 'ForAllValues:StringNotEquals': { 'kms:GrantOperations': 'Decrypt' } }),
        allow(ROOT, 'kms:Decrypt', { 'ForAllValues:StringEquals': { 'kms:ViaService': 'a' } }),
        allow(ROOT, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } }),
      ],
    },
    {
      // main asked for a Null guard here (K:conditions-kms.md, kms:EncryptionContextKeys example).
      name: "AWS's own example: a required context pair already makes the context non-empty",
      text: [
        allow(ROOT, ['kms:Encrypt', 'kms:Decrypt'], {
          'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department', 'Project'] },
          StringEquals: { 'kms:EncryptionContext:Department': 'IT' },
        }),
        allow(ROOT, 'kms:TagResource', {
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['Owner'] },
          StringLike: { 'aws:RequestTag/Owner': '*' },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'a context pair under IfExists or a negated operator does not guard it',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] },
          StringEqualsIfExists: { 'kms:EncryptionContext:Department': 'IT' },
          StringNotEquals: { 'kms:EncryptionContext:Project': 'x' },
        }),
      ],
      errors: [
        {
          at: '"kms:EncryptionContextKeys"',
          message: /^ForAllValues is true when the request has no "kms:EncryptionContextKeys" values at all/,
        },
      ],
    },
    {
      name: 'ForAllValues without a guard: the fix adds Null: false',
      text: UNGUARDED,
      errors: [
        {
          at: '"kms:EncryptionContextKeys"',
          message: /ForAllValues is true when the request has no "kms:EncryptionContextKeys" values at all/,
          output: swap(
            UNGUARDED,
            '"project"\n          ]\n        }',
            '"project"\n          ]\n        },\n        "Null": {"kms:EncryptionContextKeys":"false"}',
          ),
        },
      ],
    },
    {
      name: 'CreateKey may carry no tags at all',
      text: [allow(ROOT, ['kms:CreateKey', 'kms:TagResource'], { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Owner'] } })],
      errors: [{ at: '"aws:TagKeys"', message: /^ForAllValues is true when the request has no "aws:TagKeys" values at all/ }],
    },
  ],
});
