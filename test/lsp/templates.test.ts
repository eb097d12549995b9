/**
 * Key policies in templates over LSP, against the bundled server: a CloudFormation YAML template and a CDK JSON
 * template get diagnostics on the exact YAML/JSON range, hover and completion inside the key policy (nothing
 * outside it), the who-can lenses above each key and their report, and the workspace view's check per key. A YAML
 * file that declares no key is not served: its diagnostics stay empty and nothing is answered about it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CodeLensRequest,
  CodeLensResolveRequest,
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type CodeLens,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { AnalyzeRequest, WhoCanRequest } from '../../shared/protocol';
import { startServer, type TestServer } from './lspClient';
import { appKeyTemplate } from '../engine/hosts/samples';

let server: TestServer;
before(async () => {
  server = await startServer({});
});
after(async () => {
  await server.stop();
});

const TEMPLATE = appKeyTemplate();

/** The 0-based position of the first occurrence of `needle` (plus `delta` characters). */
function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: (before[before.length - 1] as string).length };
}

test("a YAML template: the diagnostic is on the action's YAML range", async () => {
  const uri = 'file:///ws/stack.yaml';
  const d = await server.open(uri, TEMPLATE, 'yaml');
  assert.deepEqual(
    d.diagnostics.map((x) => [x.code, x.range.start, x.range.end]),
    [['KP201', positionOf(TEMPLATE, 'kms:Decrytp'), positionOf(TEMPLATE, 'kms:Decrytp', 11)]],
  );
});

test('hover on an action in the template; nothing outside the key policy', async () => {
  const uri = 'file:///ws/hover.yaml';
  await server.open(uri, TEMPLATE, 'yaml');
  const hover = (await server.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: positionOf(TEMPLATE, 'kms:Encrypt', 5),
  })) as Hover;
  assert.match((hover.contents as MarkupContent).value, /^\*\*kms:Encrypt\*\*/);
  const outside = await server.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: positionOf(TEMPLATE, 'data key'),
  });
  assert.equal(outside, null);
});

test('completion in YAML syntax inside the key policy, none outside', async () => {
  const uri = 'file:///ws/complete.yaml';
  const text = TEMPLATE.replace('- kms:Encrypt', '- kms:GenerateDataKeyW');
  await server.open(uri, text, 'yaml');
  const list = (await server.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: positionOf(text, 'kms:GenerateDataKeyW', 20),
  })) as CompletionList;
  const item = list.items.find((i) => i.label === 'kms:GenerateDataKeyWithoutPlaintext');
  assert.ok(item, list.items.map((i) => i.label).join());
  assert.equal((item.textEdit as { newText: string }).newText, 'kms:GenerateDataKeyWithoutPlaintext');
  const none = (await server.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: positionOf(text, 'data key', 4),
  })) as CompletionList | null;
  assert.deepEqual(none?.items ?? [], []);
});

test('the who-can lenses stand above the key; resolved, they name the key; the report is about that key', async () => {
  const uri = 'file:///ws/lens.yaml';
  const text = TEMPLATE.replace('kms:Decrytp', 'kms:Decrypt');
  await server.open(uri, text, 'yaml');
  const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  const question = lenses.find((l) => l.data)!;
  assert.equal(question.range.start.line, positionOf(text, '  DataKey:').line);
  const resolved = (await server.connection.sendRequest(CodeLensResolveRequest.type, question)) as CodeLens;
  assert.equal(resolved.command?.title, 'Who can decrypt? 2 principal classes: IAM principals of «AWS::AccountId», role AppRole in this template');
  assert.deepEqual(resolved.command?.arguments, [uri, 'decrypt', 'DataKey']);
  const report = await server.connection.sendRequest(WhoCanRequest, { uri, question: 'decrypt', key: 'DataKey' });
  assert.match(report.markdown, /Key: `DataKey` \(AWS::KMS::Key\)/);
  assert.deepEqual([...new Set(report.principals.map((p) => p.principal))].sort(), ['arn:aws:iam::«AWS::AccountId»:role/«AppRole»', '«AWS::AccountId»']);
});

test("a template's keys each get their own lens answers, whichever is resolved first", async () => {
  const uri = 'file:///ws/two-keys.yaml';
  const text = `${TEMPLATE.replace('kms:Decrytp', 'kms:Decrypt')}  LogsKey:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: no policy\n`;
  await server.open(uri, text, 'yaml');
  const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  const decrypt = lenses.filter((l) => (l.data as { question?: string } | undefined)?.question === 'decrypt');
  assert.deepEqual(
    decrypt.map((l) => (l.data as { key: string }).key),
    ['DataKey', 'LogsKey'],
  );
  // Both asked at once, the second key's first: neither answer stands in for the other, neither is dropped.
  const [logs, data] = (await Promise.all([
    server.connection.sendRequest(CodeLensResolveRequest.type, decrypt[1]!),
    server.connection.sendRequest(CodeLensResolveRequest.type, decrypt[0]!),
  ])) as CodeLens[];
  assert.equal(data!.command?.title, 'Who can decrypt? 2 principal classes: IAM principals of «AWS::AccountId», role AppRole in this template');
  assert.deepEqual(data!.command?.arguments, [uri, 'decrypt', 'DataKey']);
  assert.match(logs!.command?.title ?? '', /^Who can decrypt\? 1 principal: IAM principals of «AWS::AccountId»/);
  assert.deepEqual(logs!.command?.arguments, [uri, 'decrypt', 'LogsKey']);
});

test('the outline lists each key; formatting a template is left to its own language support', async () => {
  const uri = 'file:///ws/outline.yaml';
  await server.open(uri, TEMPLATE, 'yaml');
  const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(
    symbols.map((s) => [s.name, s.children?.map((c) => c.name)]),
    [['DataKey', ['Root', 'Use']]],
  );
  const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.deepEqual(edits, []);
});

test("the workspace view's check of a template has one entry per key", async () => {
  const result = await server.connection.sendRequest(AnalyzeRequest, { uri: 'file:///ws/other.yaml', text: TEMPLATE });
  assert.equal(result.errors, 1);
  assert.deepEqual(
    result.keys?.map((k) => [k.id, k.type, k.line, k.errors]),
    [['DataKey', 'AWS::KMS::Key', 6, 1]],
  );
});

test('a CDK template (JSON) is served; its diagnostic is on the JSON string', async () => {
  const uri = 'file:///ws/cdk.out/App.template.json';
  const template = {
    Resources: {
      Key961B73FD: {
        Type: 'AWS::KMS::Key',
        Properties: {
          KeyPolicy: {
            Statement: [{ Action: 'kms:Decrpyt', Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['Role', 'Arn'] } }, Resource: '*' }],
            Version: '2012-10-17',
          },
        },
      },
    },
  };
  const text = JSON.stringify(template, null, 1);
  const d = await server.open(uri, text, 'json');
  assert.deepEqual(
    d.diagnostics.map((x) => [x.code, x.range.start]),
    [['KP201', positionOf(text, '"kms:Decrpyt"')]],
  );
});

test('YAML that declares no KMS key is not served', async () => {
  const uri = 'file:///ws/.github/workflows/ci.yml';
  const d = await server.open(uri, 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [ {uses: x} ]\n', 'yaml');
  assert.deepEqual(d.diagnostics, []);
  const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } });
  assert.equal(hover, null);
  const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  assert.deepEqual(lenses, []);
});

const TERRAFORM = `data "aws_caller_identity" "current" {}

resource "aws_iam_role" "app" {
  name = "app"
}

resource "aws_kms_key" "main" {
  description = "main"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Use"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = ["kms:Decrytp", "kms:Encrypt"]
        Resource  = "*"
      },
    ]
  })
}
`;

test('a Terraform file (with or without a Terraform extension): diagnostic on the HCL string, hover, the lens above the key', async () => {
  for (const languageId of ['terraform', 'plaintext']) {
    const uri = `file:///ws/${languageId}/main.tf`;
    const d = await server.open(uri, TERRAFORM, languageId);
    assert.deepEqual(
      d.diagnostics.map((x) => [x.code, x.range.start]),
      [['KP201', positionOf(TERRAFORM, '"kms:Decrytp"')]],
      languageId,
    );
  }
  const uri = 'file:///ws/terraform/main.tf';
  const hover = (await server.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: positionOf(TERRAFORM, 'kms:Encrypt', 4),
  })) as Hover;
  assert.match((hover.contents as MarkupContent).value, /^\*\*kms:Encrypt\*\*/);
  const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  const question = lenses.find((l) => l.data)!;
  assert.equal(question.range.start.line, positionOf(TERRAFORM, 'resource "aws_kms_key"').line);
  const resolved = (await server.connection.sendRequest(CodeLensResolveRequest.type, question)) as CodeLens;
  assert.equal(resolved.command?.title, 'Who can decrypt? 1 principal: IAM principals of «data.aws_caller_identity.current.account_id»');
  assert.deepEqual(resolved.command?.arguments, [uri, 'decrypt', 'aws_kms_key.main']);
});
