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
