/**
 * Reading CloudTrail log files: plain and gzip, records across chunk boundaries, and bad input (truncated,
 * not gzip, not JSON, not a trail, a record too large, a 1 GB file) with exact messages and bounded memory.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { RecordScanner, TrailFormatError, type RecordSink } from '../../server/src/activity/recordScanner';
import { expandTrailPaths, readTrailFile, readTrailFiles } from '../../server/src/activity/trailFiles';
import { ROOT } from './cliHarness';

const TRAILS = path.join(ROOT, 'examples', 'trails');
const GZ = path.join(TRAILS, '111122223333_CloudTrail_us-east-1_20261015T0000Z_kms-demo.json.gz');
const PLAIN = path.join(TRAILS, '111122223333_CloudTrail_us-east-1_20261125T2355Z_kms-demo.json');

interface Collected extends RecordSink {
  readonly records: unknown[];
  readonly skipped: string[];
}

function collector(): Collected {
  const records: unknown[] = [];
  const skipped: string[] = [];
  return { records, skipped, record: (r) => records.push(r), skip: (why) => skipped.push(why) };
}

/** Feeds `text` to a scanner in pieces cut at `cuts` (byte offsets) and ends it. */
function scan(bytes: Buffer, cuts: readonly number[] = [], maxRecordBytes?: number): { sink: Collected; error?: TrailFormatError } {
  const sink = collector();
  const scanner = new RecordScanner(sink, maxRecordBytes);
  let from = 0;
  try {
    for (const cut of [...cuts, bytes.length]) {
      scanner.push(bytes.subarray(from, cut));
      from = cut;
    }
    scanner.end();
    return { sink };
  } catch (e) {
    if (e instanceof TrailFormatError) return { sink, error: e };
    throw e;
  }
}

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-trail-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const full = path.join(dir, name);
  fs.writeFileSync(full, content);
  return full;
}

describe('reading trail files', () => {
  test('a plain file and a gzip file are read to their end, record by record', async () => {
    for (const f of [PLAIN, GZ]) {
      const sink = collector();
      const r = await readTrailFile(f, sink);
      const text = f.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(f)).toString('utf8') : fs.readFileSync(f, 'utf8');
      const expected = (JSON.parse(text) as { Records: unknown[] }).Records;
      assert.deepEqual({ complete: r.complete, records: r.records, problem: r.problem }, { complete: true, records: expected.length, problem: undefined });
      assert.deepEqual(sink.records, expected);
    }
  });

  test('gzip is recognised by its signature, not by its name', async () => {
    const f = file('no-extension.json', zlib.gzipSync('{"Records":[{"a":1}]}'));
    const sink = collector();
    assert.equal((await readTrailFile(f, sink)).complete, true);
    assert.deepEqual(sink.records, [{ a: 1 }]);
  });

  test('aws cloudtrail lookup-events output ({"Events": [{"CloudTrailEvent": "..."}]}) is read too', async () => {
    const f = file('lookup.json', JSON.stringify({ Events: [{ EventId: '1', CloudTrailEvent: JSON.stringify({ eventName: 'Decrypt' }) }, { EventId: '2' }] }));
    const sink = collector();
    assert.equal((await readTrailFile(f, sink)).complete, true);
    assert.deepEqual(sink.records, [{ eventName: 'Decrypt' }]);
    assert.deepEqual(sink.skipped, ['Events entry without CloudTrailEvent']);
  });

  test('directories are walked for .json and .json.gz files, in order; missing paths are problems', async () => {
    const { files, problems } = await expandTrailPaths([TRAILS, path.join(dir, 'nope.json')]);
    assert.deepEqual(files, [GZ, PLAIN]);
    assert.deepEqual(problems, [`${path.join(dir, 'nope.json')}: no such file or directory`]);
  });

  test('reading can be cancelled; the files not read are named', async () => {
    const abort = new AbortController();
    abort.abort();
    const r = await readTrailFiles([PLAIN, GZ], collector(), { signal: abort.signal });
    assert.equal(r.cancelled, true);
    assert.deepEqual(r.problems, ['cancelled: 2 files not read']);
  });

  test('progress is reported per chunk with the bytes read and the records so far', async () => {
    const seen: number[] = [];
    await readTrailFiles([PLAIN], collector(), { chunkBytes: 16 * 1024, onProgress: (p) => seen.push(p.records) });
    assert.ok(seen.length >= 9, `${seen.length} progress reports`);
    assert.ok(seen.every((n, i) => i === 0 || n >= seen[i - 1]!));
    assert.equal(seen[seen.length - 1], (JSON.parse(fs.readFileSync(PLAIN, 'utf8')) as { Records: unknown[] }).Records.length);
  });
});

describe('bad files: a clear message, and what was read before it', () => {
  const records = (n: number): string => JSON.stringify({ Records: Array.from({ length: n }, (_, i) => ({ eventName: 'Decrypt', n: i, pad: 'x'.repeat(200) })) });

  test('truncated gzip data', async () => {
    const whole = zlib.gzipSync(records(2000));
    const f = file('cut.json.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const sink = collector();
    const r = await readTrailFile(f, sink);
    assert.equal(r.complete, false);
    assert.match(r.problem!, /^truncated gzip data: the compressed stream ends early \(\d+ records read\)$/);
    assert.ok(r.records > 100 && r.records < 2000, `${r.records} records`);
    assert.equal(sink.records.length, r.records);
  });

  test('a .gz file that is not gzip', async () => {
    const r = await readTrailFile(file('plain.json.gz', records(1)), collector());
    assert.deepEqual(r, { file: path.join(dir, 'plain.json.gz'), records: 0, bytes: records(1).length, complete: false, problem: 'not gzip data: the name ends in .gz but the file does not start with the gzip signature (1f 8b)' });
  });

  test('corrupt gzip data', async () => {
    const whole = zlib.gzipSync(records(50));
    whole.fill(0x55, 20, 60);
    const r = await readTrailFile(file('corrupt.json.gz', whole), collector());
    assert.match(r.problem!, /^corrupt gzip data: .+ \(0 records read\)$/);
  });

  test('not JSON, not an object, not a trail, empty', () => {
    assert.equal(scan(Buffer.from('PK\u0003\u0004 zip')).error?.message, "not JSON: the data starts with 'P' (expected {\"Records\": [...]})");
    assert.equal(scan(Buffer.from('[{"eventName":"Decrypt"}]')).error?.message, 'a JSON array, not a CloudTrail log file (expected {"Records": [...]})');
    assert.equal(scan(Buffer.from('{"digestStartTime":"2026-10-01T00:00:00Z","logFiles":[]}')).error?.message, 'no "Records" array: not a CloudTrail log file');
    assert.equal(scan(Buffer.from('{"Records":{}}')).error?.message, '"Records" is not an array (byte 11)');
    assert.equal(scan(Buffer.from('')).error?.message, 'the file is empty');
    assert.equal(scan(Buffer.from(' \n')).error?.message, 'the file holds only white space');
    assert.equal(scan(Buffer.from('{"Records":[]} trailing')).error?.message, 'unexpected data after the end of the log file at byte 15');
  });

  test('JSON cut short: inside a record, between records, before the closing brace', () => {
    const text = records(3);
    const inside = scan(Buffer.from(text.slice(0, text.indexOf('"n":2'))));
    assert.equal(inside.error?.message, 'truncated: the data ends inside record 3 (2 records read)');
    assert.equal(inside.sink.records.length, 2);
    assert.equal(scan(Buffer.from('{"Records":[{"a":1},')).error?.message, 'truncated: the data ends before the Records array is closed (1 records read)');
    assert.equal(scan(Buffer.from('{"Records":[{"a":1}]')).error?.message, "truncated: the data ends before the log file's closing } (1 records read)");
  });

  test('records that are not objects or not valid JSON are skipped with a reason; the rest is read', () => {
    const { sink, error } = scan(Buffer.from('{"Records":[42,"text",[1,{"x":"]"}],{"a":tru},null,{"ok":true}]}'));
    assert.equal(error, undefined);
    assert.deepEqual(sink.records, [{ ok: true }]);
    assert.deepEqual(sink.skipped, ['not an object', 'not an object', 'not an object', 'invalid JSON', 'not an object']);
  });

  test('a record larger than the limit is skipped without being held; the next one is read', () => {
    const big = JSON.stringify({ eventName: 'Decrypt', blob: 'y'.repeat(300_000) });
    const bytes = Buffer.from(`{"Records":[${big},{"eventName":"Encrypt"}]}`);
    const { sink, error } = scan(bytes, Array.from({ length: 40 }, (_, i) => (i + 1) * 8192), 64 * 1024);
    assert.equal(error, undefined);
    assert.deepEqual(sink.records, [{ eventName: 'Encrypt' }]);
    assert.deepEqual(sink.skipped, ['larger than 64 KiB']);
  });

  test('1 GB streamed through the scanner (one giant record) stays in bounded memory', () => {
    const sink = collector();
    const scanner = new RecordScanner(sink);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const rssBefore = process.memoryUsage().rss;
    scanner.push(Buffer.from('{"Records":[{"eventName":"Decrypt","blob":"'));
    let peak = 0;
    for (let i = 0; i < 1024; i++) {
      scanner.push(chunk);
      if (i % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    scanner.push(Buffer.from('"},{"eventName":"Encrypt"}]}'));
    scanner.end();
    assert.deepEqual(sink.records, [{ eventName: 'Encrypt' }]);
    assert.deepEqual(sink.skipped, ['larger than 4 MiB']);
    assert.ok(peak - rssBefore < 64 * 1024 * 1024, `memory grew by ${Math.round((peak - rssBefore) / 1048576)} MB`);
  });

  test('a 1 GB file that is cut short: read from disk in bounded memory, with a clear message', async () => {
    const f = path.join(dir, 'huge.json');
    fs.writeFileSync(f, '{"Records":[{"eventName":"Decrypt"},{"eventName":"Encrypt","blob":"');
    fs.truncateSync(f, 1024 * 1024 * 1024);
    const sink = collector();
    const rssBefore = process.memoryUsage().rss;
    let peak = 0;
    const r = await readTrailFile(f, sink, { onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)) });
    assert.equal(r.problem, 'truncated: the data ends inside record 2 (1 records read)');
    assert.deepEqual(sink.records, [{ eventName: 'Decrypt' }]);
    assert.equal(r.bytes, 1024 * 1024 * 1024);
    assert.ok(peak - rssBefore < 96 * 1024 * 1024, `memory grew by ${Math.round((peak - rssBefore) / 1048576)} MB`);
  });
});

describe('records across chunk boundaries', () => {
  test('escapes, quotes, braces in strings and multi-byte characters split at every byte', () => {
    const text = JSON.stringify({ Records: [{ a: 'x\\"}]{[', b: '\\\\', c: 'é😀"', d: [1, { e: null }] }, { f: '\\' }] });
    const expected = (JSON.parse(text) as { Records: unknown[] }).Records;
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { sink, error } = scan(bytes, [cut]);
      assert.equal(error, undefined, `cut at ${cut}`);
      assert.deepEqual(sink.records, expected, `cut at ${cut}`);
    }
  });

  test('any records, cut anywhere, come out as JSON.parse reads them', () => {
    fc.assert(fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (records, cutsRaw, spaced) => {
      const text = JSON.stringify({ Other: { nested: ['}', '{'] }, Records: records, Tail: 1 }, null, spaced ? 2 : undefined);
      const bytes = Buffer.from(text);
      const cuts = [...new Set(cutsRaw.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const { sink, error } = scan(bytes, cuts);
      assert.equal(error, undefined);
      assert.deepEqual(sink.records, JSON.parse(text).Records);
    }), { numRuns: 300 });
  });
});
