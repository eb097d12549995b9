/**
 * `kms-policy lint` and `who-can` on CloudFormation templates, end to end through the built CLI: the format is
 * detected, findings carry host-file positions and the key's logical id (text, JSON, SARIF), directories are
 * searched for templates that declare keys, and a template that is not valid YAML has its syntax errors reported
 * once while the keys that can still be read are linted.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureCliBuilt, makeTree, removeTree, runCli } from './cliHarness';

const STACK = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  AdminArn:
    Type: String
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
          - Sid: Admin
            Effect: Allow
            Principal:
              AWS: !Ref AdminArn
            Action: kms:PutKeyPolicy
            Resource: "*"
          - Sid: Use
            Effect: Allow
            Principal:
              AWS: !GetAtt AppRole.Arn
            Action: [kms:Decrytp, kms:Encrypt]
            Resource: "*"
  LogsKey:
    Type: AWS::KMS::Key
`;

const CDK = JSON.stringify(
  {
    Resources: {
      KeyA: {
        Type: 'AWS::KMS::Key',
        Properties: {
          KeyPolicy: {
            Statement: [
              {
                Action: 'kms:*',
                Effect: 'Allow',
                Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
                Resource: '*',
              },
            ],
            Version: '2012-10-17',
          },
        },
      },
    },
  },
  null,
  1,
);

let dir: string;
before(async () => {
  await ensureCliBuilt();
  dir = makeTree({
    'stack.yaml': STACK,
    'infra/app.template': STACK.replace('DataKey', 'OtherKey'),
    'cdk.out/App.template.json': CDK,
    'ci.yml': 'on: push\njobs: {}\n',
    'broken.yml': `${STACK}    Properties: [unclosed\n`,
  });
});
after(() => removeTree(dir));

test("lint prints each finding at its place in the template, with the key's logical id", () => {
  const r = runCli(['lint', 'stack.yaml', '--no-color'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /^stack\.yaml:32:22 {2}error {2}KP201 {2}DataKey: "kms:Decrytp" is not a KMS action/);
  assert.equal(lines.filter((l) => l.startsWith('stack.yaml:')).length, 1, r.stdout);
});

test('JSON and SARIF name the key (resource / logicalLocations)', () => {
  const json = JSON.parse(runCli(['lint', 'stack.yaml', '--format', 'json'], { cwd: dir }).stdout) as {
    file: string;
    diagnostics: { code: string; resource?: string; range: { start: { line: number; character: number } } }[];
  }[];
  assert.deepEqual(json, [
    {
      file: 'stack.yaml',
      diagnostics: [
        {
          ...json[0]!.diagnostics[0]!,
          code: 'KP201',
          resource: 'DataKey',
          range: { start: { line: 31, character: 21 }, end: { line: 31, character: 32 } },
        },
      ],
    },
  ]);
  const sarif = JSON.parse(runCli(['lint', 'stack.yaml', '--format', 'sarif'], { cwd: dir }).stdout) as {
    runs: { results: { ruleId: string; locations: { logicalLocations?: { name: string }[] }[] }[] }[];
  };
  const result = sarif.runs[0]!.results[0]!;
  assert.equal(result.ruleId, 'KP201');
  assert.deepEqual(result.locations[0]!.logicalLocations, [{ name: 'DataKey', kind: 'resource' }]);
});

test('a directory search finds the templates that declare keys (YAML, .template, CDK JSON) and skips other YAML', () => {
  const r = runCli(['lint', '.', '--format', 'json'], { cwd: dir });
  const files = (JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file).sort();
  assert.deepEqual(files, ['broken.yml', 'cdk.out/App.template.json', 'infra/app.template', 'stack.yaml']);
});

test('a template that is not valid YAML: the syntax error in a key is reported once, the other keys are still linted', () => {
  const r = runCli(['lint', 'broken.yml', '--format', 'json'], { cwd: dir });
  const d = (JSON.parse(r.stdout) as { diagnostics: { code: string; resource?: string }[] }[])[0]!.diagnostics;
  assert.deepEqual(
    d.map((x) => [x.code, x.resource]),
    [
      ['template-syntax', undefined],
      ['KP201', 'DataKey'],
    ],
  );
});

test("who-can answers each key of a template under its logical id, in the template's words", () => {
  const r = runCli(['who-can', 'stack.yaml', '--action', 'kms:PutKeyPolicy'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^DataKey \(AWS::KMS::Key\)\n/);
  assert.match(r.stdout, /«AWS::AccountId»/);
  assert.match(r.stdout, /arn:aws:iam::«AWS::AccountId»:role\/«!Ref AdminArn»/);
  assert.match(r.stdout, /Note: values this file leaves open are counted as written, not as anyone in particular: «!Ref AdminArn»\./);
  assert.match(r.stdout, /\nLogsKey \(AWS::KMS::Key, default key policy\)\n/);
  const one = JSON.parse(runCli(['who-can', 'stack.yaml', '--action', 'kms:Decrypt', '--key', 'LogsKey', '--format', 'json'], { cwd: dir }).stdout) as {
    resource: string;
    principals: { principal: string }[];
  }[];
  assert.deepEqual(
    one.map((k) => [k.resource, k.principals.map((p) => p.principal)]),
    [['LogsKey', ['«AWS::AccountId»']]],
  );
  const missing = runCli(['who-can', 'stack.yaml', '--action', 'kms:Decrypt', '--key', 'Nope'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'kms-policy who-can: stack.yaml declares no KMS key "Nope" (keys: DataKey, LogsKey)\n');
});

const TF = `data "aws_caller_identity" "current" {}

resource "aws_kms_key" "main" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = ["kms:*", "kms:Decrytp"]
      Resource  = "*"
    }]
  })
}

resource "aws_kms_key" "from_file" {
  policy = file("\${path.module}/key-policy.json")
}
`;

test('Terraform files and plans: findings at their place with the resource address; file() read beside the .tf', () => {
  const tf = makeTree({
    'infra/main.tf': TF,
    'infra/key-policy.json':
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrpyt", "Resource": "*"}]}',
    'plan.json': JSON.stringify({
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_kms_key.p',
              mode: 'managed',
              type: 'aws_kms_key',
              name: 'p',
              values: {
                policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*"}]}',
              },
            },
          ],
        },
      },
    }),
  });
  try {
    const r = runCli(['lint', '.', '--format', 'json'], { cwd: tf });
    const reports = JSON.parse(r.stdout) as {
      file: string;
      diagnostics: { code: string; resource?: string; message: string; range: { start: { line: number } } }[];
    }[];
    assert.deepEqual(
      reports.map((f) => [f.file, f.diagnostics.map((d) => [d.code, d.resource, d.range.start.line])]),
      [
        // The file the .tf reads is a key policy of its own too: linted as one.
        [
          'infra/key-policy.json',
          [
            ['KP601', undefined, 0],
            ['KP603', undefined, 0],
            ['KP201', undefined, 0],
          ],
        ],
        [
          'infra/main.tf',
          [
            ['KP118', 'aws_kms_key.main', 8],
            ['KP201', 'aws_kms_key.main', 8],
            ['KP601', 'aws_kms_key.from_file', 15],
            ['KP603', 'aws_kms_key.from_file', 15],
            ['KP201', 'aws_kms_key.from_file', 15],
          ],
        ],
        [
          'plan.json',
          [
            ['KP601', 'aws_kms_key.p', 0],
            ['KP600', 'aws_kms_key.p', 0],
          ],
        ],
      ],
    );
    assert.match(reports[1]!.diagnostics[4]!.message, /^In key-policy\.json: "kms:Decrpyt"/);
    const who = runCli(['who-can', 'infra/main.tf', '--action', 'kms:Decrypt', '--key', 'aws_kms_key.main'], { cwd: tf });
    assert.match(who.stdout, /^aws_kms_key\.main \(aws_kms_key\)\n\nWho can kms:Decrypt on a key in account «data\.aws_caller_identity\.current\.account_id»/);
  } finally {
    removeTree(tf);
  }
});
