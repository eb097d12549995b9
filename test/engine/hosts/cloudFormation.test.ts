/**
 * CloudFormation and SAM templates (YAML and JSON): every AWS::KMS::Key and AWS::KMS::ReplicaKey is found, its
 * KeyPolicy read with exact host ranges, what the template fixes resolved (the key's own account, Region,
 * partition; roles of the template) and what it leaves open kept open: never reported as invalid, never the
 * ground of a "nobody" or "everyone".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPolicyService, isHostDocument, type PolicyDocument } from '../../../server/src/engine';
import { appKeyTemplate } from './samples';

const service = createPolicyService();

/** The text under each diagnostic, with its code. */
function findings(text: string, uri = 'file:///t.yaml', s = service): string[] {
  const doc = s.parse(text, uri);
  return s.validate(doc).map((d) => `${d.code} ${text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end))}`);
}

const yaml = (policy: string, extra = ''): string => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  AdminArn:
    Type: String
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
${policy
  .split('\n')
  .map((l) => `        ${l}`)
  .join('\n')}
${extra}`;

const ROOT = `- Sid: Root
  Effect: Allow
  Principal:
    AWS: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
  Action: "kms:*"
  Resource: "*"`;

const policy = (...statements: string[]): string => `Version: "2012-10-17"\nStatement:\n${statements.map((s) => s.replace(/^/gm, '  ')).join('\n')}`;

test('a YAML template is a host document with one entry per key, in order, with its logical id', () => {
  const text = yaml(
    policy(ROOT),
    '  Replica:\n    Type: AWS::KMS::ReplicaKey\n    Properties:\n      PrimaryKeyArn: x\n  Bucket:\n    Type: AWS::S3::Bucket\n',
  );
  const doc = service.parse(text, 'file:///t.yaml');
  assert.ok(isHostDocument(doc));
  assert.deepEqual(
    service.keys(doc).map((k) => [k.id, k.type, k.origin]),
    [
      ['Key', 'AWS::KMS::Key', 'policy'],
      ['Replica', 'AWS::KMS::ReplicaKey', 'default'],
    ],
  );
  assert.equal(service.keys(doc)[0]!.idRange.start.line, 9);
});

test("the usual root delegation is recognised with no settings: AWS::AccountId is the key's account", () => {
  const text = yaml(policy(ROOT));
  assert.deepEqual(findings(text), []);
  const doc = service.parse(text, 'file:///t.yaml');
  const report = service.keyReport(service.keys(doc)[0]!, 'decrypt')!;
  assert.equal(report.summary, '1 principal: IAM principals of «AWS::AccountId»');
  assert.doesNotMatch(report.markdown, /999999999999/);
});

test('the account in the settings replaces AWS::AccountId', () => {
  const s = createPolicyService({ context: { account: '111122223333' } });
  const doc = s.parse(yaml(policy(ROOT)), 'file:///t.yaml');
  assert.equal(s.keyReport(s.keys(doc)[0]!, 'decrypt')!.summary, '1 principal: IAM principals of 111122223333');
});

test('diagnostics land on the exact YAML range of the value', () => {
  const text = yaml(
    policy(ROOT, '- Sid: Use\n  Effect: Allow\n  Principal: { AWS: !GetAtt AppRole.Arn }\n  Action: [kms:Decrytp, "kms:Encrypt"]\n  Resource: "*"'),
  );
  assert.deepEqual(findings(text), ['KP201 kms:Decrytp']);
});

test('a role of the template is shown by its logical id', () => {
  const text = yaml(policy(ROOT, '- Sid: Use\n  Effect: Allow\n  Principal:\n    AWS: !GetAtt AppRole.Arn\n  Action: kms:Decrypt\n  Resource: "*"'));
  const doc = service.parse(text, 'file:///t.yaml');
  assert.equal(
    service.keyReport(service.keys(doc)[0]!, 'decrypt')!.summary,
    '2 principal classes: IAM principals of «AWS::AccountId», role AppRole in this template',
  );
});

test('values left open are never reported as invalid', () => {
  const open = policy(
    ROOT,
    `- Sid: Open
  Effect: Allow
  Principal:
    AWS: !Ref AdminArn
  Action: [!Ref SomeAction, kms:Decrypt]
  Resource: !ImportValue SharedArn
  Condition:
    StringEquals:
      aws:PrincipalOrgID: !FindInMap [Orgs, !Ref AWS::Region, Id]
    IpAddress:
      aws:SourceIp: !If [Prod, 10.0.0.0/8, !Ref AWS::NoValue]`,
  );
  assert.deepEqual(findings(yaml(open)), []);
});

test('an open principal counts as someone: no lockout claimed when the only administrator is a parameter', () => {
  const text = yaml(policy('- Sid: Admin\n  Effect: Allow\n  Principal:\n    AWS: !Ref AdminArn\n  Action: "kms:*"\n  Resource: "*"'));
  assert.deepEqual(findings(text), []);
  const doc = service.parse(text, 'file:///t.yaml');
  const key = service.keys(doc)[0]!;
  assert.deepEqual(key.openValues, ['!Ref AdminArn']);
  assert.equal(service.keyReport(key, 'administer')!.summary, '1 principal: «!Ref AdminArn» (1 open value)');
  assert.equal(service.checks(doc)[0]!.lockout, false);
});

test('an open action never makes "nobody": the answer says a value is open', () => {
  const text = yaml(
    policy(
      ROOT.replace('"kms:*"', '"kms:DescribeKey"'),
      '- Sid: Admin\n  Effect: Allow\n  Principal:\n    AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"\n  Action: !Ref AdminActions\n  Resource: "*"',
    ),
  );
  const codes = findings(text).map((f) => f.split(' ')[0]);
  assert.ok(!codes.includes('KP601'), codes.join());
  const doc = service.parse(text, 'file:///t.yaml');
  assert.equal(service.keyReport(service.keys(doc)[0]!, 'administer')!.summary, 'nobody known (1 open value)');
});

test('the same policy written literally still gets its lockout finding', () => {
  const text = yaml(policy(ROOT.replace('"kms:*"', '"kms:DescribeKey"')));
  assert.ok(findings(text).some((f) => f.startsWith('KP601')));
});

test('a public statement is reported; with an open condition value it is not', () => {
  const open = (condition: string): string =>
    yaml(policy(ROOT, `- Sid: Everyone\n  Effect: Allow\n  Principal: "*"\n  Action: kms:Decrypt\n  Resource: "*"${condition}`));
  assert.ok(findings(open('')).some((f) => f.startsWith('KP600')));
  assert.ok(!findings(open('\n  Condition:\n    StringEquals:\n      aws:PrincipalOrgID: !Ref OrgId')).some((f) => f.startsWith('KP600')));
  assert.ok(!findings(open('\n  Condition: !If [HasOrg, {StringEquals: {aws:PrincipalOrgID: o-1}}, !Ref AWS::NoValue]')).some((f) => f.startsWith('KP600')));
});

test('Fn::Join and Fn::Sub with variables are spliced (CDK writes the root ARN as a Join)', () => {
  const join = `- Effect: Allow
  Principal:
    AWS:
      Fn::Join: ["", ["arn:", {Ref: "AWS::Partition"}, ":iam::", {Ref: "AWS::AccountId"}, ":root"]]
  Action: kms:*
  Resource: "*"
- Effect: Allow
  Principal:
    Service: !Sub ["logs.\${R}.\${AWS::URLSuffix}", {R: !Ref "AWS::Region"}]
  Action: kms:Encrypt*
  Resource: "*"
  Condition:
    ArnLike:
      kms:EncryptionContext:aws:logs:arn: !Sub "arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:*"`;
  const s = createPolicyService({ context: { region: 'eu-west-1' } });
  const doc = s.parse(yaml(policy(join)), 'file:///t.yaml');
  const key = s.keys(doc)[0]!;
  assert.match(key.policy!.text, /"AWS":"arn:aws:iam::999999999999:root"/);
  assert.match(key.policy!.text, /"Service":"logs\.eu-west-1\.amazonaws\.com"/);
  assert.deepEqual(key.openValues, []);
});

test('a JSON template (CDK output) is read from its JSON, with positions in the file', () => {
  const template = {
    Resources: {
      MyKey6AB29FA6: {
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
              { Action: 'kms:Decrpyt', Effect: 'Allow', Principal: { AWS: '*' }, Resource: '*' },
            ],
            Version: '2012-10-17',
          },
        },
        UpdateReplacePolicy: 'Retain',
      },
    },
  };
  const text = JSON.stringify(template, null, 1);
  assert.deepEqual(findings(text, 'file:///cdk.out/Stack.template.json'), ['KP201 "kms:Decrpyt"']);
  const doc = service.parse(text, 'file:///cdk.out/Stack.template.json');
  assert.deepEqual(
    service.keys(doc).map((k) => k.id),
    ['MyKey6AB29FA6'],
  );
});

test('a KeyPolicy written as a JSON string is read as JSON, its own syntax errors included', () => {
  const root = '{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}';
  const text = `Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: '{"Version": "2012-10-17", "Statement": [${root}, {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",}]}'\n`;
  assert.deepEqual(findings(text), ['KP600 "*"', 'KP003 ,']);
});

test('a policy that is a parameter is open: nothing is analysed or reported', () => {
  const text = 'Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: !Ref PolicyDocument\n';
  const doc = service.parse(text, 'file:///t.yaml');
  assert.deepEqual(findings(text), []);
  assert.deepEqual(
    service.keys(doc).map((k) => [k.origin, k.openLabel]),
    [['open', '!Ref PolicyDocument']],
  );
  assert.deepEqual(
    service.codeLenses(doc).map((l) => l.command?.title),
    ['Key policy not known until deployed: «!Ref PolicyDocument»'],
  );
});

test('YAML files without a KMS key, and JSON policies, are not host documents with keys', () => {
  const workflow = service.parse('on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n', 'file:///.github/workflows/ci.yml');
  assert.ok(isHostDocument(workflow) && !service.isKeyPolicy(workflow));
  const plain: PolicyDocument = service.parse('{"Version":"2012-10-17","Statement":[]}', 'file:///p.json');
  assert.ok(!isHostDocument(plain));
  assert.deepEqual(service.keys(plain), []);
});

test('a template that is not valid YAML: errors in a key are kept, the keys that can still be read are analysed, nothing throws', () => {
  const key = (id: string, extra = ''): string =>
    `  ${id}:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n          - {Effect: Allow, Principal: {AWS: !GetAtt AppRole.Arn}, Action: kms:Decrytp, Resource: "*"}\n${extra}`;
  const text = `Resources:\n  AppRole:\n    Type: AWS::IAM::Role\n${key('Good')}${key('Broken', '        Version: [unclosed\n')}  Other:\n    Type: [unclosed\n`;
  const doc = service.parse(text, 'file:///t.yaml');
  // The broken key's own syntax error is reported; errors elsewhere in the template are the YAML tools' business.
  assert.ok(isHostDocument(doc));
  const broken = text.indexOf('  Broken:');
  assert.deepEqual(
    doc.host.problems.map((p) => p.offset > broken && p.offset < text.indexOf('  Other:')),
    [true],
  );
  assert.deepEqual(
    findings(text).filter((f) => f.startsWith('KP201')),
    ['KP201 kms:Decrytp', 'KP201 kms:Decrytp'],
  );
  assert.deepEqual(
    service.keys(doc).map((k) => [k.id, k.origin]),
    [
      ['Good', 'policy'],
      ['Broken', 'policy'],
    ],
  );
});

test("each key policy's lint is kept by its text, its key facts and the rule settings: a setting or a fact that changes the answer is never served an old one", () => {
  const text = appKeyTemplate();
  const codes = (s = service, t = text): string[] => findings(t, 'file:///t.yaml', s).map((f) => f.split(' ')[0] as string);
  assert.ok(codes().includes('KP201'));
  // Same text, the rule turned off: its finding goes (a memo keyed by text alone would keep it).
  const off = createPolicyService({ rules: { KP201: 'off' } });
  assert.ok(!codes(off).includes('KP201'));
  assert.ok(codes().includes('KP201'), 'and comes back with the default settings');
  // Same text, another key account: the account the template's root ARN stands for changes what it means.
  const before = findings(text, 'file:///t.yaml', createPolicyService({ context: { account: '111122223333' } }));
  const other = findings(text.replace('${AWS::AccountId}', '444455556666'), 'file:///t.yaml', createPolicyService({ context: { account: '111122223333' } }));
  assert.notDeepEqual(before, other);
  // One key's policy edited in a template of two: the other key's findings are those of a fresh lint.
  const two = `${text}  OtherKey:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: "*"\n            Action: kms:Decrypt\n            Resource: "*"\n`;
  const edited = two.replace('kms:Decrytp', 'kms:Decrypt');
  findings(two);
  assert.deepEqual(findings(edited), findings(edited, 'file:///t.yaml', createPolicyService({})));
  assert.ok(!codes(service, edited).includes('KP201') && codes(service, edited).includes('KP600'));
});
