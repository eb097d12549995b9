/**
 * Randomised edits over LSP (fast-check): random incremental didChange edits (binary junk, lone
 * surrogates, huge strings, unbalanced brackets, valid fragments) interleaved with requests at random
 * positions, sent as an editor sends them, without waiting for answers. The server must stay alive,
 * answer every request within a bound (an empty answer, RequestCancelled or ContentModified are fine, and
 * so is who-can's refusal of a document too large to analyse; a handler failure in its log is not), and end with the diagnostics of the final text, as the engine
 * gives them for that text.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CodeLensRequest,
  CodeLensResolveRequest,
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  FoldingRangeRequest,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  SelectionRangeRequest,
  type CodeLens,
  type Position,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { WhoCanRequest } from '../../shared/protocol';
import { createPolicyService } from '../../server/src/engine';
import { readSettings, toPolicySettings } from '../../server/src/lsp/settings';
import { startServer, type TestServer } from './lspClient';

/** How long any one answer may take before the server counts as hung (generous: the machine is shared). */
const ANSWER_BOUND_MS = 20_000;

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
const SEEDS = ['console-default.kms.json', 'mistakes.kms.json', 'cross-account.kms.json'].map((f) => readFileSync(path.join(EXAMPLES, f), 'utf8'));

let server: TestServer;
before(async () => {
  server = await startServer({});
});
after(async () => {
  await server.stop();
});

/** The server, started again if a previous (failing) run killed it, so shrinking still has one to talk to. */
async function liveServer(): Promise<TestServer> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) server = await startServer({});
  return server;
}

// ---- what the random runs are made of ----

/** Text to insert: junk, brackets, huge runs, and fragments a person types into a key policy. */
const insertion = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  // Any UTF-16 code unit, lone surrogates and control characters included.
  { weight: 2, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 }) },
  { weight: 3, arbitrary: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\n', '\r\n', '{{{{', ']]]]', '"""', '\t') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '"kms:Decrypt"',
      '"kms:De',
      '"Action": "kms:*",',
      '"Effect": "Deny", ',
      '"Principal": {"AWS": "arn:aws:iam::111122223333:root"}',
      '"Principal": "*"',
      '"Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}',
      '"Condition": {"ForAnyValue:StringLike": {"kms:EncryptionContext:',
      '"NotPrincipal": {"AWS": "*"}',
      '{"Sid": "Added", "Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "kms:GenerateDataKey*", "Resource": "*"},',
      '"Version": "2008-10-17"',
      '// comment\n',
    ),
  },
  // Huge inserts: a long run of one character, deep nesting, a long string value.
  {
    weight: 1,
    arbitrary: fc.constantFrom(10_000, 60_000).chain((n) => fc.constantFrom('x'.repeat(n), '['.repeat(n / 10), `"${'a'.repeat(n)}"`, '{"a":'.repeat(n / 20))),
  },
  { weight: 2, arbitrary: fc.constant('') },
);

/** One edit: replace `length` characters at `at` (both taken modulo the text length when applied). */
const edit = fc.record({ at: fc.nat(), length: fc.oneof(fc.constant(0), fc.nat({ max: 8 }), fc.nat({ max: 400 })), text: insertion });

const METHODS = [
  'completion',
  'hover',
  'codeLens',
  'codeLensResolve',
  'codeAction',
  'documentSymbol',
  'formatting',
  'rangeFormatting',
  'foldingRange',
  'selectionRange',
  'whoCan',
] as const;

/** An operation: one didChange with one to three edits, one request at a random place, or a pause for the answers so far. */
const operation = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('change' as const), edits: fc.array(edit, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
  // `outside`: ask about a position past the end of the text (clients do, after a deletion).
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      method: fc.constantFrom(...METHODS),
      at: fc.nat(),
      span: fc.nat({ max: 200 }),
      outside: fc.boolean(),
    }),
  },
);

const run = fc.record({
  seed: fc.constantFrom(...SEEDS.keys()),
  operations: fc.array(operation, { minLength: 1, maxLength: 60, size: 'max' }),
});

// ---- running one ----

/** Answers `answer` unless it takes longer than the bound or the server exits first. */
function bounded<T>(s: TestServer, label: string, answer: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no answer within ${ANSWER_BOUND_MS} ms`)), ANSWER_BOUND_MS);
  });
  const died = s.exited.then((code) => Promise.reject(new Error(`${label}: the server exited (${String(code)})`)));
  return Promise.race([answer, timeout, died]).finally(() => clearTimeout(timer));
}

/** A request's answer, or the error codes a client must accept for a request about an edited document. */
async function answered(s: TestServer, label: string, request: Promise<unknown>): Promise<void> {
  try {
    await bounded(s, label, request);
  } catch (e) {
    if (e instanceof ResponseError && (e.code === LSPErrorCodes.ContentModified || e.code === LSPErrorCodes.RequestCancelled)) return;
    if (e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && /, too large to analyse: /.test(e.message)) return;
    throw new Error(`${label} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

let runs = 0;

test('random edits and requests over LSP: no crash, no hang, final diagnostics for the final text', async () => {
  const engine = createPolicyService(toPolicySettings(readSettings({})));
  await fc.assert(
    fc.asyncProperty(run, async ({ seed, operations }) => {
      const s = await liveServer();
      const uri = `file:///ws/random-${++runs}.kms.json`;
      // The client's copy of the document, updated with the same edits it sends.
      let mirror = TextDocument.create(uri, 'kms-key-policy', 1, SEEDS[seed]!);
      await bounded(s, 'didOpen diagnostics', s.open(uri, mirror.getText()));
      const lenses: CodeLens[] = [];
      const pending: Promise<void>[] = [];
      const position = (offset: number, outside = false): Position =>
        outside ? { line: mirror.lineCount + 5, character: 3 } : mirror.positionAt(offset % (mirror.getText().length + 1));

      for (const op of operations) {
        if (op.kind === 'change') {
          const changes: TextDocumentContentChangeEvent[] = [];
          for (const e of op.edits) {
            const length = mirror.getText().length;
            const start = e.at % (length + 1);
            const range = { start: mirror.positionAt(start), end: mirror.positionAt(Math.min(length, start + e.length)) };
            changes.push({ range, text: e.text });
            // Each change applies to the text as the previous ones left it (LSP's order).
            mirror = TextDocument.update(mirror, [{ range, text: e.text }], mirror.version);
          }
          const version = s.sendChanges(uri, changes);
          mirror = TextDocument.update(mirror, [], version);
          continue;
        }
        if (op.kind === 'pause') {
          // A client that waits for its answers before typing on (so lenses from before an edit get resolved after it).
          await Promise.all(pending);
          continue;
        }
        const at = position(op.at, op.outside);
        const range = { start: at, end: op.outside ? at : position(op.at + op.span) };
        const textDocument = { uri };
        const label = `${op.method} at ${JSON.stringify(at)} (version ${mirror.version})`;
        const send = (): Promise<unknown> => {
          switch (op.method) {
            case 'completion':
              return s.connection.sendRequest(CompletionRequest.type, { textDocument, position: at });
            case 'hover':
              return s.connection.sendRequest(HoverRequest.type, { textDocument, position: at });
            case 'codeLens':
              return s.connection.sendRequest(CodeLensRequest.type, { textDocument }).then((r) => {
                lenses.push(...(r ?? []).filter((l) => !l.command));
              });
            case 'codeLensResolve': {
              // A lens from an earlier answer: often for an older version.
              const lens = lenses[op.at % Math.max(1, lenses.length)];
              return lens ? s.connection.sendRequest(CodeLensResolveRequest.type, lens) : s.connection.sendRequest(CodeLensRequest.type, { textDocument });
            }
            case 'codeAction':
              return s.connection.sendRequest(CodeActionRequest.type, {
                textDocument,
                range,
                context: { diagnostics: s.published.filter((p) => p.uri === uri).at(-1)?.diagnostics ?? [] },
              });
            case 'documentSymbol':
              return s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument });
            case 'formatting':
              return s.connection.sendRequest(DocumentFormattingRequest.type, {
                textDocument,
                options: { tabSize: 2, insertSpaces: true },
              });
            case 'rangeFormatting':
              return s.connection.sendRequest(DocumentRangeFormattingRequest.type, {
                textDocument,
                range,
                options: { tabSize: 4, insertSpaces: false },
              });
            case 'foldingRange':
              return s.connection.sendRequest(FoldingRangeRequest.type, { textDocument });
            case 'selectionRange':
              return s.connection.sendRequest(SelectionRangeRequest.type, { textDocument, positions: [at, range.end] });
            case 'whoCan':
              return s.connection.sendRequest(WhoCanRequest, { uri, question: 'decrypt' });
          }
        };
        pending.push(answered(s, label, send()));
      }

      await Promise.all(pending);
      const final = await bounded(s, `diagnostics of the final version ${mirror.version}`, s.diagnostics(uri, mirror.version));
      const expected = engine.validate(engine.parse(mirror.getText(), uri));
      assert.deepEqual(final.diagnostics, JSON.parse(JSON.stringify(expected)), 'the final diagnostics are the engine’s for the final text');
      // Still serving: a request after the storm is answered.
      await bounded(s, 'documentSymbol after the edits', s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }));
      await bounded(s, 'close', s.close(uri));
      assert.equal(s.process.exitCode, null, 'the server is running');
    }),
    // A failure is shrunk for at most the time limit, then reported as shrunk so far (the runner allows 180 s).
    { numRuns: 30, includeErrorInReport: true, interruptAfterTimeLimit: 100_000 },
  );
});
