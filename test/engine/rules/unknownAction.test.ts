import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownAction } from '../../../server/src/engine/rules/unknownAction';
import { allow, applyFix, deny, lint, one, policyText, reported } from './ruleKit';

test('KP201 reports a misspelt kms action with a preferred fix to the real one', () => {
  const text = policyText([allow('*', ['kms:Decrpyt', 'kms:Encrypt'])]);
  const f = one(lint(unknownAction, text));
  assert.equal(f.code, 'KP201');
  assert.equal(f.severity, 'error');
  assert.equal(reported(text, f), '"kms:Decrpyt"');
  assert.match(f.message, /"kms:Decrpyt" is not a KMS action, so it never matches and this grants nothing for it\. Did you mean "kms:Decrypt"\?/);
  assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change to kms:Decrypt', true]]);
  assert.equal(applyFix(text, f), policyText([allow('*', ['kms:Decrypt', 'kms:Encrypt'])]));
});

test('KP201 offers several near actions without preferring one, and says a Deny protects nothing', () => {
  const text = policyText([deny('*', 'kms:GenerateDataKeys')]);
  const f = one(lint(unknownAction, text));
  assert.match(f.message, /this Deny protects nothing for it/);
  assert.ok((f.fixes?.length ?? 0) >= 2, JSON.stringify(f.fixes?.map((x) => x.title)));
  assert.equal(f.fixes?.[0]?.title, 'Change to kms:GenerateDataKey');
  assert.ok(f.fixes?.every((x) => x.preferred === undefined));
  const far = one(lint(unknownAction, policyText([allow('*', 'kms:Xyzzy')])));
  assert.match(far.message, /Check the name against the AWS KMS API reference\./);
  assert.equal(far.fixes, undefined);
});

test('KP201 accepts real actions in any case, patterns, "*" and other services', () => {
  const text = policyText([allow('*', ['kms:decrypt', 'KMS:DescribeKey', 'kms:Get*', '*', 's3:GetObject', 'kms:Foo*']), { ...allow('*', []), Action: undefined, NotAction: 'kms:ScheduleKeyDeletion' }]);
  assert.deepEqual(lint(unknownAction, text), []);
});
