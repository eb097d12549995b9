import { test } from 'node:test';
import assert from 'node:assert/strict';
import { externalAccountAccess } from '../../../server/src/engine/rules/externalAccountAccess';
import { allow, deny, lint, policyText, reported } from './ruleKit';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };

test('KP517 reports each principal of another account as info', () => {
  const text = policyText([
    allow(ROOT, 'kms:*'),
    allow({ AWS: ['arn:aws:iam::111122223333:role/App', 'arn:aws:iam::444455556666:root', 'arn:aws:iam::777788889999:role/Ext'] }, 'kms:Decrypt'),
  ]);
  const fs = lint(externalAccountAccess, text);
  assert.deepEqual(fs.map((f) => reported(text, f)), ['"arn:aws:iam::444455556666:root"', '"arn:aws:iam::777788889999:role/Ext"']);
  assert.ok(fs.every((f) => f.code === 'KP517' && f.severity === 'info'));
  assert.match(fs[0]!.message, /^Account 444455556666 is outside this key's account \(111122223333\): the access works only if an IAM policy in 444455556666 also allows/);
  assert.match(fs[1]!.message, /^This principal in account 777788889999/);
});

test('KP517 is quiet on own-account principals, on Deny and when the account is unknown', () => {
  const own = policyText([allow(ROOT, 'kms:*'), deny({ AWS: 'arn:aws:iam::444455556666:root' }, 'kms:*')]);
  assert.deepEqual(lint(externalAccountAccess, own), []);
  const unknown = policyText([allow({ AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::777788889999:root'] }, 'kms:Decrypt')]);
  assert.deepEqual(lint(externalAccountAccess, unknown), []);
});
