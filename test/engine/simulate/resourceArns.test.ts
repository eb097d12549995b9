/**
 * Resource ARNs when the key ARN is unknown (SEMANTICS §1, Resource: three-valued): an entry that may be
 * this key's ARN stays in the who-can residual as a ResourceIs condition instead of never matching; one that
 * cannot be (another account, Region or service, an alias) never matches; with the key ARN given, matching
 * is exact. evaluate, given no key ARN, takes such statements not to apply and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, lockout, principalJson, whoCan } from '../../../server/src/engine/simulate';
import { A, KEY, ROOT, X, policy, st } from './helpers';

const onKey = (resource: unknown) => policy(st({ Principal: { AWS: ROOT }, Action: 'kms:*', Resource: resource }));
const facts = { account: A, region: 'us-east-1' };

test("lockout: a root statement whose Resource is the key's own ARN is not a lockout while the key ARN is unknown", () => {
  assert.equal(lockout(onKey(KEY), facts).status, 'ok');
  assert.equal(lockout(onKey(`arn:aws:kms:us-east-1:${A}:key/*`), facts).status, 'ok');
  assert.equal(lockout(onKey(KEY), { ...facts, key: KEY }).status, 'ok');
});

test('lockout: a Resource that cannot be this key still never matches', () => {
  assert.equal(lockout(onKey(`arn:aws:kms:us-east-1:${X}:key/*`), facts).status, 'locked', 'another account');
  assert.equal(lockout(onKey(`arn:aws:kms:eu-west-1:${A}:key/*`), facts).status, 'locked', 'another Region');
  assert.equal(lockout(onKey(`arn:aws:kms:us-east-1:${A}:alias/app`), facts).status, 'locked', 'an alias');
  assert.equal(lockout(onKey('arn:aws:s3:::bucket'), facts).status, 'locked', 'another service');
  assert.equal(lockout(onKey(`arn:aws:kms:us-east-1:${A}:key/other`), { ...facts, key: KEY }).status, 'locked', 'another key, with the key ARN known');
});

test('who-can: a statement that may name the key is conditional on ResourceIs; with the key ARN it is exact', () => {
  const p = onKey(KEY);
  const unknown = whoCan(p, ['kms:Decrypt'], facts);
  assert.deepEqual(
    unknown.classes.map((c) => principalJson(c).conditions),
    [[[{ operator: 'ResourceIs', key: '(resource)', values: [KEY] }]]],
  );
  assert.ok(unknown.caveats.some((c) => /key ARN is unknown/.test(c)));
  assert.deepEqual(
    whoCan(p, ['kms:Decrypt'], { ...facts, key: KEY }).classes.map((c) => c.decision),
    ['allow'],
  );
  assert.deepEqual(
    whoCan(onKey(`arn:aws:kms:*:${A}:key/*`), ['kms:Decrypt'], facts).classes.map((c) => c.decision),
    ['allow'],
    'every key of the account',
  );
});

test('who-can: an Allow and a Deny on the same Resource cancel whichever key it is', () => {
  const p = policy(
    st({ Principal: { AWS: ROOT }, Action: 'kms:*', Resource: KEY }),
    st({ Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: KEY }),
  );
  assert.equal(lockout(p, facts).status, 'locked');
});

test('who-can: a Deny that may name the key leaves the allow when it does not', () => {
  const p = policy(st({ Principal: { AWS: ROOT }, Action: 'kms:*' }), st({ Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: KEY }));
  assert.notEqual(lockout(p, facts).status, 'locked');
  assert.equal(lockout(p, { ...facts, key: KEY }).status, 'locked');
});

test('evaluate: with the key ARN exact; without it, a statement that may name the key is taken not to apply, with a caveat', () => {
  const p = onKey(KEY);
  assert.equal(evaluate(p, { principal: ROOT, action: 'kms:PutKeyPolicy', key: KEY }).decision, 'allow');
  const d = evaluate(p, { principal: ROOT, action: 'kms:PutKeyPolicy', keyAccount: A, region: 'us-east-1' });
  assert.equal(d.decision, 'deny');
  assert.ok(
    d.caveats.includes('The key ARN is unknown, so statement 1, whose Resource may name this key, was taken not to apply; give the key ARN to decide.'),
  );
  const other = evaluate(onKey(`arn:aws:kms:us-east-1:${X}:key/*`), {
    principal: ROOT,
    action: 'kms:PutKeyPolicy',
    keyAccount: A,
    region: 'us-east-1',
  });
  assert.ok(!other.caveats.some((c) => /key ARN is unknown/.test(c)), 'a Resource that cannot be the key needs no caveat');
});

test('evaluate: without the key ARN, a Resource that matches whatever the key is applies (as in who-can)', () => {
  const p = onKey(`arn:aws:kms:*:${A}:key/*`);
  const d = evaluate(p, { principal: ROOT, action: 'kms:PutKeyPolicy', keyAccount: A, region: 'us-east-1' });
  assert.equal(`${d.decision}:${d.reason}`, 'allow:iam-delegation');
  assert.deepEqual(d.caveats, []);
});
