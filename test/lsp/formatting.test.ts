/** The bound on formatting work: deeply nested text is declined (quickly, with a log line); policies format. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'jsonc-parser';
import { DocumentFormattingRequest, DocumentRangeFormattingRequest } from 'vscode-languageserver-protocol/node';
import { formattingTooCostly, MAX_FORMAT_INDENTATION } from '../../server/src/lsp/formatting';
import { startServer, type TestServer } from './lspClient';

const EXAMPLE = readFileSync(path.resolve(__dirname, '..', '..', '..', 'examples', 'console-default.kms.json'), 'utf8');
const SPACES = { tabSize: 2, insertSpaces: true };

let server: TestServer;
before(async () => {
  server = await startServer({});
});
after(async () => {
  await server.stop();
});

/** The characters jsonc-parser's formatter actually inserts. */
function inserted(text: string): number {
  // jsonc-parser 3.3.1 leaves `content` undefined for a line indented exactly 200 characters (its cache of
  // indentation strings is read one past its end), so the count is short by one such line per depth 100.
  return format(text, undefined, { ...SPACES, eol: '\n' }).reduce((n, e) => n + ((e.content as string | undefined)?.length ?? 0), 0);
}

test('the estimate follows what the formatter inserts, and only pathological nesting passes the bound', () => {
  // Just under the bound by the formatter's own count: 1,400 nested arrays insert ~3.9 MB.
  const under = '['.repeat(1400) + ']'.repeat(1400);
  assert.ok(inserted(under) < MAX_FORMAT_INDENTATION, String(inserted(under)));
  assert.equal(formattingTooCostly(under, SPACES), false);
  // Over it: 1,500 nested arrays insert ~4.5 MB; with tabs (one character a level) they stay under.
  const over = '['.repeat(1500) + ']'.repeat(1500);
  assert.ok(inserted(over) > MAX_FORMAT_INDENTATION, String(inserted(over)));
  assert.equal(formattingTooCostly(over, SPACES), true);
  assert.equal(formattingTooCostly(over, { tabSize: 2, insertSpaces: false }), false);
  // Brackets inside strings and comments are not nesting.
  assert.equal(formattingTooCostly(`{"a": "${'['.repeat(5000)}" /* ${'{'.repeat(5000)} */}`, SPACES), false);
  // A key policy at the 32 KB limit is nowhere near.
  const statements = Array.from({ length: 120 }, (_, i) => JSON.parse(EXAMPLE).Statement.map((s: { Sid: string }) => ({ ...s, Sid: `${s.Sid} ${i}` }))).flat();
  const big = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  assert.ok(big.length > 32 * 1024);
  assert.equal(formattingTooCostly(big, SPACES), false);
});

test('formatting declines deeply nested text with a log line, and still formats policies', async () => {
  const uri = 'file:///ws/nested.kms.json';
  const nested = '['.repeat(6000);
  await server.open(uri, nested);
  assert.deepEqual(await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: SPACES }), []);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 6000 } };
  assert.deepEqual(await server.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri }, range, options: SPACES }), []);
  assert.equal(server.logs.filter((l) => l.startsWith(`Not formatting ${uri}: it is nested so deeply`)).length, 2);

  const policy = 'file:///ws/formats.kms.json';
  await server.open(policy, JSON.stringify(JSON.parse(EXAMPLE)));
  const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: policy }, options: SPACES });
  assert.ok((edits ?? []).length > 10);
});
