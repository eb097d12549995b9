/**
 * The KP3xx and KP4xx rules must say nothing at all (not even info) about the key-policy patterns AWS itself
 * documents and generates. test/engine/awsPoliciesClean.test.ts checks the whole pack on the fixture files;
 * this adds the condition patterns those files do not cover.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES, createPolicyService } from '../../../server/src/engine/index';
import { allow, policyText } from './ruleTester';

const MINE = ALL_RULES.filter((r) => /^KP[34]\d\d$/.test(r.code));
const ACCOUNT = '111122223333';
const ROOT = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
const ADMIN = { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` };
const USERS = { AWS: [`arn:aws:iam::${ACCOUNT}:role/App`, 'arn:aws:iam::444455556666:root'] };

function findings(text: string, context = {}) {
  const service = createPolicyService({ context }, MINE);
  const result = service.lint(service.parse(text));
  assert.deepEqual(result.failures, []);
  return result.findings.map((f) => `${f.code} ${f.severity} ${f.at.pointer}: ${f.message}`);
}

const PATTERNS: Record<string, string> = {
  'console default with admins, users and persistent-resource attachments': policyText([
    { Sid: 'Enable IAM User Permissions', ...allow(ROOT, 'kms:*') },
    {
      Sid: 'Allow access for Key Administrators',
      ...allow(ADMIN, [
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
      ]),
    },
    {
      Sid: 'Allow use of the key',
      ...allow(USERS, ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']),
    },
    {
      Sid: 'Allow attachment of persistent resources',
      ...allow(USERS, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
    },
  ]),
  'AWS managed key (kms:ViaService + kms:CallerAccount)': policyText([
    {
      Sid: 'Allow access through EBS for all principals in the account that are authorized to use EBS',
      ...allow({ AWS: '*' }, ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'], {
        StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' },
      }),
    },
    {
      Sid: 'Allow direct access to key metadata to the account',
      ...allow(ROOT, ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant']),
    },
  ]),
  'encryption context conditions and guarded set operators': policyText([
    allow(ROOT, 'kms:*'),
    allow(USERS, ['kms:Decrypt', 'kms:GenerateDataKey'], { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } }),
    allow(USERS, 'kms:Encrypt', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['Department', 'Project'] } }),
    allow(USERS, 'kms:Decrypt', {
      'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Department', 'Project'] },
      Null: { 'kms:EncryptionContextKeys': 'false' },
    }),
    allow(USERS, 'kms:CreateGrant', {
      'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] },
      'ForAnyValue:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] },
      Bool: { 'kms:GrantIsForAWSResource': true },
    }),
    allow(USERS, 'kms:Decrypt', { StringEqualsIgnoreCase: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::bucket/prefix' } }),
  ]),
  'service principals scoped the way AWS documents': policyText([
    allow(ROOT, 'kms:*'),
    allow({ Service: 'cloudtrail.amazonaws.com' }, 'kms:GenerateDataKey*', {
      StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-2:${ACCOUNT}:trail/t` },
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
    }),
    allow({ Service: 'cloudtrail.amazonaws.com' }, 'kms:DescribeKey'),
    allow({ Service: 'delivery.logs.amazonaws.com' }, 'kms:GenerateDataKey*', {
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: { 'aws:SourceArn': `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
    }),
    allow({ Service: ['events.amazonaws.com', 'sns.amazonaws.com'] }, ['kms:Decrypt', 'kms:GenerateDataKey*'], {
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
    }),
  ]),
  'organization perimeter, network and MFA conditions': policyText([
    allow(ROOT, 'kms:*'),
    allow({ AWS: '*' }, 'kms:Decrypt', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, Bool: { 'aws:SecureTransport': 'true' } }),
    allow(USERS, 'kms:Decrypt', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d', 'aws:SourceVpc': 'vpc-0123456789abcdef0' } }),
    allow(USERS, 'kms:Decrypt', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } }),
    allow(USERS, 'kms:ScheduleKeyDeletion', {
      NumericGreaterThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 14 },
      BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' },
    }),
    allow(USERS, 'kms:Decrypt', {
      StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' },
      ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` },
    }),
    allow(USERS, ['kms:Decrypt', 'kms:DescribeKey'], { StringEquals: { 'kms:RequestAlias': 'alias/app' } }),
  ]),
};

for (const [name, text] of Object.entries(PATTERNS)) {
  test(`no KP3xx/KP4xx finding on: ${name}`, () => {
    assert.deepEqual(findings(text), []);
    assert.deepEqual(findings(text, { account: ACCOUNT, region: 'us-east-1' }), []);
  });
}

test('no KP3xx/KP4xx finding, at any severity, on the AWS fixture files', () => {
  const dir = path.resolve(__dirname, '../../../../test/fixtures/aws');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0);
  for (const f of files) assert.deepEqual(findings(readFileSync(path.join(dir, f), 'utf8')), [], f);
});

test('the KP3xx/KP4xx rules are all in the pack, in code order, with unique codes and a page each', () => {
  const codes = MINE.map((r) => r.code);
  assert.deepEqual(codes, [...codes].sort());
  assert.equal(new Set(codes).size, codes.length);
  assert.ok(codes.length >= 35, `${codes.length} rules`);
  const docs = path.resolve(__dirname, '../../../../docs/rules');
  for (const r of MINE) {
    const page = readFileSync(path.join(docs, `${r.code}.md`), 'utf8');
    assert.ok(page.startsWith(`# ${r.code} ${r.name}\n`), `${r.code}.md title`);
    assert.match(page, /## Bad[\s\S]*```json[\s\S]*## Good[\s\S]*```json/, `${r.code}.md examples`);
  }
});
