import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGrantWithoutConstraints } from '../../../server/src/engine/rules/createGrantWithoutConstraints';
import { crossAccountCreateGrant } from '../../../server/src/engine/rules/crossAccountCreateGrant';
import { allow, applyFix, json, lint, one, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const APP = 'arn:aws:iam::111122223333:role/App';
const EXT = 'arn:aws:iam::444455556666:root';
const FOR_AWS = { Bool: { 'kms:GrantIsForAWSResource': 'true' } };

test('KP504 fires on unconstrained CreateGrant, and the fix adds GrantIsForAWSResource when it fits every action', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow({ AWS: APP }, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'])]);
  const f = one(lint(createGrantWithoutConstraints, text));
  assert.equal(f.code, 'KP504');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"kms:CreateGrant"');
  assert.match(f.message, /create grants with no limits: a grant can give any principal in any account any operation/);
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[1].Condition, { Bool: { 'kms:GrantIsForAWSResource': 'true' } });
});

test('KP504 names the wildcard and offers no fix when the condition would switch off other actions', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow({ AWS: APP }, ['kms:Decrypt', 'kms:Create*'])]);
  const f = one(lint(createGrantWithoutConstraints, text));
  assert.equal(reported(text, f), '"kms:Create*"');
  assert.match(f.message, /\("kms:Create\*" includes kms:CreateGrant\)/);
  assert.equal(f.fixes, undefined);
});

test('KP504 is quiet when grants are limited, for the root statement and for administrators', () => {
  const text = policyText([
    allow(ROOT, 'kms:*'),
    allow({ AWS: APP }, 'kms:CreateGrant', FOR_AWS),
    allow({ AWS: APP }, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt'] } }),
    allow({ AWS: APP }, 'kms:CreateGrant', { StringEquals: { 'kms:GranteePrincipal': 'arn:aws:iam::111122223333:role/Worker' } }),
    allow('*', ['kms:Decrypt', 'kms:CreateGrant'], { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } }),
    allow({ AWS: APP }, ['kms:Create*', 'kms:Put*']),
    allow({ AWS: EXT }, 'kms:CreateGrant'),
  ]);
  assert.deepEqual(lint(createGrantWithoutConstraints, text), []);
});

test('KP505 fires on CreateGrant to another account, at its principal, with the fix', () => {
  const text = policyText([allow(ROOT, 'kms:*'), allow({ AWS: [APP, EXT] }, ['kms:CreateGrant', 'kms:ListGrants'])]);
  const f = one(lint(crossAccountCreateGrant, text));
  assert.equal(f.code, 'KP505');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), `"${EXT}"`);
  assert.match(f.message, /lets account 444455556666 create grants for this key/);
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[1].Condition, { Bool: { 'kms:GrantIsForAWSResource': 'true' } });
});

test('KP505 still fires when GrantOperations allows Decrypt or only a negated test limits it', () => {
  const text = policyText([
    allow(ROOT, 'kms:*'),
    allow({ AWS: EXT }, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } }),
    allow({ AWS: 'arn:aws:iam::444455556666:role/X' }, 'kms:CreateGrant', { StringNotEquals: { 'kms:GranteePrincipal': APP } }),
  ]);
  assert.equal(lint(crossAccountCreateGrant, text).length, 2);
});

test('KP505 is quiet for the console cross-account pattern, pinned grantees and harmless operations', () => {
  const text = policyText([
    allow(ROOT, 'kms:*'),
    allow({ AWS: [APP, EXT] }, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], { Bool: { 'kms:GrantIsForAWSResource': true } }),
    allow({ AWS: EXT }, 'kms:CreateGrant', { StringEquals: { 'kms:GranteePrincipal': 'arn:aws:iam::444455556666:role/Worker' } }),
    allow({ AWS: EXT }, 'kms:CreateGrant', { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'DescribeKey'] } }),
    allow({ AWS: APP }, 'kms:CreateGrant'),
  ]);
  assert.deepEqual(lint(crossAccountCreateGrant, text), []);
});
