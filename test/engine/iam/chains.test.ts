/** Role chains: edges from trust policies and sts:AssumeRole allows, shortest paths first, the depth bound, notes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { A, X, account, answer, cell, doc, keyPolicy } from './iamFixtures';

const assume = (role: string, account = A) => doc({ Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${account}:role/${role}` });
const trustRoot = (acct: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole' }],
});
const trustArn = (arn: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' }] });
const DECRYPT = doc({ Action: 'kms:Decrypt' });
const names = (arns: readonly string[]) => arns.map((a) => a.slice(a.lastIndexOf('/') + 1)).join(' → ');

describe('chain edges', () => {
  test('a trust policy naming the account needs the principal’s own sts:AssumeRole allow', () => {
    const a = answer(keyPolicy(), [
      account(A, {
        users: { 'ci-runner': { inline: [assume('DeployRole')] }, bystander: {} },
        roles: { DeployRole: { inline: [DECRYPT], trust: trustRoot(A) } },
      }),
    ]);
    const ci = a.principals.find((p) => p.name === 'ci-runner')!;
    assert.deepEqual(
      ci.chains.map((c) => `${names(c.path)} [${c.actions.join(',')}]${c.conditional ? ' ?' : ''}`),
      ['ci-runner → DeployRole [kms:Decrypt]'],
    );
    assert.equal(cell(a, 'ci-runner').via, 'chain');
    assert.equal(cell(a, 'ci-runner').decision, 'denied', 'the cell stays the direct evaluation');
    assert.match(cell(a, 'ci-runner').reason, /Reachable by assuming roles: ci-runner → DeployRole\.$/);
    assert.deepEqual(a.principals.find((p) => p.name === 'bystander')!.chains, []);
  });

  test('a trust policy naming the principal within the account suffices alone', () => {
    const a = answer(keyPolicy(), [
      account(A, { users: { ops: {} }, roles: { DeployRole: { inline: [DECRYPT], trust: trustArn(`arn:aws:iam::${A}:user/ops`) } } }),
    ]);
    assert.equal(names(a.principals.find((p) => p.name === 'ops')!.chains[0]!.path), 'ops → DeployRole');
  });

  test('a trust policy that does not name the principal gives no edge, whatever its identity allows', () => {
    const a = answer(keyPolicy(), [
      account(A, {
        users: { ops: { inline: [assume('DeployRole')] } },
        roles: { DeployRole: { inline: [DECRYPT], trust: trustArn(`arn:aws:iam::${A}:user/other`) } },
      }),
    ]);
    assert.deepEqual(a.principals.find((p) => p.name === 'ops')!.chains, []);
  });

  test('a conditional trust marks the chain conditional', () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${A}:user/ops` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'x1' } },
        },
      ],
    };
    const a = answer(keyPolicy(), [account(A, { users: { ops: {} }, roles: { DeployRole: { inline: [DECRYPT], trust } } })]);
    assert.equal(a.principals.find((p) => p.name === 'ops')!.chains[0]!.conditional, true);
  });

  test('cross-account: the trust names the other account and the principal there allows sts:AssumeRole', () => {
    const a = answer(keyPolicy(), [
      account(A, { roles: { Shared: { inline: [DECRYPT], trust: trustRoot(X) } } }),
      account(X, { users: { xavier: { inline: [assume('Shared', A)] } } }),
    ]);
    assert.equal(names(a.principals.find((p) => p.name === 'xavier')!.chains[0]!.path), 'xavier → Shared');
  });
});

describe('the assumer’s permissions boundary', () => {
  const KMS_ONLY = doc({ Action: 'kms:*' });
  const STS_ON = (role: string, acct = A) => doc({ Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${acct}:role/${role}` });
  const trustAny = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };
  // [case, assumer kind, its account, its boundary (a managed policy in its account, or one not supplied), the trust of DeployRole in A, the chain expected]
  const cases: readonly [string, 'user' | 'role', string, Record<string, unknown> | 'missing', Record<string, unknown>, string | undefined][] = [
    ['a boundary without sts:AssumeRole cuts an account trust', 'user', A, KMS_ONLY, trustRoot(A), undefined],
    ['a boundary allowing sts:AssumeRole on the role keeps it', 'user', A, STS_ON('DeployRole'), trustRoot(A), 'ops → DeployRole'],
    ['a boundary allowing sts:AssumeRole on another role cuts it', 'user', A, STS_ON('OtherRole'), trustRoot(A), undefined],
    ['a role’s boundary cuts even a trust naming it', 'role', A, KMS_ONLY, trustArn(`arn:aws:iam::${A}:role/ops`), undefined],
    ['a role’s boundary cuts a trust admitting everyone', 'role', A, KMS_ONLY, trustAny, undefined],
    ['a user named by a trust of its own account is not cut by its boundary', 'user', A, KMS_ONLY, trustArn(`arn:aws:iam::${A}:user/ops`), 'ops → DeployRole'],
    ['nor is a user of the account when the trust admits everyone', 'user', A, KMS_ONLY, trustAny, 'ops → DeployRole'],
    ['another account’s user is cut by its boundary when the trust names it', 'user', X, KMS_ONLY, trustArn(`arn:aws:iam::${X}:user/ops`), undefined],
    ['another account’s user is cut by its boundary when the trust admits everyone', 'user', X, KMS_ONLY, trustAny, undefined],
    ['another account’s user whose boundary allows it', 'user', X, STS_ON('DeployRole', A), trustRoot(X), 'ops → DeployRole'],
    [
      'another account’s user named by the trust, whose boundary allows it',
      'user',
      X,
      STS_ON('DeployRole', A),
      trustArn(`arn:aws:iam::${X}:user/ops`),
      'ops → DeployRole',
    ],
    ['a boundary not supplied may allow it (the chain is conditional)', 'user', A, 'missing', trustRoot(A), 'ops → DeployRole ?'],
  ];
  for (const [name, kind, acct, boundary, trust, expected] of cases) {
    test(name, () => {
      const ops = { inline: [assume('DeployRole')], boundary: 'Boundary', ...(kind === 'role' ? { trust: trustRoot(acct) } : {}) };
      const holder = { [kind === 'user' ? 'users' : 'roles']: { ops } };
      const managed: Record<string, Record<string, unknown>> = boundary === 'missing' ? {} : { Boundary: boundary };
      const files =
        acct === A
          ? [account(A, { ...holder, roles: { ...holder.roles, DeployRole: { inline: [DECRYPT], trust } } }, managed)]
          : [account(A, { roles: { DeployRole: { inline: [DECRYPT], trust } } }), account(X, holder, managed)];
      const a = answer(keyPolicy(), files);
      const ops2 = a.principals.find((p) => p.name === 'ops' && p.account === acct)!;
      assert.deepEqual(
        ops2.chains.map((c) => `${names(c.path)}${c.conditional ? ' ?' : ''}`),
        expected ? [expected] : [],
      );
    });
  }
});

describe('the search', () => {
  // u → R1 → R2 → R3 → decrypt, and a shortcut u → R3 is absent: the path is three roles long.
  const files = [
    account(A, {
      users: { u: { inline: [doc({ Action: 'sts:AssumeRole' })] } },
      roles: {
        R1: { inline: [doc({ Action: 'sts:AssumeRole' })], trust: trustArn(`arn:aws:iam::${A}:user/u`) },
        R2: { inline: [doc({ Action: 'sts:AssumeRole' })], trust: trustArn(`arn:aws:iam::${A}:role/R1`) },
        R3: { inline: [DECRYPT], trust: trustArn(`arn:aws:iam::${A}:role/R2`) },
      },
    }),
  ];

  test('paths come shortest first, each principal with the chain it needs', () => {
    const a = answer(keyPolicy(), files);
    const chain = (n: string) => a.principals.find((p) => p.name === n)!.chains.map((c) => names(c.path));
    assert.deepEqual(chain('R2'), ['R2 → R3']);
    assert.deepEqual(chain('R1'), ['R1 → R2 → R3']);
    assert.deepEqual(chain('u'), ['u → R1 → R2 → R3']);
  });

  test('the depth bound stops the search and says so', () => {
    const a = answer(keyPolicy(), files, ['kms:Decrypt'], { maxChainDepth: 2 });
    assert.deepEqual(a.principals.find((p) => p.name === 'u')!.chains, []);
    assert.ok(a.caveats.includes('Role chains were followed 2 roles deep; longer chains were not searched.'));
  });

  test('a trust naming an account whose data was not supplied is noted', () => {
    const a = answer(keyPolicy(), [account(A, { roles: { Shared: { inline: [DECRYPT], trust: trustRoot('999988887777') } } })]);
    assert.ok(
      a.caveats.includes(
        "Shared's trust policy admits principals of account 999988887777, whose IAM data was not supplied: they may reach the key through it.",
      ),
      a.caveats.join('\n'),
    );
  });

  test('a principal gets two chains, shortest first, a role also while it waits to be searched from', () => {
    const any = doc({ Action: 'sts:AssumeRole' });
    const a = answer(keyPolicy(), [
      account(A, {
        users: { u: { inline: [any] } },
        roles: { D1: { inline: [DECRYPT] }, D2: { inline: [DECRYPT] }, D3: { inline: [DECRYPT] }, Q: { inline: [any] } },
      }),
    ]);
    const chain = (n: string) => a.principals.find((p) => p.name === n)!.chains.map((c) => names(c.path));
    assert.deepEqual(chain('Q'), ['Q → D1', 'Q → D2']);
    assert.deepEqual(chain('u'), ['u → D1', 'u → D2']);
    assert.deepEqual(chain('D1'), []);
  });

  test('cycles end', () => {
    const a = answer(keyPolicy(), [
      account(A, {
        roles: {
          P: { inline: [doc({ Action: 'sts:AssumeRole' })], trust: trustArn(`arn:aws:iam::${A}:role/Q`) },
          Q: { inline: [doc({ Action: 'sts:AssumeRole' }), DECRYPT], trust: trustArn(`arn:aws:iam::${A}:role/P`) },
        },
      }),
    ]);
    assert.deepEqual(
      a.principals.find((p) => p.name === 'P')!.chains.map((c) => names(c.path)),
      ['P → Q'],
    );
  });
});
