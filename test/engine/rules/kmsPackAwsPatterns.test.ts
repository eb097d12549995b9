/**
 * The KP5xx pack on AWS's own policy shapes, built inline so this test stands on its own: exactly the info
 * findings the rules document (KP510 on console administrators, KP517 on external accounts), nothing louder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES, createPolicyService, type PolicyContext } from '../../../server/src/engine/index';
import { allow, policyText } from './ruleTester';

const PACK = ALL_RULES.filter((r) => /^KP5\d\d$/.test(r.code));
const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const EXT = 'arn:aws:iam::444455556666:root';
const USERS = ['arn:aws:iam::111122223333:user/ExampleUser', 'arn:aws:iam::111122223333:role/ExampleRole'];
const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];
const USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
const ATTACH = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

function consolePolicy(users: string[], extraAdmin: string[] = []): string {
  return policyText([
    { Sid: 'Enable IAM User Permissions', ...allow(ROOT, 'kms:*') },
    {
      Sid: 'Allow access for Key Administrators',
      ...allow({ AWS: 'arn:aws:iam::111122223333:role/KMSAdminRole' }, [...ADMIN_ACTIONS, ...extraAdmin]),
    },
    { Sid: 'Allow use of the key', ...allow({ AWS: users }, USE) },
    {
      Sid: 'Allow attachment of persistent resources',
      ...allow({ AWS: users }, ATTACH, { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
    },
  ]);
}

const CASES: [string, string, string[]][] = [
  ['the programmatic default policy', policyText([allow(ROOT, 'kms:*')]), []],
  ['the console default policy', consolePolicy(USERS), ['KP510']],
  [
    'the console policy with an external account, multi-Region',
    consolePolicy([...USERS, EXT], ['kms:ImportKeyMaterial', 'kms:ReplicateKey', 'kms:UpdatePrimaryRegion']),
    ['KP510', 'KP517', 'KP517'],
  ],
  [
    'the AWS managed key pattern',
    policyText([
      allow({ AWS: '*' }, [...USE, 'kms:CreateGrant'], {
        StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' },
      }),
      allow(ROOT, ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant']),
    ]),
    [],
  ],
  [
    'a service principal with aws:SourceArn',
    policyText([
      allow(ROOT, 'kms:*'),
      allow({ Service: 'cloudtrail.amazonaws.com' }, ['kms:GenerateDataKey*', 'kms:DescribeKey'], {
        StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' },
      }),
      allow({ Service: 'logs.us-east-1.amazonaws.com' }, ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], {
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:111122223333:log-group:g' },
      }),
    ]),
    [],
  ],
];

const CONTEXTS: PolicyContext[] = [
  {},
  { account: '111122223333', region: 'us-east-1', keyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
];

test('the KP5xx pack has eighteen rules, all in the band', () => {
  assert.equal(PACK.length, 18);
  assert.deepEqual(
    PACK.map((r) => r.code),
    Array.from({ length: 18 }, (_, i) => `KP5${String(i + 1).padStart(2, '0')}`),
  );
});

for (const [name, text, expected] of CASES) {
  for (const context of CONTEXTS) {
    test(`KP5xx on ${name} (${context.account ? 'with' : 'without'} key context): only ${expected.join(', ') || 'nothing'}`, () => {
      const service = createPolicyService({ context }, PACK);
      const result = service.lint(service.parse(text));
      assert.deepEqual(result.failures, []);
      assert.deepEqual(
        result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.code}: ${f.message}`),
        [],
      );
      assert.deepEqual(
        result.findings.map((f) => f.code),
        expected,
      );
    });
  }
}
