import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES, createPolicyService } from '../../../server/src/engine/index';
import { allow, deny, policyText, reported, ruleTester, swap } from './ruleTester';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const ARN = policyText([allow(ROOT, 'kms:Decrypt', { ArnEquals: { 'aws:ARN': 'arn:aws:iam::111122223333:role/App' } })]);
const SOURCE_OWNER = policyText([deny('*', 'kms:*', { StringNotEquals: { 'AWS:SourceOwner': '111122223333' } })]);

ruleTester('KP404', {
  valid: [
    {
      name: 'supported keys, unknown keys and deprecated kms keys',
      text: [
        allow(ROOT, 'kms:Decrypt', {
          ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/App', 'aws:SourceArn': 'arn:aws:s3:::b' },
          StringEquals: { 'aws:SourceAccount': '111122223333', 'aws:ARNs': 'x', 'kms:CustomerMasterKeySpec': 'RSA_2048' },
        }),
      ],
    },
  ],
  invalid: [
    {
      name: 'aws:ARN is an unsupported key (error), with both replacements as fixes',
      text: ARN,
      errors: [
        {
          at: '"aws:ARN"',
          message:
            '"aws:ARN" is not a supported global condition key, so a condition on it does not test what it appears to. Use "aws:PrincipalArn" (the ARN of the calling principal) or "aws:SourceArn" (the ARN of the resource a service calls on behalf of) instead.',
          fixes: [
            { title: 'Change to "aws:PrincipalArn"', output: swap(ARN, '"aws:ARN"', '"aws:PrincipalArn"') },
            { title: 'Change to "aws:SourceArn"', output: swap(ARN, '"aws:ARN"', '"aws:SourceArn"') },
          ],
        },
      ],
    },
    {
      name: 'aws:SourceOwner is deprecated (warning), in any case, with the caveat and a rename fix',
      text: SOURCE_OWNER,
      errors: [
        {
          at: '"AWS:SourceOwner"',
          severity: 'warning',
          message:
            /^"AWS:SourceOwner" is a deprecated global condition key\. Use "aws:SourceAccount" \(.*\) instead\. Some AWS services still set only aws:SourceOwner/,
          output: swap(SOURCE_OWNER, '"AWS:SourceOwner"', '"aws:SourceAccount"'),
        },
      ],
    },
    {
      name: 'no fix that would duplicate a key already under the operator',
      text: [allow(ROOT, 'kms:Decrypt', { ArnLike: { 'aws:ARN': 'arn:aws:iam::*:role/A', 'aws:PrincipalArn': 'arn:aws:iam::*:role/B' } })],
      errors: [{ at: '"aws:ARN"', message: /^"aws:ARN" is not a supported global condition key/, fixes: ['Change to "aws:SourceArn"'] }],
    },
  ],
});

test('KP402 defers to KP404: with the full pack aws:ARN is reported once, by KP404', () => {
  const service = createPolicyService({}, ALL_RULES);
  const codes = service
    .lint(service.parse(ARN))
    .findings.filter((f) => reported(ARN, f.at) === '"aws:ARN"')
    .map((f) => f.code);
  assert.deepEqual(codes, ['KP404']);
});
