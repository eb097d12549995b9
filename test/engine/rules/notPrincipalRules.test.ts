import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowWithNotPrincipal } from '../../../server/src/engine/rules/allowWithNotPrincipal';
import { denyNotPrincipalWithoutAccount } from '../../../server/src/engine/rules/denyNotPrincipalWithoutAccount';
import { applyFix, json, lint, one, policyText, reported } from './ruleKit';

const ROLE = 'arn:aws:iam::111122223333:role/Admin';

test('KP301 fires on Allow with NotPrincipal, at the element name, without a fix', () => {
  const text = policyText([{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/bob' }, Action: 'kms:Decrypt', Resource: '*' }]);
  const f = one(lint(allowWithNotPrincipal, text));
  assert.equal(f.code, 'KP301');
  assert.equal(f.severity, 'warning');
  assert.equal(reported(text, f), '"NotPrincipal"');
  assert.match(f.message, /grants these actions to every principal in every AWS account except the ones listed/);
  assert.equal(f.fixes, undefined);
});

test('KP301 is quiet on Deny with NotPrincipal and on Allow with Principal', () => {
  const text = policyText([
    { Effect: 'Deny', NotPrincipal: { AWS: [ROLE, 'arn:aws:iam::111122223333:root'] }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' },
  ]);
  assert.deepEqual(lint(allowWithNotPrincipal, text), []);
});

test('KP309 fires when a Deny exempts a role without its account, and the fix adds the root', () => {
  const text = policyText([{ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' }]);
  const f = one(lint(denyNotPrincipalWithoutAccount, text));
  assert.equal(f.code, 'KP309');
  assert.equal(reported(text, f), `"${ROLE}"`);
  assert.match(f.message, /exempts role "Admin" but not its account 111122223333/);
  assert.deepEqual((json(applyFix(text, f)) as any).Statement[0].NotPrincipal.AWS, [ROLE, 'arn:aws:iam::111122223333:root']);
});

test('KP309 appends to an existing list and counts a bare account id as the account', () => {
  const text = policyText([{ Effect: 'Deny', NotPrincipal: { AWS: [ROLE, 'arn:aws:iam::444455556666:user/u'] }, Action: 'kms:*', Resource: '*' }]);
  const fs = lint(denyNotPrincipalWithoutAccount, text);
  assert.equal(fs.length, 2);
  assert.deepEqual((json(applyFix(text, fs[1]!)) as any).Statement[0].NotPrincipal.AWS, [ROLE, 'arn:aws:iam::444455556666:user/u', 'arn:aws:iam::444455556666:root']);
  const ok = policyText([{ Effect: 'Deny', NotPrincipal: { AWS: [ROLE, '111122223333'] }, Action: 'kms:*', Resource: '*' }]);
  assert.deepEqual(lint(denyNotPrincipalWithoutAccount, ok), []);
  const allowOnly = policyText([{ Effect: 'Allow', NotPrincipal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' }]);
  assert.deepEqual(lint(denyNotPrincipalWithoutAccount, allowOnly), []);
});
