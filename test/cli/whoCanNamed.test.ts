/** `kms-policy who-can --iam` (the answer by name) and `simulate --iam/--scp`, end to end. */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureCliBuilt, makeTree, removeTree, runCli } from './cliHarness';

const A = '111122223333';
const doc = (...statements: Record<string, unknown>[]) => ({
  Version: '2012-10-17',
  Statement: statements.map((s) => ({ Effect: 'Allow', Resource: '*', ...s })),
});
const trustRoot = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] };

const IAM = {
  UserDetailList: [
    { UserName: 'alice', Path: '/', Arn: `arn:aws:iam::${A}:user/alice`, GroupList: ['devs'], UserPolicyList: [], AttachedManagedPolicies: [] },
    {
      UserName: 'ci-runner',
      Path: '/',
      Arn: `arn:aws:iam::${A}:user/ci-runner`,
      GroupList: [],
      UserPolicyList: [
        {
          PolicyName: 'assume',
          PolicyDocument: encodeURIComponent(JSON.stringify(doc({ Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/DeployRole` }))),
        },
      ],
      AttachedManagedPolicies: [],
    },
  ],
  GroupDetailList: [
    {
      GroupName: 'devs',
      Arn: `arn:aws:iam::${A}:group/devs`,
      GroupPolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'KmsUse', PolicyArn: `arn:aws:iam::${A}:policy/KmsUse` }],
    },
  ],
  RoleDetailList: [
    {
      RoleName: 'DeployRole',
      Path: '/',
      Arn: `arn:aws:iam::${A}:role/DeployRole`,
      AssumeRolePolicyDocument: trustRoot,
      RolePolicyList: [
        { PolicyName: 'kms', PolicyDocument: doc({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }) },
      ],
      AttachedManagedPolicies: [],
      PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/Bound` },
    },
  ],
  Policies: [
    {
      PolicyName: 'KmsUse',
      Arn: `arn:aws:iam::${A}:policy/KmsUse`,
      DefaultVersionId: 'v1',
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc({ Action: ['kms:Decrypt', 'kms:Encrypt'] }) }],
    },
    {
      PolicyName: 'Bound',
      Arn: `arn:aws:iam::${A}:policy/Bound`,
      DefaultVersionId: 'v1',
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc({ Action: ['kms:*', 's3:*'] }) }],
    },
  ],
};
const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'EnableIAM', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }],
};
const ORG = {
  accounts: { [A]: { scps: [['p-full'], ['p-deny-encrypt']] } },
  policies: {
    'p-full': { Policy: { PolicySummary: { Name: 'FullAWSAccess' }, Content: JSON.stringify(doc({ Action: '*' })) } },
    'p-deny-encrypt': doc({ Effect: 'Deny', Action: 'kms:Encrypt' }, { Action: '*' }),
  },
};

/** The same key policy in a template, beside a second key whose policy is a parameter. */
const TEMPLATE = `Parameters:
  Policy:
    Type: String
Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: EnableIAM
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
  OpenKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: !Ref Policy
`;

let dir: string;
before(async () => {
  await ensureCliBuilt();
  dir = makeTree({
    'key.json': JSON.stringify(KEY_POLICY),
    'stack.yaml': TEMPLATE,
    'iam.json': JSON.stringify(IAM),
    'org.json': JSON.stringify(ORG),
    'tags.json': JSON.stringify({ Tags: [{ TagKey: 'env', TagValue: 'prod' }] }),
    'bad-iam.json': JSON.stringify({ RoleDetailList: [{ ...IAM.RoleDetailList[0], AssumeRolePolicyDocument: '%7Bnot' }] }),
  });
});
after(() => removeTree(dir));

const cli = (args: string[]) => runCli(args, { cwd: dir });
const refuses = (args: string[], stderr: string) => {
  const r = cli(args);
  assert.equal(r.stderr, `${stderr}\n`);
  assert.equal(r.stdout, '');
  assert.equal(r.code, 2);
};

describe('who-can --iam', () => {
  test('text: counts, the tables by account and kind, conditions and chain paths', () => {
    const r = cli(['who-can', 'key.json', '-a', 'kms:Decrypt', '-a', 'kms:Encrypt', '--iam', 'iam.json', '--account', A]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(r.stdout.includes('kms:Decrypt        2            1       1\n'), r.stdout);
    assert.ok(r.stdout.includes(`Account ${A} · users (2)\n  Principal  Decrypt  Encrypt\n  alice      ✓        ✓\n  ci-runner  ✗→       ✗\n`), r.stdout);
    assert.ok(r.stdout.includes('  DeployRole · kms:Decrypt: kms:ViaService = s3.us-east-1.amazonaws.com\n'));
    assert.ok(r.stdout.includes('  ci-runner → DeployRole → Decrypt (conditional)\n'));
    assert.ok(r.stdout.includes('Not supplied\n  SCPs not supplied\n'));
  });

  test('a template: the key --key names is answered by name, with the account the template stands for', () => {
    const r = cli(['who-can', 'stack.yaml', '-a', 'kms:Decrypt', '--iam', 'iam.json', '--key', 'DataKey', '--account', A, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout) as { principals: { name: string; cells: { decision: string }[] }[] };
    assert.ok(
      a.principals.some((p) => p.name === 'alice' && p.cells[0]!.decision === 'allowed'),
      r.stdout,
    );
    refuses(
      ['who-can', 'stack.yaml', '-a', 'kms:Decrypt', '--iam', 'iam.json'],
      "kms-policy who-can: --iam answers about one key: name it with --key (keys: DataKey, OpenKey)\nRun 'kms-policy who-can --help' for usage.",
    );
    refuses(
      ['who-can', 'stack.yaml', '-a', 'kms:Decrypt', '--iam', 'iam.json', '--key', 'OpenKey'],
      'kms-policy who-can: the policy of OpenKey is not known until deployed («!Ref Policy»)',
    );
  });

  test('json: the NamedWhoCanAnswer', () => {
    const r = cli([
      'who-can',
      'key.json',
      '-a',
      'kms:Decrypt',
      '--iam',
      'iam.json',
      '--account',
      A,
      '--format',
      'json',
      '--scp',
      'org.json',
      '--tags',
      'tags.json',
      '--alias',
      'alias/app',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout) as {
      actions: string[];
      accounts: string[];
      principals: { name: string; cells: { decision: string }[]; chains: { path: string[] }[] }[];
      notSupplied: string[];
    };
    assert.deepEqual(a.actions, ['kms:Decrypt']);
    assert.deepEqual(a.accounts, [A]);
    assert.deepEqual(
      a.principals.map((p) => `${p.name}:${p.cells[0]!.decision}`),
      [`root (${A}):allowed`, 'alice:allowed', 'ci-runner:denied', 'DeployRole:conditional'],
    );
    assert.deepEqual(a.principals.find((p) => p.name === 'ci-runner')!.chains[0]!.path, [
      `arn:aws:iam::${A}:user/ci-runner`,
      `arn:aws:iam::${A}:role/DeployRole`,
    ]);
    assert.deepEqual(a.notSupplied, [`RCPs of account ${A} (the key's) not supplied`, 'grants not supplied']);
  });

  test('an SCP deny shows', () => {
    const r = cli(['who-can', 'key.json', '-a', 'kms:Encrypt', '--iam', 'iam.json', '--account', A, '--scp', 'org.json', '-f', 'json']);
    const a = JSON.parse(r.stdout) as { principals: { name: string; cells: { decision: string; reason: string }[] }[] };
    assert.equal(a.principals.find((p) => p.name === 'alice')!.cells[0]!.reason, 'Denied by SCP p-deny-encrypt statement 1.');
  });

  test('bad input: the file and the element, exit 2', () => {
    refuses(
      ['who-can', 'key.json', '-a', 'kms:Decrypt', '--iam', 'bad-iam.json', '--account', A],
      'kms-policy who-can: bad-iam.json: RoleDetailList[0].AssumeRolePolicyDocument: not a policy document (neither JSON nor URL-encoded JSON)',
    );
    refuses(
      ['who-can', 'key.json', '-a', 'kms:Decrypt', '--iam', 'missing.json'],
      'kms-policy who-can: cannot read IAM data missing.json: no such file or directory',
    );
  });

  test('usage: the --iam options need --iam; bad values are refused', () => {
    const usage = (args: string[], message: string) => {
      const r = cli(args);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `kms-policy who-can: ${message}\nRun 'kms-policy who-can --help' for usage.\n`);
    };
    usage(['who-can', 'key.json', '-a', 'kms:Decrypt', '--scp', 'org.json'], '--scp needs --iam (the answer by name)');
    usage(['who-can', 'key.json', '-a', 'kms:Decrypt', '--iam', 'iam.json', '--alias', 'app'], "--alias must be alias/NAME (got 'app')");
    usage(
      ['who-can', 'key.json', '-a', 'kms:Decrypt', '--iam', 'iam.json', '--max-chain-depth', 'x'],
      "--max-chain-depth must be a number from 0 to 10 (got 'x')",
    );
  });
});

describe('simulate --iam', () => {
  test("the caller's group policy allows it", () => {
    const r = cli(['simulate', 'key.json', '-p', `arn:aws:iam::${A}:user/alice`, '-a', 'kms:Decrypt', '--iam', 'iam.json', '--account', A, '-f', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { decision: string; reason: string }).reason, 'iam-delegation');
  });
  test('the role’s own policy holds only through S3', () => {
    const base = ['simulate', 'key.json', '-p', `arn:aws:iam::${A}:role/DeployRole`, '-a', 'kms:Decrypt', '--iam', 'iam.json', '--account', A, '-f', 'json'];
    assert.equal((JSON.parse(cli(base).stdout) as { decision: string }).decision, 'deny');
    assert.equal((JSON.parse(cli([...base, '-c', 'kms:ViaService=s3.us-east-1.amazonaws.com']).stdout) as { decision: string }).decision, 'allow');
  });
  test('SCPs of the caller’s account apply', () => {
    const r = cli([
      'simulate',
      'key.json',
      '-p',
      `arn:aws:iam::${A}:user/alice`,
      '-a',
      'kms:Encrypt',
      '--iam',
      'iam.json',
      '--scp',
      'org.json',
      '--account',
      A,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^DENY {2}kms:Encrypt by IAM user alice in account 111122223333 {2}\[explicit-deny\]\n {2}Denied: statement 1 of SCP 0 at level 1 denies it\./,
    );
  });
  test('a caller not in the data is refused', () => {
    refuses(
      ['simulate', 'key.json', '-p', `arn:aws:iam::${A}:user/zed`, '-a', 'kms:Decrypt', '--iam', 'iam.json', '--account', A],
      `kms-policy simulate: the caller arn:aws:iam::${A}:user/zed is not in the IAM data of account ${A} (iam.json)`,
    );
  });
});
