import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowShadowedByDeny } from '../../../server/src/engine/rules/allowShadowedByDeny';
import { denyNeverMatches } from '../../../server/src/engine/rules/denyNeverMatches';
import { allow, deny, lint, one, policyText, reported } from './ruleKit';

const A = '111122223333';
const ctx = { context: { account: A } };
const role = { AWS: `arn:aws:iam::${A}:role/App` };

test('KP604 fades an Allow that a Deny cancels, pointing at the Deny', () => {
  const text = policyText([allow({ AWS: A }, 'kms:*'), allow(role, 'kms:Decrypt'), deny(role, ['kms:Decrypt', 'kms:Encrypt'])]);
  const f = one(lint(allowShadowedByDeny, text, ctx));
  assert.equal(f.code, 'KP604');
  assert.equal(f.unnecessary, true);
  assert.ok(reported(text, f).includes('"kms:Decrypt"') && reported(text, f).startsWith('{'));
  assert.equal(f.related?.length, 1);
  assert.ok(reported(text, { ...f, at: f.related![0]! }).includes('"Deny"'));
  assert.match(f.message, /Every permission this Allow gives is removed by a Deny/);
});

test('KP604 sees symbolic shadowing: the Allow\'s condition implies the Deny\'s', () => {
  const text = policyText([
    allow({ AWS: A }, 'kms:*'),
    allow(role, 'kms:Decrypt', { StringEquals: { 'aws:PrincipalOrgID': 'o-2' } }),
    deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } }),
  ]);
  assert.equal(one(lint(allowShadowedByDeny, text, ctx)).code, 'KP604');
});

test('KP604 is quiet when some permission survives', () => {
  const text = policyText([allow(role, ['kms:Decrypt', 'kms:Encrypt']), deny(role, 'kms:Decrypt')]);
  assert.deepEqual(lint(allowShadowedByDeny, text, ctx), []);
  const conditional = policyText([allow(role, 'kms:Decrypt'), deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } })]);
  assert.deepEqual(lint(allowShadowedByDeny, conditional, ctx), []);
});

test('KP605 reports a Deny whose condition keys its actions never carry', () => {
  const text = policyText([allow({ AWS: A }, 'kms:*'), deny('*', ['kms:DescribeKey', 'kms:PutKeyPolicy'], { StringNotEquals: { 'kms:EncryptionContext:Dept': 'IT' }, Null: { 'kms:GrantOperations': 'false' } })]);
  const f = one(lint(denyNeverMatches, text, ctx));
  assert.equal(f.code, 'KP605');
  assert.equal(f.severity, 'warning');
  assert.equal(f.unnecessary, true);
  assert.ok(reported(text, f).includes('"Deny"'));
  assert.match(f.message, /kms:GrantOperations is never in the request context of kms:DescribeKey, kms:PutKeyPolicy/);
});

test('KP605 reports a Deny whose conditions contradict each other', () => {
  const text = policyText([deny('*', 'kms:Decrypt', { StringEquals: { 'aws:PrincipalOrgID': 'o-1' }, Null: { 'aws:PrincipalOrgID': 'true' } })]);
  assert.match(one(lint(denyNeverMatches, text, ctx)).message, /can never all hold/);
});

test('KP605 is quiet for Denies that can match', () => {
  for (const d of [
    deny('*', 'kms:*', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } }),
    deny(role, 'kms:Decrypt'),
    deny('*', 'kms:Decrypt', { StringNotEquals: { 'kms:EncryptionContext:Dept': 'IT' } }),
    deny('*', ['kms:DescribeKey', 'kms:Decrypt'], { StringEquals: { 'kms:EncryptionContext:Dept': 'IT' } }),
  ]) {
    assert.deepEqual(lint(denyNeverMatches, policyText([allow({ AWS: A }, 'kms:*'), d]), ctx), [], JSON.stringify(d));
  }
});
