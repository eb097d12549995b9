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
import { RecordScanner, TrailFormatError, type RecordSink } from '../../server/src/trailFiles/recordScanner';
import { expandTrailPaths, readTrailFile, readTrailFiles } from '../../server/src/trailFiles/trailFiles';
import { ActivityAggregator, RECORD_MEMBERS, type RecordMembers } from '../../server/src/engine';
import { exampleTrail, KEY, rec, who } from '../engine/activity/trailRecords';
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

/** Feeds `bytes` to a scanner into `sink`, in pieces cut at `cuts` (byte offsets), and ends it; the format error, if any. */
function scanInto(sink: RecordSink, bytes: Buffer, cuts: readonly number[], maxRecordBytes?: number): TrailFormatError | undefined {
  const scanner = new RecordScanner(sink, maxRecordBytes);
  let from = 0;
  try {
    for (const cut of [...cuts, bytes.length]) {
      scanner.push(bytes.subarray(from, cut));
      from = cut;
    }
    scanner.end();
    return undefined;
  } catch (e) {
    if (e instanceof TrailFormatError) return e;
    throw e;
  }
}

/** Scans into a collector. */
function scan(bytes: Buffer, cuts: readonly number[] = [], maxRecordBytes?: number): { sink: Collected; error?: TrailFormatError } {
  const sink = collector();
  const error = scanInto(sink, bytes, cuts, maxRecordBytes);
  return error ? { sink, error } : { sink };
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
  const records = (n: number): string =>
    JSON.stringify({ Records: Array.from({ length: n }, (_, i) => ({ eventName: 'Decrypt', n: i, pad: 'x'.repeat(200) })) });

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
    assert.deepEqual(r, {
      file: path.join(dir, 'plain.json.gz'),
      records: 0,
      bytes: records(1).length,
      complete: false,
      problem: 'not gzip data: the name ends in .gz but the file does not start with the gzip signature (1f 8b)',
    });
  });

  test('corrupt gzip data', async () => {
    const whole = zlib.gzipSync(records(50));
    whole.fill(0x55, 20, 60);
    const r = await readTrailFile(file('corrupt.json.gz', whole), collector());
    assert.match(r.problem!, /^corrupt gzip data: .+ \(0 records read\)$/);
  });

  test('not JSON, not an object, not a trail, empty', () => {
    assert.equal(scan(Buffer.from('PK\u0003\u0004 zip')).error?.message, 'not JSON: the data starts with \'P\' (expected {"Records": [...]})');
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
    const { sink, error } = scan(
      bytes,
      Array.from({ length: 40 }, (_, i) => (i + 1) * 8192),
      64 * 1024,
    );
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
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        (records, cutsRaw, spaced) => {
          const text = JSON.stringify({ Other: { nested: ['}', '{'] }, Records: records, Tail: 1 }, null, spaced ? 2 : undefined);
          const bytes = Buffer.from(text);
          const cuts = [...new Set(cutsRaw.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const { sink, error } = scan(bytes, cuts);
          assert.equal(error, undefined);
          assert.deepEqual(sink.records, JSON.parse(text).Records);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('records read member by member', () => {
  /** A sink reading `names` of each record, whichever way the scanner hands it over; `parsed` counts records parsed whole. */
  function memberCollector(names: readonly string[]): RecordSink & { readonly seen: Record<string, unknown>[]; readonly skipped: string[]; parsed: number } {
    const seen: Record<string, unknown>[] = [];
    const skipped: string[] = [];
    const pick = (get: (name: string) => unknown): Record<string, unknown> =>
      Object.fromEntries(names.map((n) => [n, get(n)]).filter(([, v]) => v !== undefined));
    const sink = {
      seen,
      skipped,
      parsed: 0,
      memberNames: names,
      members: (r: RecordMembers) => seen.push(pick((n) => r.value(n))),
      record: (v: unknown) => {
        sink.parsed++;
        seen.push(pick((n) => (v as Record<string, unknown>)[n]));
      },
      skip: (why: string) => skipped.push(why),
    };
    return sink;
  }

  test('any records, cut anywhere, give the members JSON.parse gives', () => {
    const names = ['a', 'b', 'eventName', ''];
    const member = fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(member, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        (records, cutsRaw, spaced) => {
          const text = JSON.stringify({ Records: records }, null, spaced ? 2 : undefined);
          const bytes = Buffer.from(text);
          const cuts = [...new Set(cutsRaw.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const sink = memberCollector(names);
          assert.equal(scanInto(sink, bytes, cuts), undefined);
          const expected = (JSON.parse(text) as { Records: Record<string, unknown>[] }).Records.map((r) =>
            Object.fromEntries(names.filter((n) => r[n] !== undefined).map((n) => [n, r[n]])),
          );
          assert.deepEqual(sink.seen, expected);
          assert.deepEqual(sink.skipped, []);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('escapes, white space and non-ASCII text read as JSON.parse reads them; only the non-ASCII record is parsed whole', () => {
    const records = [
      { eventName: 'x\\"}]{[', a: '\u0001', b: { c: '"' } },
      { 'event\u004eame': 'escaped name', a: 1e3 },
      { eventName: 'Décrypter', a: '😀' },
    ];
    const text = `{"Records":[${JSON.stringify(records[0])} , {"event\\u004eame" : "escaped name","a": 1e3 }, ${JSON.stringify(records[2])}]}`;
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const sink = memberCollector(['eventName', 'a', 'b']);
      assert.equal(scanInto(sink, bytes, [cut]), undefined, `cut at ${cut}`);
      assert.deepEqual(
        sink.seen,
        (JSON.parse(text) as { Records: Record<string, unknown>[] }).Records.map((r) =>
          Object.fromEntries(['eventName', 'a', 'b'].filter((n) => r[n] !== undefined).map((n) => [n, r[n]])),
        ),
        `cut at ${cut}`,
      );
      // The escaped member name and the non-ASCII record are parsed whole; the first record is not.
      assert.equal(sink.parsed, 2, `cut at ${cut}`);
    }
  });

  test('a record whose top level is not JSON is refused as invalid JSON, as when parsed whole', () => {
    for (const bad of ['{"a":tru}', '{"a":1,}', '{"a" 1}', '{"a":}', '{"a":"x" "y"}', '{"a":{"b":1}]', '{"a":[1}}', '{"a":01}', '{,"a":1}', '{"a":1 2}']) {
      const sink = memberCollector(['a']);
      assert.equal(scanInto(sink, Buffer.from(`{"Records":[${bad},{"a":2}]}`), []), undefined, bad);
      assert.deepEqual({ seen: sink.seen, skipped: sink.skipped }, { seen: [{ a: 2 }], skipped: ['invalid JSON'] }, bad);
    }
  });

  test('a member read that is not JSON refuses the record (counted as invalid JSON); members never read are not checked', () => {
    const good = rec({ name: 'Decrypt', who: who.user('alice') });
    const text = JSON.stringify(good);
    const brokenIdentity = text.replace('"userIdentity":{', '"userIdentity":{"x":tru,');
    const brokenUnread = text.replace('"responseElements":null', '"responseElements":{"x":tru}');
    const aggregator = new ActivityAggregator({ key: KEY });
    const sink: RecordSink = {
      record: (r) => aggregator.add(r),
      skip: (why) => aggregator.skip(why),
      memberNames: RECORD_MEMBERS,
      members: (r) => aggregator.addMembers(r),
    };
    assert.equal(scanInto(sink, Buffer.from(`{"Records":[${brokenIdentity},${brokenUnread},${text}]}`), []), undefined);
    const summary = aggregator.finish();
    assert.deepEqual(summary.stats.skipped, { 'invalid JSON': 1 });
    assert.equal(summary.keys[0]!.events, 2);
  });

  test('the analysis of records read member by member is the analysis of records parsed whole', () => {
    // The example trail, plus callers repeated verbatim and with one character changed (the identity memo).
    const records = [...exampleTrail()];
    for (let i = 0; i < 200; i++) {
      records.push(
        rec({
          name: i % 3 ? 'Decrypt' : 'GenerateDataKey',
          who: who.session(`Role${i % 7}`, `s-${i % 11}`),
          time: `2026-10-0${1 + (i % 9)}T12:${String(i % 60).padStart(2, '0')}:00Z`,
          ...(i % 5 === 0 ? { via: 's3.amazonaws.com' } : {}),
          ...(i % 13 === 0 ? { error: 'AccessDenied' } : {}),
        }),
      );
    }
    const bytes = Buffer.from(JSON.stringify({ Records: records }));
    for (const key of [undefined, KEY]) {
      const byMembers = new ActivityAggregator(key ? { key } : {});
      const whole = new ActivityAggregator(key ? { key } : {});
      const cuts = Array.from({ length: Math.floor(bytes.length / 4099) }, (_, i) => (i + 1) * 4099);
      assert.equal(
        scanInto(
          {
            record: (r) => byMembers.add(r),
            skip: (w) => byMembers.skip(w),
            wants: (t) => byMembers.mayConcern(t),
            memberNames: RECORD_MEMBERS,
            members: (r) => byMembers.addMembers(r),
          },
          bytes,
          cuts,
        ),
        undefined,
      );
      assert.equal(scanInto({ record: (r) => whole.add(r), skip: (w) => whole.skip(w), wants: (t) => whole.mayConcern(t) }, bytes, cuts), undefined);
      const summary = byMembers.finish();
      assert.deepEqual(summary, whole.finish());
      assert.ok(summary.stats.kmsEvents > 200, `${summary.stats.kmsEvents} KMS events`);
    }
  });
});
