import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redundantAction } from '../../../server/src/engine/rules/redundantAction';
import { patternCovers } from '../../../server/src/engine/facts';
import { allow, applyFix, lint, one, policyText, reported } from './ruleKit';

test('KP118 reports an action covered by a wildcard in the same list; the fix removes it', () => {
  const text = policyText([allow('*', ['kms:Get*', 'kms:Decrypt', 'kms:GetPublicKey'])]);
  const f = one(lint(redundantAction, text));
  assert.equal(f.code, 'KP118');
  assert.equal(f.severity, 'info');
  assert.equal(f.unnecessary, true);
  assert.equal(reported(text, f), '"kms:GetPublicKey"');
  assert.match(f.message, /"kms:GetPublicKey" is already covered by "kms:Get\*" in this "Action"; remove it\./);
  assert.equal(applyFix(text, f), policyText([allow('*', ['kms:Get*', 'kms:Decrypt'])]));
});

test('KP118 reports the later of two equal actions (any case), and items under kms:* or *', () => {
  const text = policyText([allow('*', ['kms:decrypt', 'kms:Encrypt', 'kms:Decrypt']), { ...allow('*', []), Action: undefined, NotAction: ['*', 'kms:*'] }]);
  const found = lint(redundantAction, text);
  assert.deepEqual(found.map((f) => reported(text, f)), ['"kms:Decrypt"', '"kms:*"']);
  assert.match(found[0]!.message, /"kms:Decrypt" is listed twice in this "Action"; remove the repeat\./);
  assert.match(found[1]!.message, /already covered by "\*" in this "NotAction"/);
  assert.deepEqual(JSON.parse(applyFix(text, found[0]!)).Statement[0].Action, ['kms:decrypt', 'kms:Encrypt']);
});

test('KP118 stays quiet on the console key-administrator list and on overlapping but not covering patterns', () => {
  const admin = ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'];
  assert.deepEqual(lint(redundantAction, policyText([allow('*', admin), allow('*', ['kms:Get*', 'kms:*Key', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'])])), []);
});

test('patternCovers is sound for wildcards on both sides', () => {
  assert.equal(patternCovers('kms:*', 'kms:Get*'), true);
  assert.equal(patternCovers('*', 'kms:Decrypt'), true);
  assert.equal(patternCovers('kms:G*', 'kms:Get?ey*'), true);
  assert.equal(patternCovers('kms:Get?ey', 'kms:Get*ey'), false);
  assert.equal(patternCovers('kms:Get*', 'kms:G*'), false);
  assert.equal(patternCovers('kms:Decrypt', 'kms:Decrypt*'), false);
  assert.equal(patternCovers('kms:?ecrypt', 'kms:Decrypt'), true);
  assert.equal(patternCovers('kms:Decrypt', 'KMS:DECRYPT'), true);
  assert.equal(patternCovers('s3:*', 'kms:Decrypt'), false);
});
