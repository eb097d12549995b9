import { allow, deny, policyText, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const IP_DENY = policyText([allow(ROOT, 'kms:*'), deny('*', 'kms:*', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })]);

ruleTester('KP513', {
  valid: [
    {
      name: 'a service exception, positive Denies and Allows',
      text: [
        deny('*', 'kms:*', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, Bool: { 'aws:ViaAWSService': 'false' } }),
        deny('*', 'kms:*', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' }, Null: { 'kms:ViaService': 'true' } }),
        deny('*', 'kms:*', { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }),
        allow(ROOT, 'kms:*', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      ],
    },
  ],
  invalid: [
    {
      name: 'a Deny outside an IP range: the fix exempts AWS services',
      text: IP_DENY,
      errors: [
        {
          at: '"aws:SourceIp"',
          message: /also blocks AWS services/,
          output: swap(IP_DENY, '"203.0.113.0/24"\n        }', '"203.0.113.0/24"\n        },\n        "Bool": {"aws:ViaAWSService":"false"}'),
        },
      ],
    },
    {
      name: 'VPC endpoint Denies, negated and Null forms',
      text: [
        deny('*', 'kms:Decrypt', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
        deny('*', 'kms:Decrypt', { Null: { 'aws:sourcevpc': 'true' } }),
      ],
      errors: [
        { at: '"aws:SourceVpce"', message: /also blocks AWS services/ },
        { at: '"aws:sourcevpc"', message: /also blocks AWS services/ },
      ],
    },
  ],
});
