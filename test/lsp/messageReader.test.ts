/**
 * The server's message reader: whatever way the bytes are cut into chunks, it reads the messages a client
 * framed, in order; a header it cannot trust stops it with a MalformedHeaderError and nothing after it is read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { MalformedHeaderError, StrictMessageReader } from '../../server/src/lsp/messageReader';

function frame(message: unknown, extraHeader = ''): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n${extraHeader}\r\n`, 'ascii'), body]);
}

/** Feeds `bytes` to a reader cut at `cuts`; returns the messages and errors it reported. */
function read(bytes: Buffer, cuts: readonly number[]): { messages: unknown[]; errors: Error[] } {
  const stream = new PassThrough();
  const reader = new StrictMessageReader(stream);
  const messages: unknown[] = [];
  const errors: Error[] = [];
  reader.onError((e) => errors.push(e));
  reader.listen((m) => messages.push(m));
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    stream.write(bytes.subarray(at, cut));
    at = cut;
  }
  stream.write(bytes.subarray(at));
  return { messages, errors };
}

const message = fc.record({
  jsonrpc: fc.constant('2.0'),
  id: fc.nat(),
  method: fc.string({ maxLength: 20 }),
  params: fc.record({ text: fc.string({ unit: 'binary', maxLength: 300 }) }),
});

test('messages cut into chunks anywhere are read whole and in order', () => {
  fc.assert(
    fc.property(fc.array(message, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), (messages, cuts, typed) => {
      const bytes = Buffer.concat(messages.map((m) => frame(m, typed ? 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n' : '')));
      const out = read(bytes, cuts);
      assert.deepEqual(out.errors, []);
      assert.deepEqual(out.messages, JSON.parse(JSON.stringify(messages)));
    }),
  );
});

test('a 20 MB message arriving in 64 KB chunks is read once it is complete', () => {
  const big = { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'x'.repeat(20 * 1024 * 1024) } };
  const bytes = Buffer.concat([frame(big), frame({ jsonrpc: '2.0', method: 'after' })]);
  const cuts = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => i * 65536);
  const out = read(bytes, cuts);
  assert.deepEqual(out.errors, []);
  assert.deepEqual(
    out.messages.map((m) => (m as { method: string }).method),
    ['textDocument/didOpen', 'after'],
  );
});

test('a malformed header stops the reader: one MalformedHeaderError, and nothing after it is read', () => {
  const bytes = Buffer.concat([
    frame({ jsonrpc: '2.0', method: 'before' }),
    Buffer.from('Content-Length: 12x\r\n\r\n'),
    frame({ jsonrpc: '2.0', method: 'after' }),
  ]);
  for (const cuts of [[], [3], [40, 41, 60, 62]]) {
    const out = read(bytes, cuts);
    assert.deepEqual(out.messages, [{ jsonrpc: '2.0', method: 'before' }]);
    assert.equal(out.errors.length, 1);
    assert.ok(out.errors[0] instanceof MalformedHeaderError);
    assert.equal(out.errors[0]!.message, 'Content-Length is not a whole number of bytes: "12x"');
  }
});
