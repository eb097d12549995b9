/**
 * LSP protocol hygiene over real stdio (issue 15): before `initialize` every request is answered
 * ServerNotInitialized (-32002) and notifications are dropped; a header the server cannot trust is logged on
 * stderr and the process exits with status 1, where it used to live on without reading anything more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ErrorCodes,
  HoverRequest,
  InitializeRequest,
  ResponseError,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { SERVER, startServer } from './lspClient';

/** The server process, its stderr so far, and its exit (code, or signal). */
function spawnServer(): { child: ChildProcess; stderr: () => string; exited: Promise<number | string | null> } {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, stderr: () => err, exited };
}

/** A framed message, as a client writes it. */
function frame(message: object, header = (n: number) => `Content-Length: ${n}\r\n\r\n`): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(header(body.length), 'ascii'), body]);
}

/** Resolves with the exit, or fails if the process is still alive after `ms` (the bound on "exits"). */
function exitWithin(exited: Promise<number | string | null>, ms: number): Promise<number | string | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the server was still running after ${ms} ms`)), ms)));
  return Promise.race([exited, late]).finally(() => clearTimeout(timer));
}

test('before initialize, requests are answered ServerNotInitialized and notifications dropped; then the server serves', async () => {
  const { child, exited } = spawnServer();
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  const uri = 'file:///ws/early.kms.json';
  const refused = async (send: () => Promise<unknown>, method: string): Promise<void> => {
    await assert.rejects(send(), (e: unknown) => {
      assert.ok(e instanceof ResponseError);
      assert.equal(e.code, ErrorCodes.ServerNotInitialized);
      assert.equal(e.message, `The server is not initialized: send "initialize" before "${method}".`);
      return true;
    });
  };
  await refused(() => connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }), 'textDocument/hover');
  await refused(() => connection.sendRequest('kmsKeyPolicy/whoCan', { text: '{}' }), 'kmsKeyPolicy/whoCan');
  await refused(() => connection.sendRequest('no/such/method', {}), 'no/such/method');
  await refused(() => connection.sendRequest(ShutdownRequest.type), 'shutdown');
  // Dropped: the document is not open once the server is initialized.
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'kms-key-policy', version: 1, text: '{"Statement": []}' },
  });
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: null,
  });
  assert.equal(init.serverInfo?.name, 'kms-key-policy-language-server');
  assert.deepEqual(await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), []);
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification('exit');
  assert.equal(await exitWithin(exited, 10_000), 0);
  connection.dispose();
});

const MALFORMED: readonly (readonly [string, (n: number) => string, string])[] = [
  ['a Content-Length that is not a number', () => 'Content-Length: abc\r\n\r\n', 'Content-Length is not a whole number of bytes: "abc"'],
  ['a negative Content-Length', () => 'Content-Length: -5\r\n\r\n', 'Content-Length is not a whole number of bytes: "-5"'],
  ['no Content-Length', () => 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n', 'the header has no Content-Length'],
  ['a Content-Length larger than any message', () => 'Content-Length: 99999999999\r\n\r\n', 'Content-Length is not a whole number of bytes: "99999999999"'],
  ['a Content-Length over 256 MiB', () => 'Content-Length: 300000000\r\n\r\n', 'Content-Length 300000000 is more than the 256 MiB the server reads'],
  ['a header line without a colon', () => 'Content-Length 62\r\n\r\n', 'a header line has no name and colon: "Content-Length 62"'],
  [
    'a charset other than utf-8',
    (n) => `Content-Length: ${n}\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n`,
    'only utf-8 is read, not "application/vscode-jsonrpc; charset=latin1"',
  ],
];

for (const [what, header, reason] of MALFORMED) {
  test(`${what}: the server logs why on stderr and exits with status 1`, async () => {
    const { child, stderr, exited } = spawnServer();
    child.stdin!.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }, header));
    assert.equal(await exitWithin(exited, 10_000), 1);
    assert.equal(stderr(), `kms-key-policy-language-server: malformed message header (${reason}); the message stream cannot be trusted any more, exiting\n`);
  });
}

test('a header that never ends within 8 KB is malformed too', async () => {
  const { child, stderr, exited } = spawnServer();
  child.stdin!.write(`Content-Length: 10\r\nX-Padding: ${'x'.repeat(9000)}`);
  assert.equal(await exitWithin(exited, 10_000), 1);
  assert.match(stderr(), /malformed message header \(no blank line ends the header within 8192 bytes\)/);
});

test('a malformed header in the middle of a session ends it the same way', async () => {
  const server = await startServer();
  assert.deepEqual(await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: 'file:///none.json' } }), []);
  server.process.stdin!.write('Content-Length: 1e3\r\n\r\n');
  assert.equal(await exitWithin(server.exited, 10_000), 1);
  server.connection.dispose();
});

test('a body that is not JSON is logged and skipped: the framing holds, so the server reads on', async () => {
  const { child, stderr, exited } = spawnServer();
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  child.stdin!.write('Content-Length: 5\r\n\r\n{oops');
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: null,
  });
  assert.ok(init.capabilities.hoverProvider);
  assert.match(stderr(), /^kms-key-policy-language-server: A message body is not JSON \(.+\); it was skipped\.\n$/);
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification('exit');
  assert.equal(await exitWithin(exited, 10_000), 0);
  connection.dispose();
});
