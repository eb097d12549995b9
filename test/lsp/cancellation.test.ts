/**
 * Cancellation and staleness over JSON-RPC: a cancelled request answers RequestCancelled, a request whose
 * document changed while it waited answers ContentModified, and a burst of edits never ends with
 * diagnostics for an old version. The server's waits are made deterministic by holding back the client's
 * answer to workspace/configuration: while the server waits for it, the test cancels or edits.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancellationTokenSource,
  CodeLensRequest,
  CodeLensResolveRequest,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ResponseError,
  type CodeLens,
  type ConfigurationItem,
} from 'vscode-languageserver-protocol/node';
import { WhoCanRequest, type WhoCanParams } from '../../shared/protocol';
import { createPolicyService } from '../../server/src/engine';
import { readSettings, toPolicySettings } from '../../server/src/lsp/settings';
import { startServer, type TestServer } from './lspClient';

const SETTINGS = { account: '111122223333' };

/** Answers workspace/configuration at once, except for one URI while a hold is set. */
class HeldSettings {
  private held: { uri: string; asked: () => void; release: Promise<unknown> } | undefined;
  private releaseHeld: (() => void) | undefined;

  readonly answer = (item: ConfigurationItem): unknown => {
    const h = this.held;
    if (!h || item.scopeUri !== h.uri) return SETTINGS;
    h.asked();
    return h.release.then(() => SETTINGS);
  };

  /** Holds the next answers for `uri`; resolves when the server asks. */
  hold(uri: string): Promise<void> {
    let asked!: () => void;
    const wasAsked = new Promise<void>((resolve) => (asked = resolve));
    const release = new Promise<void>((resolve) => (this.releaseHeld = resolve));
    this.held = { uri, asked, release };
    return wasAsked;
  }

  /** Answers the held requests and stops holding. */
  release(): void {
    this.held = undefined;
    this.releaseHeld?.();
  }
}

const held = new HeldSettings();
let server: TestServer;
before(async () => {
  server = await startServer(held.answer);
});
after(async () => {
  await server.stop();
});

/** A key policy with `n` statements, each granting a different role. */
function policy(n: number, sidSuffix = ''): string {
  const statements = Array.from({ length: n }, (_, i) => ({
    Sid: `Use ${i}${sidSuffix}`,
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::111122223333:role/app-${i}` },
    Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
    Resource: '*',
    ...(i % 3 === 0 ? { Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } } : {}),
  }));
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, ...statements],
    },
    null,
    2,
  );
}

/** The diagnostics the engine itself gives for a text, as they arrive over JSON. */
function engineDiagnostics(uri: string, text: string): unknown {
  const service = createPolicyService(toPolicySettings(readSettings(SETTINGS)));
  return JSON.parse(JSON.stringify(service.validate(service.parse(text, uri))));
}

/** Asserts that a request was answered with this LSP error code. */
async function rejectsWith(answer: Promise<unknown>, code: number): Promise<void> {
  await assert.rejects(answer, (e: unknown) => {
    assert.ok(e instanceof ResponseError, `expected a ResponseError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

test('a who-can cancelled while the server works on it answers RequestCancelled; the next one answers', async () => {
  const uri = 'file:///ws/cancel-whocan.kms.json';
  const params: WhoCanParams = { uri, text: policy(60), question: 'decrypt' };
  const asked = held.hold(uri);
  const source = new CancellationTokenSource();
  const answer = server.connection.sendRequest(WhoCanRequest, params, source.token);
  await asked; // the server has started the request and waits for the settings of `uri`
  source.cancel();
  held.release();
  await rejectsWith(answer, LSPErrorCodes.RequestCancelled);

  // Not cancelled, the same request is answered (the cancel was of that one request only).
  const report = await server.connection.sendRequest(WhoCanRequest, params);
  assert.ok(
    report.principals.some((p) => p.principal === 'arn:aws:iam::111122223333:role/app-1'),
    JSON.stringify(report.principals.map((p) => p.principal)),
  );
});

test('code lenses asked for a version that an edit replaces while the server waits answer ContentModified, and no old diagnostics follow', async () => {
  const uri = 'file:///ws/stale-lens.kms.json';
  const v1 = policy(4);
  await server.open(uri, v1);
  // New settings: the server forgets the cached ones and revalidates, asking for `uri`'s settings again.
  const asked = held.hold(uri);
  const from = server.published.length;
  await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { kmsKeyPolicy: SETTINGS } });
  await asked;
  const lenses = server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  const v2 = policy(5, ' (edited)');
  const v2Diagnostics = server.change(uri, v2);
  held.release();
  await rejectsWith(lenses, LSPErrorCodes.ContentModified);
  const d = await v2Diagnostics;
  assert.deepEqual(d.diagnostics, engineDiagnostics(uri, v2));
  // The validation of version 1 that waited with the lenses was superseded: it published nothing.
  assert.deepEqual(
    server.published
      .slice(from)
      .filter((p) => p.uri === uri)
      .map((p) => p.version),
    [2],
  );

  // Asked again, the lenses are the new text's: one summary per statement (the root one and five).
  const fresh = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  assert.equal(fresh.filter((l) => l.command).length, 6);
});

test('resolving a lens made for an older version answers ContentModified; a current one resolves', async () => {
  const uri = 'file:///ws/stale-resolve.kms.json';
  await server.open(uri, policy(2));
  const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  const question = lenses.find((l) => !l.command)!;
  assert.ok(question, JSON.stringify(lenses));
  await server.change(uri, policy(3));
  await rejectsWith(server.connection.sendRequest(CodeLensResolveRequest.type, question), LSPErrorCodes.ContentModified);

  const current = ((await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[]).find((l) => !l.command)!;
  const resolved = await server.connection.sendRequest(CodeLensResolveRequest.type, current);
  // The current text's answer: the account and three roles (the old text had two).
  assert.match(resolved.command!.title, /^Who can decrypt\? 4 principal classes: /);
});

test('a burst of edits publishes diagnostics in version order and ends with the last version', async () => {
  const uri = 'file:///ws/burst.kms.json';
  const base = policy(3);
  await server.open(uri, base);
  const from = server.published.length;
  // A typist adding a statement key by key: most intermediate texts are broken JSON.
  const insertAt = base.indexOf('"Statement": [') + '"Statement": ['.length;
  const typed = '{"Sid": "Typed", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},';
  let text = base;
  let last = 1;
  for (let i = 1; i <= typed.length; i++) {
    text = base.slice(0, insertAt) + typed.slice(0, i) + base.slice(insertAt);
    last = server.sendChanges(uri, [{ text }]);
  }
  const final = await server.diagnostics(uri, last);
  assert.deepEqual(final.diagnostics, engineDiagnostics(uri, text));

  // Closing clears the diagnostics; nothing for the burst can arrive after that.
  await server.close(uri);
  const versions = server.published
    .slice(from)
    .filter((p) => p.uri === uri && p.version !== undefined)
    .map((p) => p.version!);
  assert.ok(versions.length >= 1 && versions.length < typed.length, `edits were coalesced: ${versions.join(', ')}`);
  assert.deepEqual(
    [...versions].sort((a, b) => a - b),
    versions,
    `published in version order: ${versions.join(', ')}`,
  );
  assert.equal(versions.at(-1), last);
});
