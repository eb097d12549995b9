/**
 * Documented AWS interplay of key policies and IAM, as fixtures (KMS developer guide "Allowing users in other
 * accounts to use a KMS key", "Specifying KMS keys in IAM policy statements", "Use aliases to control access";
 * IAM user guide "Policy evaluation logic", "Permissions boundaries", "Cross-account policy evaluation").
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { A, X, account, answer, cell, doc, keyPolicy, verdict } from './iamFixtures';

const DECRYPT = doc({ Action: 'kms:Decrypt' });

describe('cross-account: the key policy and the principal’s own account must both allow', () => {
  const policy = keyPolicy({ Sid: 'Partner', Principal: { AWS: `arn:aws:iam::${X}:root` }, Action: ['kms:Decrypt', 'kms:ScheduleKeyDeletion'] });
  const files = [
    account(A, { users: { admin: {} } }),
    account(X, { users: { xavier: { inline: [DECRYPT] }, yolanda: {} }, roles: { Deleter: { inline: [doc({ Action: 'kms:*' })] } } }),
  ];
  const a = answer(policy, files, ['kms:Decrypt', 'kms:ScheduleKeyDeletion']);

  test('both sides allow: allowed', () => {
    assert.equal(verdict(a, 'xavier'), "allowed: The key policy statement 2 (Partner) lets its account's IAM decide, and its identity policies allow it.");
  });
  test('only the key policy allows: denied, saying the other side is missing', () => {
    assert.equal(
      verdict(a, 'yolanda'),
      'denied: The key policy allows it, but a principal of another account also needs an allow in its own identity policies.',
    );
  });
  test('an action that cannot be used across accounts is denied whatever both sides say', () => {
    assert.equal(
      verdict(a, 'Deleter', 'kms:ScheduleKeyDeletion'),
      'denied: kms:ScheduleKeyDeletion cannot be called on a resource of another account, whatever the policies say.',
    );
  });
  test('the key policy not naming the account: the identity allow counts for nothing', () => {
    const b = answer(keyPolicy(), files);
    assert.equal(verdict(b, 'xavier'), 'denied: The key policy does not allow it.');
  });
  test("a named principal of another account still needs its own account's allow", () => {
    const b = answer(keyPolicy({ Principal: { AWS: `arn:aws:iam::${X}:user/yolanda` }, Action: 'kms:Decrypt' }), files);
    assert.equal(
      verdict(b, 'yolanda'),
      'denied: The key policy allows it, but a principal of another account also needs an allow in its own identity policies.',
    );
  });
});

describe('permissions boundaries', () => {
  const files = [
    account(
      A,
      {
        users: { named: { boundary: 'S3Only' }, delegated: { inline: [DECRYPT], boundary: 'S3Only' } },
        roles: { NamedRole: { boundary: 'S3Only' }, KmsRole: { inline: [DECRYPT], boundary: 'KmsToo' } },
      },
      { S3Only: doc({ Action: 's3:*' }), KmsToo: doc({ Action: ['s3:*', 'kms:Decrypt'] }) },
    ),
  ];
  const policy = keyPolicy({ Sid: 'Direct', Principal: { AWS: [`arn:aws:iam::${A}:user/named`, `arn:aws:iam::${A}:role/NamedRole`] }, Action: 'kms:Decrypt' });
  const a = answer(policy, files);

  test('a boundary cuts an identity-policy allow', () => {
    assert.equal(verdict(a, 'delegated'), 'denied: Its permissions boundary does not allow it.');
  });
  test('a boundary that allows the action lets the identity allow through', () => {
    assert.equal(cell(a, 'KmsRole').decision, 'allowed');
  });
  test('a key policy naming a user directly is not cut by its boundary', () => {
    assert.equal(verdict(a, 'named'), 'allowed: The key policy statement 2 (Direct) names it.');
  });
  test("a key policy naming a role directly is cut by the role's boundary", () => {
    assert.equal(verdict(a, 'NamedRole'), 'denied: Its permissions boundary does not allow it.');
  });
});

describe('SCPs and RCPs', () => {
  const files = [account(A, { users: { alice: { inline: [DECRYPT] } }, roles: { Admin: { inline: [DECRYPT] } } })];
  const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const denyDecrypt = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyKmsDecrypt',
        Effect: 'Deny',
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Admin` } },
      },
    ],
  };
  const org = (scps: string[][], rcps?: string[][]) => ({
    accounts: { [A]: { scps, ...(rcps ? { rcps } : {}) } },
    policies: {
      'p-full': { Policy: { PolicySummary: { Name: 'FullAWSAccess' }, Content: JSON.stringify(full) } },
      'p-deny': denyDecrypt,
      'p-s3': doc({ Action: 's3:*' }),
    },
  });

  test('an SCP Deny denies, except for whom its condition leaves out', () => {
    const a = answer(keyPolicy(), files, ['kms:Decrypt'], { scps: org([['p-full'], ['p-full', 'p-deny']]) });
    assert.equal(verdict(a, 'alice'), 'denied: Denied by SCP p-deny statement 1 (DenyKmsDecrypt).');
    assert.equal(cell(a, 'Admin').decision, 'allowed');
  });
  test('every level of the OU path must allow', () => {
    const a = answer(keyPolicy(), files, ['kms:Decrypt'], { scps: org([['p-full'], ['p-s3']]) });
    assert.equal(verdict(a, 'alice'), 'denied: No SCP at level 1 of the organization allows it (every level must).');
  });
  test('SCPs apply to the root user too', () => {
    const a = answer(keyPolicy(), files, ['kms:Decrypt'], { scps: org([['p-full'], ['p-s3']]) });
    assert.equal(cell(a, `root (${A})`).decision, 'denied');
  });
  test("an RCP of the key's account binds callers of every account", () => {
    const rcp = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OwnAccountOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': A } },
        },
      ],
    };
    const policy = keyPolicy({ Principal: { AWS: `arn:aws:iam::${X}:root` }, Action: 'kms:Decrypt' });
    const both = [...files, account(X, { users: { xavier: { inline: [DECRYPT] } } })];
    const text = { accounts: { [A]: { rcps: [['p-full']] } }, policies: { 'p-full': { ...full, Statement: [{ ...full.Statement[0], Principal: '*' }] } } };
    const open = answer(policy, both, ['kms:Decrypt'], { scps: text });
    assert.equal(cell(open, 'xavier').decision, 'allowed');
    const closed = answer(policy, both, ['kms:Decrypt'], {
      scps: { ...text, accounts: { [A]: { rcps: [['p-full', 'p-own']] } }, policies: { ...text.policies, 'p-own': rcp } },
    });
    assert.equal(verdict(closed, 'xavier'), 'denied: Denied by RCP p-own statement 1 (OwnAccountOnly).');
    assert.equal(cell(closed, 'alice').decision, 'allowed');
  });
  test('what is not supplied is named', () => {
    const a = answer(keyPolicy(), files);
    assert.ok(a.notSupplied.includes('SCPs not supplied'));
    assert.ok(a.notSupplied.includes('RCPs not supplied'));
    const b = answer(keyPolicy(), files, ['kms:Decrypt'], { scps: org([['p-full']]) });
    assert.ok(b.notSupplied.includes(`RCPs of account ${A} (the key's) not supplied`));
    assert.ok(!b.notSupplied.includes('SCPs not supplied'));
  });
});

describe('NotAction in identity policies', () => {
  const files = [
    account(A, {
      users: {
        broad: { inline: [doc({ NotAction: 'iam:*' })] },
        fenced: { inline: [doc({ Action: 'kms:*' }), doc({ Effect: 'Deny', NotAction: ['kms:Encrypt', 'kms:GenerateDataKey'] })] },
      },
    }),
  ];
  const a = answer(keyPolicy(), files, ['kms:Decrypt', 'kms:Encrypt']);
  test('Allow NotAction iam:* allows kms:Decrypt', () => assert.equal(cell(a, 'broad').decision, 'allowed'));
  test('Deny NotAction [Encrypt, GenerateDataKey] denies Decrypt and leaves Encrypt', () => {
    assert.equal(cell(a, 'fenced').decision, 'denied');
    assert.equal(cell(a, 'fenced', 'kms:Encrypt').decision, 'allowed');
  });
});

describe('principal tags (aws:PrincipalTag)', () => {
  const tagged = doc({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } });
  const files = [
    account(A, {
      users: { blue: { inline: [tagged], tags: { team: 'blue' } }, red: { inline: [tagged], tags: { team: 'red' } } },
      roles: { App: { inline: [tagged], tags: { team: 'blue' } } },
    }),
  ];
  const a = answer(keyPolicy(), files);
  test("a user's tags decide", () => {
    assert.equal(cell(a, 'blue').decision, 'allowed');
    assert.equal(cell(a, 'red').decision, 'denied');
  });
  test("a role's stay conditional (a session's tags may override them)", () => {
    const c = cell(a, 'App');
    assert.equal(c.decision, 'conditional');
    assert.deepEqual(c.residual?.any, [[{ operator: 'StringEquals', key: 'aws:PrincipalTag/team', values: ['blue'] }]]);
  });
});

describe('aliases (kms:ResourceAliases) and alias ARNs in identity policies', () => {
  const byAlias = doc({
    Action: 'kms:Decrypt',
    Resource: `arn:aws:kms:*:${A}:key/*`,
    Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/app' } },
  });
  const aliasArn = doc({ Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${A}:alias/app` });
  const files = [account(A, { users: { byAlias: { inline: [byAlias] }, byArn: { inline: [aliasArn] } } })];
  test('known aliases decide kms:ResourceAliases', () => {
    assert.equal(cell(answer(keyPolicy(), files, ['kms:Decrypt'], { aliases: ['alias/app'] }), 'byAlias').decision, 'allowed');
    assert.equal(cell(answer(keyPolicy(), files, ['kms:Decrypt'], { aliases: ['alias/other'] }), 'byAlias').decision, 'denied');
  });
  test('unknown aliases leave it conditional', () => {
    const a = answer(keyPolicy(), files);
    assert.equal(cell(a, 'byAlias').decision, 'conditional');
    assert.ok(a.notSupplied.includes("the key's aliases not supplied (kms:ResourceAliases conditions stay conditional)"));
  });
  test('an alias ARN in Resource names the alias, not the key', () => {
    assert.equal(cell(answer(keyPolicy(), files, ['kms:Decrypt'], { aliases: ['alias/app'] }), 'byArn').decision, 'denied');
  });
  test("the key's tags decide aws:ResourceTag", () => {
    const tagged = [account(A, { users: { t: { inline: [doc({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } })] } } })];
    assert.equal(cell(answer(keyPolicy(), tagged, ['kms:Decrypt'], { tags: { env: 'prod' } }), 't').decision, 'allowed');
    assert.equal(cell(answer(keyPolicy(), tagged, ['kms:Decrypt'], { tags: {} }), 't').decision, 'denied');
    assert.equal(cell(answer(keyPolicy(), tagged), 't').decision, 'conditional');
  });
});

describe('residual conditions stay residual', () => {
  test('only through S3', () => {
    const files = [
      account(A, {
        roles: { Reader: { inline: [doc({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } })] } },
      }),
    ];
    const c = cell(answer(keyPolicy(), files), 'Reader');
    assert.equal(c.decision, 'conditional');
    assert.match(c.reason, /only when kms:ViaService = s3\.us-east-1\.amazonaws\.com\.$/);
  });
});

describe('policies referenced but not supplied', () => {
  const files = [
    account(
      A,
      {
        users: {
          ro: { managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
          bounded: { managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], boundary: 'S3Only' },
          denied: { managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], inline: [doc({ Effect: 'Deny', Action: 'kms:*' })] },
        },
      },
      { S3Only: doc({ Action: 's3:*' }) },
    ),
  ];
  const a = answer(keyPolicy(), files);
  test('a missing document makes the cell unknown, never denied for lack of an allow', () => {
    const c = cell(a, 'ro');
    assert.equal(c.decision, 'conditional');
    assert.equal(
      c.reason,
      'Nothing supplied allows it; but the policy documents of arn:aws:iam::aws:policy/ReadOnlyAccess were not supplied (they may allow or deny it).',
    );
    assert.deepEqual(c.residual?.any, [
      [{ operator: 'PolicyAllows', key: '(policy document not supplied)', values: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }],
    ]);
  });
  test('what the missing document cannot change stays decided', () => {
    assert.equal(cell(a, 'bounded').decision, 'denied');
    assert.equal(cell(a, 'denied').decision, 'denied');
  });
  test('the caveat names the policy and how to fetch it', () => {
    assert.ok(
      a.caveats.some((c) =>
        c.includes('arn:aws:iam::aws:policy/ReadOnlyAccess is referenced but not supplied (AWS managed policies need --filter AWSManagedPolicy)'),
      ),
    );
  });
});

describe('rows beyond the supplied accounts', () => {
  test('services, other accounts and everyone the key policy admits get rows', () => {
    const policy = keyPolicy(
      { Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:Encrypt' },
      { Principal: { AWS: '777788889999' }, Action: 'kms:Decrypt' },
    );
    const a = answer(policy, [account(A, { users: { admin: {} } })], ['kms:Decrypt', 'kms:Encrypt']);
    const row = (n: string) => a.principals.find((p) => p.name === n)!;
    assert.equal(row('logs.amazonaws.com').kind, 'service');
    assert.equal(cell(a, 'logs.amazonaws.com', 'kms:Encrypt').decision, 'allowed');
    assert.equal(row('777788889999').kind, 'account');
    assert.equal(cell(a, '777788889999').decision, 'conditional');
    assert.ok(a.notSupplied.includes('IAM data of account 777788889999 not supplied'));
    assert.equal(a.counts['kms:Encrypt']!.allowed, 2, 'the root user and the service');
  });
});
