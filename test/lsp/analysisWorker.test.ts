/**
 * The server never waits on an analysis (issue 15): lint runs in a worker thread, so hover, completion and
 * symbols answer while it runs; a newer version supersedes an older analysis; an analysis past its budget is
 * stopped and the structural checks are published with KP007 saying why; a document far over the quota gets
 * those checks only. The analyses are made slow deterministically: the worker waits
 * KMS_KEY_POLICY_TEST_ANALYSIS_DELAY_MS before each lint (a real slow policy may not stay slow as the engine
 * improves; scripts/bench/lsp.mjs measures one). Orderings are asserted, never durations.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  HoverRequest,
  ResponseError,
  type CompletionList,
  type Hover,
} from 'vscode-languageserver-protocol/node';
import { WhoCanRequest } from '../../shared/protocol';
import { SERVER, startServer, type TestServer } from './lspClient';

const SETTINGS = { account: '111122223333' };
const started: TestServer[] = [];
after(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

async function server(env: Record<string, string> = {}, serverPath?: string): Promise<TestServer> {
  const s = await startServer(SETTINGS, { env, ...(serverPath ? { server: serverPath } : {}) });
  started.push(s);
  return s;
}

/** A policy with a trailing comma (KP003, structural) and a statement without an Effect (KP107, a policy rule). */
const BROKEN = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Root", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" },
    { "Sid": "NoEffect", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:Decrypt", "Resource": "*", }
  ]
}`;

const position = (text: string, needle: string, delta = 0): { line: number; character: number } => {
  const at = text.indexOf(needle) + delta;
  const before = text.slice(0, at);
  return { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
};

const codes = (diagnostics: readonly { code?: number | string }[]): (string | number | undefined)[] => diagnostics.map((d) => d.code);

test('hover, completion, symbols and quick fixes answer while the analysis of the same document runs; its diagnostics follow', async () => {
  const s = await server({ KMS_KEY_POLICY_TEST_ANALYSIS_DELAY_MS: '3000' });
  const uri = 'file:///ws/slow.kms.json';
  const published = s.open(uri, BROKEN);
  const hover = (await s.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: position(BROKEN, '"kms:Decrypt"', 3),
  })) as Hover;
  const completion = (await s.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: position(BROKEN, 'kms:Decrypt', 4),
  })) as CompletionList;
  const symbols = (await s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as { name: string }[];
  assert.deepEqual(
    s.published.filter((p) => p.uri === uri),
    [],
    'answered before the analysis finished',
  );
  assert.match(JSON.stringify(hover.contents), /kms:Decrypt/);
  assert.ok(completion.items.some((i) => i.label === 'kms:Encrypt'));
  assert.deepEqual(
    symbols.map((x) => x.name),
    ['Version', 'Statement'],
  );
  // A quick fix needs the findings: it waits for the analysis (in the worker), and then offers the fix.
  const diagnostics = await published;
  assert.deepEqual(codes(diagnostics.diagnostics).sort(), ['KP003', 'KP107']);
  const comma = diagnostics.diagnostics.find((d) => d.code === 'KP003')!;
  const actions = (await s.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: comma.range,
    context: { diagnostics: [comma] },
  })) as { title: string }[];
  assert.ok(
    actions.some((a) => a.title === 'Remove the trailing comma'),
    JSON.stringify(actions),
  );
});

test("a newer version supersedes the analysis of an older one: only the latest version's diagnostics are published", async () => {
  const s = await server({ KMS_KEY_POLICY_TEST_ANALYSIS_DELAY_MS: '1500' });
  const uri = 'file:///ws/superseded.kms.json';
  void s.open(uri, BROKEN);
  // Wait until the server has the first version (it answers about it), then replace it twice.
  await s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  s.sendChanges(uri, [{ text: BROKEN.replace('"Resource": "*", }', '"Resource": "*" }') }]);
  const last = s.change(uri, BROKEN.replace('"Resource": "*", }', '"Effect": "Deny", "Resource": "*" }'));
  const final = await last;
  assert.equal(final.version, 3);
  assert.deepEqual(codes(final.diagnostics), []);
  assert.deepEqual(
    s.published.filter((p) => p.uri === uri).map((p) => p.version),
    [3],
  );
});

test('an analysis past its budget is stopped: the structural checks and KP007 are published, and the server goes on', async () => {
  const s = await server({ KMS_KEY_POLICY_TEST_ANALYSIS_DELAY_MS: '4000', KMS_KEY_POLICY_ANALYSIS_BUDGET_MS: '1000' });
  const uri = 'file:///ws/overrun.kms.json';
  const d = await s.open(uri, BROKEN);
  assert.deepEqual(codes(d.diagnostics), ['KP007', 'KP003']);
  const info = d.diagnostics[0]!;
  assert.equal(info.severity, 3);
  assert.equal(info.source, 'kms-key-policy');
  assert.equal(info.message, 'The analysis was stopped after 1 s, its time budget in the editor. Only the JSON syntax and size of this version were checked.');
  assert.match(info.codeDescription!.href, /docs\/rules\/KP007\.md$/);
  assert.ok(
    s.logs.some((l) => l === `Stopped the lint of ${uri} (version 1): it ran past its budget of 1 s.`),
    s.logs.join('\n'),
  );
  // A new worker answers the next job.
  const report = await s.connection.sendRequest(WhoCanRequest, { uri, question: 'decrypt' });
  assert.ok(report.principals.length > 0);
});

test('a document over 1 MB gets the size and structural checks and KP007; the model-based features answer empty; who-can refuses it', async () => {
  const s = await server();
  const uri = 'file:///ws/huge.kms.json';
  const text = `{"Version": "2012-10-17", "Statement": [${'{"Effect": "Allow"},'.repeat(60_000)}]}`;
  assert.ok(text.length > 1024 * 1024);
  const d = await s.open(uri, text);
  assert.deepEqual(codes(d.diagnostics), ['KP007', 'KP115', 'KP003']);
  assert.match(
    String(d.diagnostics[0]!.message),
    /^Only the JSON syntax and size of this document were checked: at 1,200,042 bytes it is far beyond the 32,768 bytes KMS accepts/,
  );
  assert.deepEqual(await s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), []);
  assert.equal(await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 50 } }), null);
  await assert.rejects(s.connection.sendRequest(WhoCanRequest, { uri, question: 'decrypt' }), (e: unknown) => {
    assert.ok(e instanceof ResponseError);
    assert.equal(e.code, ErrorCodes.InvalidParams);
    assert.equal(e.message, 'The policy is 1,200,042 bytes, too large to analyse: the simulator reads policies of at most 65,536 bytes (KMS accepts 32,768).');
    return true;
  });
});

test('without its worker file the server analyses in its own thread, and says so', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kms-policy-server-'));
  try {
    const lonely = path.join(dir, 'server.js');
    copyFileSync(SERVER, lonely);
    const s = await server({}, lonely);
    const d = await s.open('file:///ws/alone.kms.json', BROKEN);
    assert.deepEqual(codes(d.diagnostics).sort(), ['KP003', 'KP107']);
    assert.ok(
      s.logs.some((l) =>
        l.startsWith(
          `Analysing in the server's own thread, without time or memory budgets: the analysis worker ${path.join(dir, 'analysisWorker.js')} is missing`,
        ),
      ),
      s.logs.join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
