/**
 * `kms-policy diff`, the pull-request gate, end to end: two files, a template against its git revision
 * (--base), the text, JSON and Markdown formats, and the exit status of each --fail-on condition.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultPolicy, ensureCliBuilt, makeTree, removeTree, runCli } from './cliHarness';

const PUBLIC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'kms:*',
      Resource: '*',
    },
    { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
  ],
});

const STACK = (principal: string): string => `Resources:
  AppRole:
    Type: AWS::IAM::Role
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal: {AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
          - Sid: Use
            Effect: Allow
            Principal: {AWS: ${principal}}
            Action: [kms:Decrypt, kms:Encrypt]
            Resource: "*"
`;

let dir: string;
before(async () => {
  await ensureCliBuilt();
  dir = makeTree({ 'old.kms.json': defaultPolicy(), 'new.kms.json': PUBLIC, 'infra/stack.yaml': STACK('!GetAtt AppRole.Arn') });
  const git = (...args: string[]): void => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'base');
  fs.writeFileSync(path.join(dir, 'infra/stack.yaml'), STACK('"arn:aws:iam::444455556666:root"'));
  fs.writeFileSync(path.join(dir, 'infra/new.yaml'), STACK('"*"'));
});
after(() => removeTree(dir));

test('two files: who gains what, in text; --fail-on decides the exit status', () => {
  const r = runCli(['diff', 'old.kms.json', 'new.kms.json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    'new.kms.json  policy: changed — PUBLIC, 1 error\n  Who can decrypt?\n    + everyone gains kms:Decrypt\n\nNo --fail-on condition was asked for.\n',
  );
  assert.equal(runCli(['diff', 'old.kms.json', 'new.kms.json', '--fail-on', 'lockout'], { cwd: dir }).code, 0);
  assert.equal(runCli(['diff', 'old.kms.json', 'new.kms.json', '--fail-on', 'errors'], { cwd: dir }).code, 1);
  const failing = runCli(['diff', 'old.kms.json', 'new.kms.json', '--fail-on', 'new-access', '--fail-on', 'public'], { cwd: dir });
  assert.equal(failing.code, 1);
  assert.match(failing.stdout, /\nFailed: new-access \(policy\); public \(policy\)\.\n$/);
});

test('--base REV: each template against its git version, keys by logical id; a new file is all new access', () => {
  const r = runCli(['diff', '--base', 'HEAD', 'infra', '--format', 'json', '--fail-on', 'new-access'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as {
    files: {
      file: string;
      keys: { id: string; status: string; questions: { question: string; gained: { who: string }[]; lost: { who: string }[] }[] }[];
    }[];
    failed: { condition: string; file: string; key: string }[];
  };
  assert.deepEqual(
    out.files.map((f) => [f.file, f.keys.map((k) => [k.id, k.status])]),
    [
      ['infra/new.yaml', [['DataKey', 'added']]],
      ['infra/stack.yaml', [['DataKey', 'changed']]],
    ],
  );
  const decrypt = out.files[1]!.keys[0]!.questions[0]!;
  assert.deepEqual(
    [decrypt.gained.map((c) => c.who), decrypt.lost.map((c) => c.who)],
    [['account 444455556666 (its IAM principals)'], ['role AppRole in this template']],
  );
  assert.deepEqual(
    out.failed.map((f) => `${f.condition} ${f.file} ${f.key}`),
    ['new-access infra/new.yaml DataKey', 'new-access infra/stack.yaml DataKey'],
  );
});

test('the Markdown summary a CI job posts', () => {
  const r = runCli(['diff', '--base', 'HEAD', 'infra/stack.yaml', '--format', 'markdown', '--fail-on', 'public'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^## KMS key policies: who can, before and after\n/);
  assert.match(
    r.stdout,
    /\| `infra\/stack\.yaml` \| `DataKey` \| Who can decrypt\? \| ➕ gains \| account 444455556666 \(its IAM principals\) \| kms:Decrypt \| always \|/,
  );
  assert.match(r.stdout, /\*\*✅ Passed: none of public\.\*\*\n$/);
});

test('usage mistakes exit 2 with a message', () => {
  const r = runCli(['diff', 'old.kms.json'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /diff compares two files, BASE and HEAD \(got 1\)/);
  assert.match(runCli(['diff', 'a', 'b', '--fail-on', 'nope'], { cwd: dir }).stderr, /--fail-on takes new-access, public, lockout, errors \(got 'nope'\)/);
  const bad = runCli(['diff', '--base', 'no-such-rev', 'infra/stack.yaml'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /git show no-such-rev:\.\/infra\/stack\.yaml failed/);
});
