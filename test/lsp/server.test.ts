import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CodeActionRequest,
  CompletionRequest,
  HoverRequest,
  DocumentSymbolRequest,
  DocumentFormattingRequest,
  FoldingRangeRequest,
  SelectionRangeRequest,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { startServer, applyTextEdits, type TestServer } from './lspClient';

let server: TestServer;
before(async () => {
  server = await startServer({});
});
after(async () => {
  await server.stop();
});

const GOOD = JSON.stringify(
  {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  },
  null,
  2,
);

test('initialize declares the capabilities', () => {
  const caps = server.initializeResult.capabilities;
  assert.equal(server.initializeResult.serverInfo?.name, 'kms-key-policy-language-server');
  assert.ok(caps.codeActionProvider);
  assert.equal(caps.documentSymbolProvider, true);
  assert.equal(caps.documentFormattingProvider, true);
  assert.equal(caps.foldingRangeProvider, true);
  assert.equal(caps.selectionRangeProvider, true);
});

test('a clean policy publishes no diagnostics; a broken one publishes the syntax error with code, source and link', async () => {
  const uri = 'file:///ws/clean.kms.json';
  const d1 = await server.open(uri, GOOD);
  assert.deepEqual(
    d1.diagnostics.filter((d) => d.severity === 1 || d.severity === 2),
    [],
  );
  const broken = GOOD.replace('"Resource": "*"', '"Resource": "*",');
  const d2 = await server.change(uri, broken);
  const trailing = d2.diagnostics.find((d) => d.code === 'KP003') as Diagnostic;
  assert.ok(trailing, JSON.stringify(d2.diagnostics));
  assert.equal(trailing.source, 'kms-key-policy');
  assert.match(trailing.codeDescription!.href, /docs\/rules\/KP003\.md$/);
  assert.equal(d2.version, 2);
});

test('a quick fix is offered for the trailing comma and applying it re-validates clean', async () => {
  const uri = 'file:///ws/fix.kms.json';
  const broken = GOOD.replace('"Resource": "*"', '"Resource": "*",');
  const d = await server.open(uri, broken);
  const diag = d.diagnostics.find((x) => x.code === 'KP003')!;
  const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diag.range,
    context: { diagnostics: [diag] },
  })) as { title: string; edit?: { changes?: Record<string, never[]> } }[];
  const fix = actions.find((a) => a.title === 'Remove the trailing comma');
  assert.ok(fix, JSON.stringify(actions));
  const fixed = applyTextEdits(broken, fix.edit!.changes![uri]!);
  assert.equal(fixed, GOOD);
  const after = await server.change(uri, fixed);
  assert.equal(after.diagnostics.filter((x) => x.code === 'KP003').length, 0);
});

test('document symbols list statements by Sid', async () => {
  const uri = 'file:///ws/symbols.kms.json';
  await server.open(uri, GOOD);
  const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as {
    name: string;
    children?: { name: string }[];
  }[];
  assert.deepEqual(
    symbols.map((s) => s.name),
    ['Version', 'Id', 'Statement'],
  );
  assert.deepEqual(
    symbols[2]!.children!.map((c) => c.name),
    ['Enable IAM User Permissions'],
  );
});

test('formatting reformats a minified policy', async () => {
  const uri = 'file:///ws/format.kms.json';
  const minified = JSON.stringify(JSON.parse(GOOD));
  await server.open(uri, minified);
  const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.equal(applyTextEdits(minified, edits ?? []), GOOD);
});

test('folding and selection ranges', async () => {
  const uri = 'file:///ws/fold.kms.json';
  await server.open(uri, GOOD);
  const folds = await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
  assert.ok((folds ?? []).some((f) => f.startLine === 0));
  const sel = await server.connection.sendRequest(SelectionRangeRequest.type, {
    textDocument: { uri },
    positions: [{ line: 1, character: 5 }],
  });
  assert.ok(sel && sel[0] && sel[0].parent, 'selection expands outwards');
});

test('plain JSON is served only when it is a key policy', async () => {
  const pkg = await server.open('file:///ws/package.json', readFileSync('package.json', 'utf8'), 'json');
  assert.deepEqual(pkg.diagnostics, []);
  const policy = await server.open('file:///ws/policy.json', GOOD.replace('"Resource": "*"', '"Resource": "*",'), 'json');
  assert.ok(policy.diagnostics.some((d) => d.code === 'KP003'));
});

test('binary junk and huge documents never kill the server', async () => {
  const uri = 'file:///ws/junk.kms.json';
  const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
  const d = await server.open(uri, junk);
  assert.ok(d.diagnostics.length > 0);
  const deep = '['.repeat(100_000);
  const d2 = await server.change(uri, deep);
  assert.ok(d2.diagnostics.some((x) => x.code === 'KP001'));
  const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  assert.deepEqual(symbols, []);
  // At the bottom of the nesting (where the engine's completion and hover have overflowed the stack):
  // answered, not an error, and the server lives on.
  const bottom = { textDocument: { uri }, position: { line: 0, character: deep.length } };
  await server.connection.sendRequest(CompletionRequest.type, bottom);
  await server.connection.sendRequest(HoverRequest.type, bottom);
  assert.equal(server.process.exitCode, null);
});

test('completion over LSP: apply the edit and compare the text', async () => {
  const uri = 'file:///ws/complete.kms.json';
  const text = '{"Statement": [{"Effect": "Allow", "Action": ["kms:De"]}]}';
  await server.open(uri, text);
  const offset = text.indexOf('kms:De') + 6;
  const list = (await server.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: { line: 0, character: offset },
  })) as unknown as { items: { label: string; textEdit: { range: never; newText: string } }[] };
  const item = list.items.find((i) => i.label === 'kms:Decrypt')!;
  assert.ok(item);
  assert.equal(applyTextEdits(text, [item.textEdit]), '{"Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt"]}]}');
  const hover = (await server.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line: 0, character: text.indexOf('Allow') + 2 },
  })) as null;
  assert.equal(hover, null);
  const h2 = (await server.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line: 0, character: offset - 2 },
  })) as { contents: { value: string } } | null;
  assert.ok(h2, 'hover on an unknown action');
  assert.match(h2.contents.value, /\*\*kms:De\*\* is not a kms action/);
  assert.match(h2.contents.value, /KP201/);
});
