import { allow, deny, policyText, pretty, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const sourceIp = (value: unknown) => [allow(ROOT, 'kms:Decrypt', { IpAddress: { 'aws:SourceIp': value } })];

ruleTester('KP414', {
  valid: [
    {
      name: 'public ranges, and private ones in aws:VpcSourceIp',
      text: [allow(ROOT, 'kms:Decrypt', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24', 'aws:VpcSourceIp': '10.0.0.0/8' } })],
    },
    {
      name: 'a range wider than a private block, IPv4-mapped and documentation IPv6 ranges',
      text: sourceIp(['0.0.0.0/0', '::ffff:10.0.0.1/128', '2001:db8::1/32']),
    },
    { name: 'values that are not addresses (KP407)', text: sourceIp(['300.1.1.1', '1.2.3/8', '10.0.0.0/33', '2001:db8:::1']) },
  ],
  invalid: [
    {
      name: 'private ranges in aws:SourceIp, under IpAddress and NotIpAddressIfExists',
      text: [
        allow(ROOT, 'kms:Decrypt', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/16', '203.0.113.0/24'] } }),
        deny('*', 'kms:*', { NotIpAddressIfExists: { 'aws:sourceip': '192.168.0.0/24' } }),
      ],
      errors: [
        { at: '"10.0.0.0/16"', message: /private \(RFC 1918\) range, which aws:SourceIp never holds .* aws:VpcSourceIp/ },
        { at: '"192.168.0.0/24"', message: /excluding it with NotIpAddressIfExists excludes nothing/ },
      ],
    },
    {
      name: 'a private range with host bits, single private addresses (bare, /32, /128), and an IPv6 unique local range',
      text: sourceIp(['10.1.2.3/16', '192.168.1.1', '10.0.0.9/32', 'fd00::/8', 'fd00::1/128']),
      errors: [
        {
          at: '"10.1.2.3/16"',
          message:
            /^"10\.1\.2\.3\/16" is a private \(RFC 1918\) range, which aws:SourceIp never holds \(it is the public address AWS sees\), so this never matches\./,
        },
        { at: '"192.168.1.1"', message: /^"192\.168\.1\.1" is a private \(RFC 1918\) address, which aws:SourceIp never holds/ },
        { at: '"10.0.0.9/32"', message: /^"10\.0\.0\.9\/32" is a private \(RFC 1918\) address,/ },
        { at: '"fd00::/8"', message: /^"fd00::\/8" is a unique local \(IPv6\) range/ },
        { at: '"fd00::1/128"', message: /^"fd00::1\/128" is a unique local \(IPv6\) address,/ },
      ],
    },
  ],
});

const HOST_BITS = policyText(sourceIp(['203.0.113.7/24', '198.51.100.0/24']));

ruleTester('KP415', {
  valid: [
    {
      name: 'network addresses, a bare address, and a full-length IPv4-mapped prefix',
      text: sourceIp(['198.51.100.0/24', '192.168.1.1', '::ffff:10.0.0.1/128', 'fd00::/8', '0.0.0.0/0']),
    },
    { name: 'only IP operators are read', text: [allow(ROOT, 'kms:Decrypt', { StringEquals: { 'aws:SourceIp': '203.0.113.7/24' } })] },
  ],
  invalid: [
    {
      name: 'host bits are rewritten to the network address',
      text: HOST_BITS,
      errors: [
        {
          at: '"203.0.113.7/24"',
          message: /covers the whole network 203\.0\.113\.0\/24/,
          output: swap(HOST_BITS, '"203.0.113.7/24"', '"203.0.113.0/24"'),
        },
      ],
    },
    {
      name: 'host bits in IPv4 and IPv6 ranges',
      text: sourceIp(['10.1.2.3/16', '2001:db8::1/32']),
      errors: [
        { at: '"10.1.2.3/16"', message: /covers the whole network 10\.1\.0\.0\/16/ },
        { at: '"2001:db8::1/32"', message: /covers the whole network 2001:db8::\/32/ },
      ],
    },
  ],
});

const VPC = policyText([
  allow(ROOT, 'kms:Decrypt', {
    StringEquals: {
      'aws:SourceVpc': ['vpc-1a2b3c4d', 'VPC-1A2B3C4D', 'vpce-1a2b3c4d'],
      'aws:SourceVpce': ['vpce-0123456789abcdef0', 'vpc-1a2b3c4d'],
    },
  }),
]);
const VPC_DIGITS = policyText([
  allow(ROOT, 'kms:Decrypt', {
    StringEquals: { 'aws:SourceVpc': ['vpc-0123456789abcdef', 'vpc-1a2b3c4g'], 'aws:SourceVpce': 'VPCE-1A2B3C4D' },
    StringNotEquals: { 'aws:sourcevpc': 'vpc-1' },
  }),
]);

ruleTester('KP416', {
  valid: [
    {
      name: 'patterns under StringLike, and variables',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringLike: { 'aws:SourceVpce': 'vpce-*' },
          StringEquals: { 'aws:SourceVpc': '${aws:PrincipalTag/vpc}' },
        }),
      ],
    },
    {
      name: 'ids of 8 and 17 hex digits',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringEquals: { 'aws:SourceVpc': ['vpc-1a2b3c4d', 'vpc-0123456789abcdef0'], 'aws:SourceVpce': 'vpce-0123456789abcdef0' },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'malformed VPC and VPC endpoint ids; the case is fixed',
      text: VPC,
      errors: [
        {
          at: '"VPC-1A2B3C4D"',
          message: /is not a VPC id \(vpc- followed by 8 or 17 lowercase hex digits/,
          output: swap(VPC, '"VPC-1A2B3C4D"', '"vpc-1a2b3c4d"'),
        },
        {
          at: '"vpce-1a2b3c4d"',
          pointer: '/Statement/0/Condition/StringEquals/aws:SourceVpc/2',
          message: /^"vpce-1a2b3c4d" is not a VPC id/,
          fixes: [],
        },
        { at: '"vpc-1a2b3c4d"', pointer: '/Statement/0/Condition/StringEquals/aws:SourceVpce/1', message: /is not a VPC endpoint id/ },
      ],
    },
    {
      name: 'a digit short of 17, a letter that is not hex, capitals, and a negated test on the key in any case',
      text: VPC_DIGITS,
      errors: [
        { at: '"vpc-0123456789abcdef"', message: /^"vpc-0123456789abcdef" is not a VPC id/, fixes: [] },
        { at: '"vpc-1a2b3c4g"', message: /^"vpc-1a2b3c4g" is not a VPC id/, fixes: [] },
        {
          at: '"VPCE-1A2B3C4D"',
          message: /^"VPCE-1A2B3C4D" is not a VPC endpoint id \(vpce- followed by 8 or 17 lowercase hex digits/,
          output: swap(VPC_DIGITS, '"VPCE-1A2B3C4D"', '"vpce-1a2b3c4d"'),
        },
        { at: '"vpc-1"', message: /^"vpc-1" is not a VPC id .*, so aws:sourcevpc never equals it\.$/ },
      ],
    },
  ],
});

const ALIAS_ARNS = policyText([
  allow(ROOT, 'kms:Decrypt', {
    'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'arn:aws:kms:us-east-1:111122223333:alias/x' },
    StringLike: { 'kms:RequestAlias': 'arn:aws:kms:*:*:alias/x' },
  }),
]);
const ALIASES = policyText([
  allow(ROOT, 'kms:Decrypt', {
    StringEquals: { 'kms:RequestAlias': ['arn:aws:kms:us-east-1:111122223333:alias/app', 'app-key', 'alias/ok'] },
  }),
  allow(ROOT, 'kms:Decrypt', { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': ['*-prod', 'prod-*'] } }),
]);

ruleTester('KP423', {
  valid: [
    {
      name: 'alias names and patterns',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          StringLike: { 'kms:RequestAlias': ['alias/app-*', '*-prod'] },
          StringEquals: { 'kms:RequestAlias': 'alias/ok' },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'alias ARNs and names without alias/ are fixed; a pattern is not rewritten',
      text: ALIASES,
      errors: [
        {
          at: '"arn:aws:kms:us-east-1:111122223333:alias/app"',
          message: /holds alias names such as "alias\/ExampleAlias", not alias ARNs/,
          output: swap(ALIASES, '"arn:aws:kms:us-east-1:111122223333:alias/app"', '"alias/app"'),
        },
        { at: '"app-key"', message: /values start with "alias\/"/, output: swap(ALIASES, '"app-key"', '"alias/app-key"') },
        { at: '"prod-*"', message: 'kms:ResourceAliases values start with "alias/", so "prod-*" never matches.', fixes: [] },
      ],
    },
    {
      name: 'an alias ARN in kms:ResourceAliases, and an ARN pattern whose alias name is plain',
      text: ALIAS_ARNS,
      errors: [
        {
          at: '"arn:aws:kms:us-east-1:111122223333:alias/x"',
          message: /^kms:ResourceAliases holds alias names such as "alias\/ExampleAlias", not alias ARNs/,
          output: swap(ALIAS_ARNS, '"arn:aws:kms:us-east-1:111122223333:alias/x"', '"alias/x"'),
        },
        {
          at: '"arn:aws:kms:*:*:alias/x"',
          message: /^kms:RequestAlias holds alias names .* Use "alias\/x"\.$/,
          output: swap(ALIAS_ARNS, '"arn:aws:kms:*:*:alias/x"', '"alias/x"'),
        },
      ],
    },
  ],
});

const UPPER_BOUNDS = policyText([allow(ROOT, 'kms:ScheduleKeyDeletion', { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': [20, 30] } })]);
const BOUNDS = policyText([
  allow(ROOT, 'kms:ScheduleKeyDeletion', { NumericGreaterThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': [20, '14', 30] } }),
]);

ruleTester('KP417', {
  valid: [
    {
      name: 'several values for NumericEquals, one bound for an ordering operator',
      text: [
        allow(ROOT, 'kms:ScheduleKeyDeletion', {
          NumericEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': [7, 30] },
          NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 30 },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'several bounds for a Numeric ordering operator: the widest is kept',
      text: BOUNDS,
      errors: [
        {
          at: pretty([20, '14', 30], 5),
          message: /only the smallest bound \("14"\) matters/,
          output: swap(BOUNDS, pretty([20, '14', 30], 5), '"14"'),
        },
      ],
    },
    {
      name: 'an upper bound keeps the largest',
      text: UPPER_BOUNDS,
      errors: [
        {
          at: pretty([20, 30], 5),
          message: 'NumericLessThan with several values matches if any one does, so only the largest bound (30) matters. Keep that one value.',
          fixes: [{ title: 'Keep only 30', preferred: true }],
          output: swap(UPPER_BOUNDS, pretty([20, 30], 5), '30'),
        },
      ],
    },
  ],
});
