import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../../server/src/engine/simulate';
import { A, KEY, ROOT, X, policy, run, st, verdict } from './helpers';

const role = `arn:aws:iam::${A}:role/App`;
const session = `arn:aws:sts::${A}:assumed-role/App/s1`;
const user = `arn:aws:iam::${A}:user/alice`;
const extRole = `arn:aws:iam::${X}:role/Partner`;
const extSession = `arn:aws:sts::${X}:assumed-role/Partner/p1`;

const defaultPolicy = policy(st({ Sid: 'Enable IAM User Permissions', Principal: { AWS: ROOT }, Action: 'kms:*' }));

test("delegation: the default policy lets IAM allow the account's principals; the root user needs nothing", () => {
  assert.equal(verdict(defaultPolicy, { principal: session, action: 'kms:Decrypt', iamAllows: true }), 'allow:iam-delegation');
  assert.equal(verdict(defaultPolicy, { principal: session, action: 'kms:Decrypt', iamAllows: false }), 'deny:iam-missing');
  assert.equal(verdict(defaultPolicy, { principal: session, action: 'kms:Decrypt' }), 'deny:iam-missing');
  assert.equal(verdict(defaultPolicy, { principal: ROOT, action: 'kms:PutKeyPolicy' }), 'allow:iam-delegation');
  assert.equal(verdict(defaultPolicy, { principal: A, action: 'kms:PutKeyPolicy' }), 'allow:iam-delegation', 'a bare account id is the root user');
});

test('delegation through the bare account id is the same as through the root ARN', () => {
  const p = policy(st({ Principal: { AWS: A }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(p, { principal: user, action: 'kms:Decrypt', iamAllows: true }), 'allow:iam-delegation');
});

test('delegation is per action: IAM can pass on only what the account statement covers', () => {
  const p = policy(st({ Principal: { AWS: ROOT }, Action: ['kms:Describe*', 'kms:List*', 'kms:Get*', 'kms:RevokeGrant'] }));
  assert.equal(verdict(p, { principal: user, action: 'kms:DescribeKey', iamAllows: true }), 'allow:iam-delegation');
  assert.equal(verdict(p, { principal: user, action: 'kms:Decrypt', iamAllows: true }), 'deny:no-delegation');
});

test('no delegation: IAM is ignored when the key policy does not allow the account', () => {
  const p = policy(st({ Principal: { AWS: role }, Action: 'kms:*' }));
  assert.equal(verdict(p, { principal: user, action: 'kms:Decrypt', iamAllows: true }), 'deny:no-delegation');
  assert.equal(verdict(p, { principal: user, action: 'kms:Decrypt' }), 'deny:implicit-deny');
  assert.equal(verdict(p, { principal: ROOT, action: 'kms:PutKeyPolicy' }), 'deny:no-delegation', 'the root user has no implicit right in the key policy');
});

test('a role ARN matches its sessions and role requests; a session ARN only that session', () => {
  const p = policy(st({ Principal: { AWS: role }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: role, action: 'kms:Decrypt' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: `arn:aws:sts::${A}:assumed-role/Other/s1`, action: 'kms:Decrypt' }), 'deny:implicit-deny');
  const q = policy(st({ Principal: { AWS: session }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(q, { principal: session, action: 'kms:Decrypt' }), 'allow:key-policy');
  assert.equal(verdict(q, { principal: `arn:aws:sts::${A}:assumed-role/App/s2`, action: 'kms:Decrypt' }), 'deny:implicit-deny');
});

test("a role ARN with a path still names the role's sessions", () => {
  const p = policy(st({ Principal: { AWS: `arn:aws:iam::${A}:role/team/App` }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt' }), 'allow:key-policy');
});

test('users and federated users match by ARN; names are case-sensitive', () => {
  const p = policy(st({ Principal: { AWS: [user, `arn:aws:sts::${A}:federated-user/bob`] }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(p, { principal: user, action: 'kms:Decrypt' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: `arn:aws:iam::${A}:user/Alice`, action: 'kms:Decrypt' }), 'deny:implicit-deny');
  assert.equal(verdict(p, { principal: `arn:aws:sts::${A}:federated-user/bob`, action: 'kms:Decrypt' }), 'allow:key-policy');
});

test('Principal "*" and {"AWS":"*"} grant directly: same-account callers need no IAM', () => {
  for (const principal of ['*', { AWS: '*' }]) {
    const p = policy(st({ Principal: principal, Action: 'kms:Encrypt' }));
    assert.equal(verdict(p, { principal: user, action: 'kms:Encrypt' }), 'allow:key-policy');
    assert.equal(verdict(p, { principal: extRole, action: 'kms:Encrypt' }), 'deny:cross-account-iam-missing');
    assert.equal(verdict(p, { principal: extRole, action: 'kms:Encrypt', iamAllows: true }), 'allow:key-policy');
    assert.equal(verdict(p, { principal: 'logs.amazonaws.com', action: 'kms:Encrypt' }), 'allow:key-policy');
  }
});

test('anonymous callers are never allowed (KMS requires signed requests)', () => {
  const p = policy(st({ Principal: '*', Action: 'kms:Encrypt' }));
  const d = run(p, { principal: '*', action: 'kms:Encrypt' });
  assert.equal(`${d.decision}:${d.reason}`, 'deny:anonymous');
  assert.equal(d.statements[0]!.applies, true, 'the statement itself matched');
});

test('service principals match Service entries exactly and carry service context', () => {
  const p = policy(
    st({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Condition: { StringLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${A}:trail/*` } },
    }),
  );
  assert.equal(
    verdict(p, {
      principal: 'cloudtrail.amazonaws.com',
      action: 'kms:GenerateDataKey',
      context: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${A}:trail/t` },
    }),
    'allow:key-policy',
  );
  assert.equal(
    verdict(p, {
      principal: 'cloudtrail.amazonaws.com',
      action: 'kms:GenerateDataKey',
      context: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${X}:trail/t` },
    }),
    'deny:implicit-deny',
  );
  assert.equal(verdict(p, { principal: 'logs.amazonaws.com', action: 'kms:GenerateDataKey' }), 'deny:implicit-deny');
  const d = run(p, { principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey' });
  assert.deepEqual(d.derivedContext['aws:principalservicename'], ['cloudtrail.amazonaws.com']);
  assert.deepEqual(d.derivedContext['aws:principalisawsservice'], ['true']);
  assert.equal(d.derivedContext['aws:principalaccount'], undefined);
});

test("cross-account: the caller needs the key policy and its own account's IAM allow", () => {
  const named = policy(st({ Principal: { AWS: extRole }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(named, { principal: extSession, action: 'kms:Decrypt' }), 'deny:cross-account-iam-missing');
  assert.equal(verdict(named, { principal: extSession, action: 'kms:Decrypt', iamAllows: true }), 'allow:key-policy');
  const account = policy(st({ Principal: { AWS: `arn:aws:iam::${X}:root` }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(account, { principal: extSession, action: 'kms:Decrypt' }), 'deny:cross-account-iam-missing');
  assert.equal(verdict(account, { principal: extSession, action: 'kms:Decrypt', iamAllows: true }), 'allow:iam-delegation');
  assert.equal(verdict(account, { principal: `arn:aws:iam::${X}:root`, action: 'kms:Decrypt' }), 'allow:iam-delegation', "the other account's root user");
  assert.equal(verdict(account, { principal: session, action: 'kms:Decrypt', iamAllows: true }), 'deny:no-delegation');
});

test('cross-account: only cross-account actions can succeed', () => {
  const p = policy(st({ Principal: { AWS: `arn:aws:iam::${X}:root` }, Action: 'kms:*' }));
  assert.equal(verdict(p, { principal: extSession, action: 'kms:PutKeyPolicy', iamAllows: true }), 'deny:not-cross-account');
  assert.equal(verdict(p, { principal: extSession, action: 'kms:ScheduleKeyDeletion', iamAllows: true }), 'deny:not-cross-account');
  assert.equal(verdict(p, { principal: extSession, action: 'kms:DescribeKey', iamAllows: true }), 'allow:iam-delegation');
});

test('explicit Deny wins over every allow, including grants and IAM', () => {
  const p = policy(
    st({ Principal: { AWS: ROOT }, Action: 'kms:*' }),
    st({ Principal: { AWS: role }, Action: 'kms:Decrypt' }),
    st({ Sid: 'NoDecrypt', Effect: 'Deny', Principal: { AWS: role }, Action: 'kms:Decrypt' }),
  );
  const d = run(p, { principal: session, action: 'kms:Decrypt', iamAllows: true, grants: [{ grantee: role, operations: ['Decrypt'] }] });
  assert.equal(`${d.decision}:${d.reason}`, 'deny:explicit-deny');
  assert.match(d.summary, /statement 3 \("NoDecrypt"\)/);
});

test('a Deny naming an account binds all its principals', () => {
  const p = policy(st({ Principal: '*', Action: 'kms:Decrypt' }), st({ Effect: 'Deny', Principal: { AWS: A }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt' }), 'deny:explicit-deny');
  assert.equal(verdict(p, { principal: extSession, action: 'kms:Decrypt', iamAllows: true }), 'allow:key-policy');
});

test("NotPrincipal with Deny: listed identities are spared only when their account (and a session's role) is listed too", () => {
  const allowAll = st({ Principal: '*', Action: 'kms:Decrypt' });
  const withAccount = policy(allowAll, st({ Effect: 'Deny', NotPrincipal: { AWS: [session, role, ROOT] }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(withAccount, { principal: session, action: 'kms:Decrypt' }), 'allow:key-policy');
  assert.equal(verdict(withAccount, { principal: user, action: 'kms:Decrypt' }), 'deny:explicit-deny');
  const roleOnly = policy(allowAll, st({ Effect: 'Deny', NotPrincipal: { AWS: [role, ROOT] }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(roleOnly, { principal: session, action: 'kms:Decrypt' }), 'deny:explicit-deny', 'a role ARN does not stand for its sessions');
  assert.equal(verdict(withAccount, { principal: ROOT, action: 'kms:Decrypt' }), 'allow:key-policy');
  const withoutAccount = policy(allowAll, st({ Effect: 'Deny', NotPrincipal: { AWS: role }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(withoutAccount, { principal: session, action: 'kms:Decrypt' }), 'deny:explicit-deny', 'the whole account is denied');
  const session1 = policy(allowAll, st({ Effect: 'Deny', NotPrincipal: { AWS: [session, ROOT] }, Action: 'kms:Decrypt' }));
  assert.equal(verdict(session1, { principal: session, action: 'kms:Decrypt' }), 'deny:explicit-deny', 'the role is checked too');
});

test('NotPrincipal with Allow grants everyone not listed', () => {
  const p = policy(st({ NotPrincipal: { AWS: [user, ROOT] }, Action: 'kms:Encrypt' }));
  assert.equal(verdict(p, { principal: session, action: 'kms:Encrypt' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: user, action: 'kms:Encrypt' }), 'deny:implicit-deny');
  assert.equal(verdict(p, { principal: extSession, action: 'kms:Encrypt', iamAllows: true }), 'allow:key-policy');
});

test('actions match without case, with * and ? wildcards, and NotAction', () => {
  const p = policy(st({ Principal: { AWS: role }, Action: ['KMS:decrypt', 'kms:GenerateDataKey?air', 'kms:List*'] }));
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: session, action: 'Decrypt' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: session, action: 'kms:GenerateDataKeyPair' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: session, action: 'kms:ListGrants' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: session, action: 'kms:Encrypt' }), 'deny:implicit-deny');
  const n = policy(st({ Principal: { AWS: role }, NotAction: ['kms:Put*', 'kms:ScheduleKeyDeletion'] }));
  assert.equal(verdict(n, { principal: session, action: 'kms:Decrypt' }), 'allow:key-policy');
  assert.equal(verdict(n, { principal: session, action: 'kms:PutKeyPolicy' }), 'deny:implicit-deny');
});

test('Resource "*" is this key; another ARN must match the key ARN', () => {
  const p = policy(st({ Principal: { AWS: role }, Action: 'kms:Decrypt', Resource: `arn:aws:kms:*:${A}:key/*` }));
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt' }), 'allow:key-policy');
  const q = policy(st({ Principal: { AWS: role }, Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${A}:alias/app` }));
  assert.equal(verdict(q, { principal: session, action: 'kms:Decrypt' }), 'deny:implicit-deny');
  const r = policy(st({ Principal: { AWS: role }, Action: 'kms:Decrypt', NotResource: KEY }));
  assert.equal(verdict(r, { principal: session, action: 'kms:Decrypt' }), 'deny:implicit-deny');
});

test('inert statements (no Action, bad Effect) never apply and say why', () => {
  const p = compile(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Resource: '*' },
        { Effect: 'allow', Principal: '*', Action: 'kms:*', Resource: '*' },
      ],
    }),
  );
  const d = run(p, { principal: user, action: 'kms:Decrypt' });
  assert.equal(d.decision, 'deny');
  assert.deepEqual(
    d.statements.map((s) => s.inert),
    ['the statement has no Action or NotAction', 'Effect "allow" is neither Allow nor Deny'],
  );
});

test('conditions use derived context: kms:CallerAccount, aws:PrincipalArn of a session, aws:username', () => {
  const p = policy(
    st({ Principal: '*', Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:CallerAccount': A } } }),
    st({ Principal: '*', Action: 'kms:Encrypt', Condition: { ArnEquals: { 'aws:PrincipalArn': role } } }),
    st({ Principal: '*', Action: 'kms:DescribeKey', Condition: { StringEquals: { 'aws:username': 'alice' } } }),
  );
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: extSession, action: 'kms:Decrypt', iamAllows: true }), 'deny:no-delegation');
  assert.equal(verdict(p, { principal: session, action: 'kms:Encrypt' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: user, action: 'kms:Encrypt' }), 'deny:implicit-deny');
  assert.equal(verdict(p, { principal: user, action: 'kms:DescribeKey' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: session, action: 'kms:DescribeKey' }), 'deny:implicit-deny', 'roles have no aws:username');
});

test('explicit context overrides a derived key', () => {
  const p = policy(st({ Principal: '*', Action: 'kms:Decrypt', Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/team/App` } } }));
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt' }), 'deny:implicit-deny');
  assert.equal(
    verdict(p, { principal: session, action: 'kms:Decrypt', context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/team/App` } }),
    'allow:key-policy',
  );
});

test('derived context per principal form', () => {
  const keys = (principal: string) => run(defaultPolicy, { principal, action: 'kms:DescribeKey' }).derivedContext;
  assert.deepEqual(keys(ROOT)['aws:principaltype'], ['Account']);
  assert.deepEqual(keys(ROOT)['aws:userid'], [A]);
  assert.deepEqual(keys(user)['aws:username'], ['alice']);
  assert.deepEqual(keys(user)['aws:principaltype'], ['User']);
  assert.deepEqual(keys(session)['aws:principalarn'], [role]);
  assert.deepEqual(keys(session)['aws:principaltype'], ['AssumedRole']);
  assert.deepEqual(keys(`arn:aws:sts::${A}:federated-user/bob`)['aws:userid'], [`${A}:bob`]);
  assert.deepEqual(keys(extSession)['kms:calleraccount'], [X]);
  assert.deepEqual(keys(extSession)['aws:resourceaccount'], [A]);
  assert.deepEqual(keys('*')['aws:principaltype'], ['Anonymous']);
});

test('a key the action never carries is absent, even when given', () => {
  const p = policy(
    st({
      Principal: { AWS: role },
      Action: ['kms:DescribeKey', 'kms:Decrypt'],
      Condition: { StringEquals: { 'kms:EncryptionContext:Dept': 'IT' } },
    }),
  );
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt', encryptionContext: { Dept: 'IT' } }), 'allow:key-policy');
  const d = run(p, { principal: session, action: 'kms:DescribeKey', encryptionContext: { Dept: 'IT' } });
  assert.equal(`${d.decision}:${d.reason}`, 'deny:implicit-deny');
  assert.equal(d.statements[0]!.conditions[0]!.requestValues, null);
  assert.match(d.statements[0]!.conditions[0]!.note ?? '', /never carries/);
  const neg = policy(st({ Principal: { AWS: role }, Action: 'kms:DescribeKey', Condition: { StringNotEquals: { 'kms:EncryptionContext:Dept': 'IT' } } }));
  assert.equal(verdict(neg, { principal: session, action: 'kms:DescribeKey' }), 'allow:key-policy', 'a negated clause on it holds');
});

test("encryption context: kms:EncryptionContext:<k> ignores the key's case; EncryptionContextKeys lists keys", () => {
  const p = policy(
    st({
      Principal: { AWS: role },
      Action: 'kms:Decrypt',
      Condition: {
        StringEquals: { 'kms:EncryptionContext:dept': 'IT' },
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['Dept', 'Project'] },
      },
    }),
  );
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt', encryptionContext: { Dept: 'IT' } }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt', encryptionContext: { Dept: 'it' } }), 'deny:implicit-deny');
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt', encryptionContext: { Dept: 'IT', Other: 'x' } }), 'deny:implicit-deny');
});
