/** evaluate(), continued: grants, IAM-only actions, key states, identity policies, variables, times, bad input, explanations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, SimulationInputError } from '../../../server/src/engine/simulate';
import { A, KEY, ROOT, X, policy, run, st, verdict } from './helpers';

const role = `arn:aws:iam::${A}:role/App`;
const session = `arn:aws:sts::${A}:assumed-role/App/s1`;
const user = `arn:aws:iam::${A}:user/alice`;
const extSession = `arn:aws:sts::${X}:assumed-role/Partner/p1`;

const defaultPolicy = policy(st({ Sid: 'Enable IAM User Permissions', Principal: { AWS: ROOT }, Action: 'kms:*' }));

test('grants allow their operations to their grantee within their constraints', () => {
  const p = policy(st({ Principal: { AWS: ROOT }, Action: 'kms:DescribeKey' }));
  const grants = [
    { name: 'g-equals', grantee: role, operations: ['Decrypt', 'kms:Encrypt'], constraints: { encryptionContextEquals: { Dept: 'IT' } } },
    { name: 'g-subset', grantee: user, operations: ['Decrypt'], constraints: { encryptionContextSubset: { Dept: 'IT' } } },
  ];
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt', grants, encryptionContext: { Dept: 'IT' } }), 'allow:grant');
  assert.equal(
    verdict(p, { principal: session, action: 'kms:Decrypt', grants, encryptionContext: { dept: 'IT' } }),
    'allow:grant',
    'context keys compare without case (API reference)',
  );
  assert.equal(
    verdict(p, { principal: session, action: 'kms:Decrypt', grants, encryptionContext: { Dept: 'IT', Project: 'x' } }),
    'deny:implicit-deny',
    'Equals needs exactly the pairs',
  );
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt', grants, encryptionContext: { Dept: 'Sales' } }), 'deny:implicit-deny');
  assert.equal(
    verdict(p, { principal: session, action: 'kms:GenerateDataKey', grants, encryptionContext: { Dept: 'IT' } }),
    'deny:implicit-deny',
    'operation not granted',
  );
  assert.equal(
    verdict(p, { principal: user, action: 'kms:Decrypt', grants, encryptionContext: { Dept: 'IT', Project: 'x' } }),
    'allow:grant',
    'Subset allows extra pairs',
  );
  assert.equal(verdict(p, { principal: user, action: 'kms:Decrypt', grants }), 'deny:implicit-deny', 'Subset needs the pairs');
  assert.equal(
    verdict(p, { principal: session, action: 'kms:Encrypt', grants, encryptionContext: { Dept: 'IT' }, keySpec: 'RSA_2048' }),
    'allow:grant',
    'constraints do not bind asymmetric keys',
  );
});

test("a grant to an account is delegation: the caller's IAM must allow it, the root user always can", () => {
  const p = policy(st({ Principal: { AWS: ROOT }, Action: 'kms:DescribeKey' }));
  const grants = [{ grantee: X, operations: ['Decrypt'] }];
  assert.equal(verdict(p, { principal: extSession, action: 'kms:Decrypt', grants }), 'deny:implicit-deny');
  assert.equal(verdict(p, { principal: extSession, action: 'kms:Decrypt', grants, iamAllows: true }), 'allow:grant');
  assert.equal(verdict(p, { principal: `arn:aws:iam::${X}:root`, action: 'kms:Decrypt', grants }), 'allow:grant');
});

test('RetireGrant is decided by grants: the retiring principal or a grantee holding RetireGrant', () => {
  const p = policy(st({ Principal: { AWS: role }, Action: 'kms:*' }));
  assert.equal(verdict(p, { principal: session, action: 'kms:RetireGrant' }), 'deny:not-key-policy-action');
  assert.equal(
    verdict(p, {
      principal: user,
      action: 'kms:RetireGrant',
      grants: [{ grantee: role, operations: ['Decrypt'], retiringPrincipal: user }],
    }),
    'allow:grant',
  );
  assert.equal(verdict(p, { principal: session, action: 'kms:RetireGrant', grants: [{ grantee: role, operations: ['RetireGrant'] }] }), 'allow:grant');
});

test('IAM-only and non-KMS actions are not authorized by a key policy', () => {
  const p = policy(st({ Principal: { AWS: role }, Action: '*' }));
  assert.equal(verdict(p, { principal: session, action: 'kms:CreateKey' }), 'deny:not-key-policy-action');
  assert.equal(verdict(p, { principal: session, action: 's3:GetObject' }), 'deny:not-key-policy-action');
});

test('key states refuse operations whatever the policy says, reported as a second verdict', () => {
  const p = policy(st({ Principal: { AWS: role }, Action: 'kms:*' }));
  for (const keyState of ['Disabled', 'PendingDeletion', 'PendingImport', 'Unavailable'] as const) {
    const d = run(p, { principal: session, action: 'kms:Decrypt', keyState });
    assert.equal(`${d.decision}:${d.reason}`, 'deny:key-state', keyState);
    assert.deepEqual(d.keyState, { state: keyState, blocks: true });
  }
  assert.equal(
    verdict(p, { principal: session, action: 'kms:CreateGrant', keyState: 'Unavailable' }),
    'allow:key-policy',
    'Unavailable still allows CreateGrant',
  );
  assert.equal(verdict(p, { principal: session, action: 'kms:CreateGrant', keyState: 'Disabled' }), 'deny:key-state');
  assert.equal(verdict(p, { principal: session, action: 'kms:DescribeKey', keyState: 'PendingDeletion' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: session, action: 'kms:PutKeyPolicy', keyState: 'Disabled' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt', keyState: 'Enabled' }), 'allow:key-policy');
  const denied = run(p, { principal: user, action: 'kms:Decrypt', keyState: 'Disabled' });
  assert.equal(denied.reason, 'implicit-deny', 'an authorization failure keeps its own reason');
  assert.deepEqual(denied.keyState, { state: 'Disabled', blocks: true });
});

test('identity policies are evaluated by the same engine', () => {
  const allowDecrypt = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:*:${A}:key/*` }],
  });
  const aliasOnly = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${A}:alias/app` }],
  });
  const denyDecrypt = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
  });
  assert.equal(verdict(defaultPolicy, { principal: session, action: 'kms:Decrypt', identityPolicies: [allowDecrypt] }), 'allow:iam-delegation');
  assert.equal(
    verdict(defaultPolicy, { principal: session, action: 'kms:Decrypt', identityPolicies: [aliasOnly] }),
    'deny:iam-missing',
    'an alias ARN names the alias',
  );
  assert.equal(verdict(defaultPolicy, { principal: session, action: 'kms:Decrypt', identityPolicies: [allowDecrypt, denyDecrypt] }), 'deny:explicit-deny');
  const d = run(defaultPolicy, { principal: session, action: 'kms:Decrypt', identityPolicies: [allowDecrypt] });
  assert.deepEqual(
    d.statements.map((s) => `${s.policy}#${s.index}:${s.applies}`),
    ['key-policy#0:true', 'identity:0#0:true'],
  );
  assert.equal(d.iam, 'allow');
});

test('variables in conditions resolve from derived and given context', () => {
  const p = policy(
    st({
      Principal: '*',
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:EncryptionContext:owner': '${aws:username}', 'aws:PrincipalTag/team': '${aws:ResourceAccount}' } },
    }),
  );
  assert.equal(
    verdict(p, { principal: user, action: 'kms:Decrypt', encryptionContext: { owner: 'alice' }, context: { 'aws:PrincipalTag/team': A } }),
    'allow:key-policy',
  );
  assert.equal(
    verdict(p, { principal: user, action: 'kms:Decrypt', encryptionContext: { owner: 'bob' }, context: { 'aws:PrincipalTag/team': A } }),
    'deny:implicit-deny',
  );
});

test('aws:CurrentTime and aws:EpochTime come from the request time', () => {
  const p = policy(
    st({
      Principal: { AWS: role },
      Action: 'kms:Decrypt',
      Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }, NumericGreaterThan: { 'aws:EpochTime': '1700000000' } },
    }),
  );
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt', time: '2025-06-01T00:00:00Z' }), 'allow:key-policy');
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt', time: '2031-06-01T00:00:00Z' }), 'deny:implicit-deny');
  assert.equal(verdict(p, { principal: session, action: 'kms:Decrypt' }), 'deny:implicit-deny', 'no time given: the keys are absent');
});

test('bad input is refused with exact errors', () => {
  assert.throws(
    () => run(defaultPolicy, { principal: `arn:aws:iam::${A}:group/Admins`, action: 'kms:Decrypt' }),
    new SimulationInputError(
      `"arn:aws:iam::${A}:group/Admins" is an IAM group; groups cannot make requests. Give a user, role, session, account or service principal.`,
    ),
  );
  assert.throws(() => run(defaultPolicy, { principal: 'bob', action: 'kms:Decrypt' }), /"bob" is not a principal/);
  assert.throws(
    () => evaluate(defaultPolicy, { principal: user, action: 'kms:Decrypt' }),
    new SimulationInputError("The key's account is unknown: give the key ARN or the key account."),
  );
  assert.throws(() => run(defaultPolicy, { principal: user, action: 'kms:Decrypte' }), new SimulationInputError('kms:Decrypte is not a KMS action.'));
  assert.throws(
    () => run(defaultPolicy, { principal: user, action: 'kms:Decrypt', context: { 'kms:CallerAccount': ['1', '2'] } }),
    new SimulationInputError('kms:CallerAccount is a single-valued key; give one value, not 2.'),
  );
  assert.throws(
    () => run(defaultPolicy, { principal: user, action: 'kms:Decrypt', time: 'soon' }),
    new SimulationInputError('time "soon" is not an ISO 8601 date or epoch seconds.'),
  );
});

test('the key may be given as an id with account and Region, or by defaults', () => {
  const p = policy(st({ Principal: { AWS: role }, Action: 'kms:Decrypt', Resource: `arn:aws:kms:eu-west-1:${A}:key/k1` }));
  assert.equal(evaluate(p, { principal: session, action: 'kms:Decrypt', key: 'k1', keyAccount: A, region: 'eu-west-1' }).decision, 'allow');
  assert.equal(evaluate(p, { principal: session, action: 'kms:Decrypt' }, { keyArn: `arn:aws:kms:eu-west-1:${A}:key/k1` }).decision, 'allow');
  assert.equal(evaluate(p, { principal: session, action: 'kms:Decrypt', keyAccount: A }).decision, 'deny', 'an unknown key ARN matches no explicit Resource');
});

test('the explanation lists each statement with principal, action, resource and condition verdicts', () => {
  const p = policy(
    st({
      Sid: 'ViaS3',
      Principal: '*',
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    }),
  );
  const d = run(p, { principal: session, action: 'kms:Decrypt', context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
  assert.deepEqual(d.statements[0], {
    policy: 'key-policy',
    index: 0,
    sid: 'ViaS3',
    effect: 'Allow',
    applies: true,
    principal: { via: 'direct', matched: true, detail: 'matches *' },
    action: { matched: true, detail: 'matches kms:Decrypt' },
    resource: { matched: true, detail: '"*" (this key)' },
    conditions: [
      {
        operator: 'StringEquals',
        key: 'kms:ViaService',
        values: ['s3.us-east-1.amazonaws.com'],
        requestValues: ['s3.us-east-1.amazonaws.com'],
        matched: true,
      },
    ],
  });
  assert.deepEqual(d.derivedContext['aws:viaawsservice'], ['true']);
});

test('a policy compiled once serves many requests without re-parsing', () => {
  const p = defaultPolicy;
  const plan1 = p.plan('kms:Decrypt');
  run(p, { principal: session, action: 'kms:Decrypt' });
  assert.equal(p.plan('KMS:DECRYPT'), plan1, 'plans are memoised per action');
});

test("every key state: what each refuses, per the catalog's KMS facts", () => {
  const p = policy(st({ Principal: { AWS: role }, Action: 'kms:*' }));
  const blocked = (keyState: 'Creating' | 'PendingReplicaDeletion' | 'Updating' | 'Enabled', action: string): boolean =>
    run(p, { principal: session, action, keyState }).keyState.blocks;
  assert.equal(blocked('Creating', 'kms:Encrypt'), true);
  assert.equal(blocked('PendingReplicaDeletion', 'kms:Sign'), true);
  assert.equal(blocked('Updating', 'kms:ReplicateKey'), true);
  assert.equal(blocked('Updating', 'kms:Decrypt'), false, 'Updating allows cryptographic operations');
  assert.equal(blocked('Enabled', 'kms:ReplicateKey'), false);
  assert.equal(verdict(p, { principal: session, action: 'kms:ListGrants', keyState: 'PendingDeletion' }), 'allow:key-policy');
});

test('explain:false decides the same and skips the explanation', () => {
  const p = policy(
    st({
      Principal: { AWS: role },
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    }),
  );
  const full = run(p, { principal: session, action: 'kms:Decrypt', context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
  const quick = evaluate(
    p,
    { principal: session, action: 'kms:Decrypt', key: KEY, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    {},
    { explain: false },
  );
  assert.equal(`${quick.decision}:${quick.reason}`, `${full.decision}:${full.reason}`);
  assert.equal(quick.summary, full.summary);
  assert.deepEqual(quick.statements, []);
  assert.equal(full.statements.length, 1);
});
