/**
 * NotPrincipal and sessions (SEMANTICS §1 "NotPrincipal: every identity of the caller counts"): a caller is
 * left out of a NotPrincipal statement only when every one of its identities is listed: an assumed-role
 * session is its session ARN, its role ARN and its account; a role ARN in NotPrincipal does not stand for the
 * role's sessions. evaluate, whoCan and lockout read it the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admittingClasses, lockout, whoCan } from '../../../server/src/engine/simulate';
import { A, KEY, ROOT, policy, st, verdict } from './helpers';

const admin = `arn:aws:iam::${A}:role/Admin`;
const adminSession = `arn:aws:sts::${A}:assumed-role/Admin/alice`;
const otherSession = `arn:aws:sts::${A}:assumed-role/Admin/bob`;
const user = `arn:aws:iam::${A}:user/ops`;

/** Allow the admin role everything; Deny everything to everyone but the NotPrincipal list. */
const guarded = (notPrincipal: readonly string[]) =>
  policy(st({ Principal: { AWS: admin }, Action: 'kms:*' }), st({ Effect: 'Deny', NotPrincipal: { AWS: notPrincipal }, Action: 'kms:*' }));

test("a Deny with NotPrincipal [role, account] still denies the role's sessions (the session ARN is not listed)", () => {
  const p = guarded([admin, ROOT]);
  assert.equal(verdict(p, { principal: adminSession, action: 'kms:PutKeyPolicy' }), 'deny:explicit-deny');
  assert.equal(verdict(p, { principal: adminSession, action: 'kms:Decrypt' }), 'deny:explicit-deny');
  assert.equal(verdict(p, { principal: admin, action: 'kms:Decrypt' }), 'deny:explicit-deny', 'a request "as the role" is some session of it');
});

test('listing the session ARN, its role and its account exempts that session only', () => {
  const p = guarded([adminSession, admin, ROOT]);
  assert.equal(verdict(p, { principal: adminSession, action: 'kms:PutKeyPolicy' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: otherSession, action: 'kms:PutKeyPolicy' }), 'deny:explicit-deny');
});

test('a user listed with its account is exempt (a user has no session identity)', () => {
  const p = policy(st({ Principal: { AWS: user }, Action: 'kms:*' }), st({ Effect: 'Deny', NotPrincipal: { AWS: [user, ROOT] }, Action: 'kms:*' }));
  assert.equal(verdict(p, { principal: user, action: 'kms:PutKeyPolicy' }), 'allow:key-policy');
});

test("Allow with NotPrincipal [role, account] covers the role's sessions: one identity is not listed", () => {
  const p = policy(st({ NotPrincipal: { AWS: [admin, ROOT] }, Action: 'kms:Encrypt' }));
  assert.equal(verdict(p, { principal: adminSession, action: 'kms:Encrypt' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: ROOT, action: 'kms:Encrypt' }), 'deny:no-delegation', 'the root user is its account, which is listed');
});

test("who-can: the sessions of a role listed in a Deny's NotPrincipal come out denied", () => {
  const r = whoCan(guarded([admin, ROOT]), ['kms:PutKeyPolicy'], { key: KEY });
  const row = r.classes.find((c) => c.principal === admin);
  assert.equal(row?.decision, 'denied');
  assert.deepEqual(admittingClasses(r, { principal: adminSession, action: 'kms:PutKeyPolicy', key: KEY }), []);
});

test('who-can: a listed session keeps its allow; the rest of the role is denied', () => {
  const r = whoCan(guarded([adminSession, admin, ROOT]), ['kms:PutKeyPolicy'], { key: KEY });
  assert.equal(admittingClasses(r, { principal: adminSession, action: 'kms:PutKeyPolicy', key: KEY }).length, 1);
  assert.equal(admittingClasses(r, { principal: otherSession, action: 'kms:PutKeyPolicy', key: KEY }).length, 0);
});

test('lockout: only the admin role may put the policy, and the NotPrincipal Deny takes it from its sessions', () => {
  assert.equal(lockout(guarded([admin, ROOT]), { account: A, key: KEY }).status, 'locked');
  const withRoot = policy(st({ Principal: { AWS: ROOT }, Action: 'kms:*' }), st({ Effect: 'Deny', NotPrincipal: { AWS: [admin, ROOT] }, Action: 'kms:*' }));
  assert.equal(lockout(withRoot, { account: A, key: KEY }).status, 'ok', 'the root user is exempt: its only identity, the account, is listed');
});
