import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowWithNotAction } from '../../../server/src/engine/rules/allowWithNotAction';
import { allActions, KMS_ACTION_FACTS } from '../../../server/src/engine/catalog';
import { applyFix, lint, one, policyText, reported } from './ruleKit';

const notAction = (list: string | string[], effect = 'Allow') => ({ Effect: effect, Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, NotAction: list, Resource: '*' });

test('KP209 warns on Allow with NotAction, naming the sensitive actions it still allows', () => {
  const text = policyText([notAction(['kms:Decrypt', 'kms:Encrypt'])]);
  const f = one(lint(allowWithNotAction, text));
  assert.equal(f.code, 'KP209');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"NotAction"');
  assert.match(f.message, /^"Allow" with "NotAction" allows every other KMS action, including kms:CreateGrant, kms:PutKeyPolicy, kms:ReplicateKey and \d+ more, and any action KMS adds later\./);
});

test('KP209 fix writes out the equivalent Action list (key-policy actions only)', () => {
  const text = policyText([notAction('kms:Decrypt')]);
  const f = one(lint(allowWithNotAction, text));
  const statement = JSON.parse(applyFix(text, f)).Statement[0];
  assert.equal(statement.NotAction, undefined);
  const expected = allActions().filter((a) => KMS_ACTION_FACTS[a.name]?.keyPolicy === 'yes' && a.name !== 'Decrypt').map((a) => a.fullName);
  assert.deepEqual(statement.Action, expected);
  assert.ok(!statement.Action.includes('kms:CreateKey'));
  assert.ok(statement.Action.includes('kms:PutKeyPolicy'));
});

test('KP209 without sensitive leftovers still warns about future actions; Deny with NotAction is fine', () => {
  const text = policyText([notAction(['kms:Put*', 'kms:CreateGrant', 'kms:ReplicateKey', 'kms:Disable*', 'kms:ScheduleKeyDeletion', 'kms:Delete*', 'kms:*CustomKeyStore'])]);
  assert.match(one(lint(allowWithNotAction, text)).message, /^"Allow" with "NotAction" allows every other KMS action, and any action KMS adds later/);
  assert.deepEqual(lint(allowWithNotAction, policyText([notAction('kms:Describe*', 'Deny')])), []);
});
