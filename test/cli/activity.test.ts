/** `kms-policy activity` on the example trail: the report, JSON, the tightened policy, partial input and bad input. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { ensureCliBuilt, makeTree, removeTree, ROOT, runCli } from './cliHarness';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER = 'arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321';
const POLICY = 'examples/console-default.kms.json';
const TRAILS = 'examples/trails';
const GZ = path.join(ROOT, TRAILS, '111122223333_CloudTrail_us-east-1_20261015T0000Z_kms-demo.json.gz');
const PLAIN = path.join(ROOT, TRAILS, '111122223333_CloudTrail_us-east-1_20261125T2355Z_kms-demo.json');

before(ensureCliBuilt);

describe('kms-policy activity on the example trail', () => {
  test('the report: who did, who can vs who did, unused access, denied attempts', () => {
    const r = runCli(['activity', '--policy', POLICY, '--trail', TRAILS, '--key', KEY]);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      `KMS key activity: ${KEY}  (alias/app-orders)`,
      'Events: 171 events of this key from 2026-09-01 to 2026-11-25.',
      'Read 219 records: also 20 records of other services, 28 KMS records that do not name this key.',
    ]);
    assert.match(
      r.stdout,
      /\n {2}role AppServer \(111122223333\) {2}arn:aws:iam::111122223333:role\/AppServer {2}sessions: [^\n]+\n {4}Decrypt +127 {2}2026-09-01 … 2026-11-25 {2}direct 86, via s3\.amazonaws\.com 41 {2}errors: InvalidCiphertextException 2\n/,
    );
    assert.ok(
      lines.includes(
        '  role BatchJobs: kms:Decrypt, kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey, kms:GenerateDataKeyPair, kms:GenerateDataKeyPairWithoutPlaintext, kms:GenerateDataKeyWithoutPlaintext, kms:ReEncryptFrom, kms:ReEncryptTo  [Allow use of the key]',
      ),
      r.stdout,
    );
    assert.ok(lines.includes('  role ReportingRole (111122223333)  Decrypt  6×  2026-09-01 … 2026-11-21  AccessDenied'));
    assert.ok(
      lines.includes(
        '    key policy now: refuses it. Denied: no statement of the key policy names account 444455556666 or any of its principals for kms:Decrypt.',
      ),
    );
  });

  test('--format json: the same report as data', () => {
    const r = runCli(['activity', '-p', POLICY, '-t', TRAILS, '-k', KEY, '-f', 'json']);
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout) as {
      key: string;
      partial: boolean;
      counts: Record<string, number>;
      unusedAccess: { label: string }[];
      deniedAttempts: { count: number }[];
      proposal?: unknown;
    };
    assert.equal(report.key, KEY);
    assert.equal(report.partial, false);
    assert.equal(report.counts.events, 171);
    assert.equal(report.counts.records, 219);
    assert.deepEqual(report.deniedAttempts.map((d) => d.count).sort(), [2, 6]);
    assert.equal(report.proposal, undefined);
  });

  test('--tighten prints the proposed policy (which lints clean) and its checks on standard error', () => {
    const r = runCli(['activity', '--policy', POLICY, '--trail', TRAILS, '--key', KEY, '--tighten']);
    assert.equal(r.code, 0);
    const proposed = JSON.parse(r.stdout) as { Statement: { Sid: string; Principal: unknown; Action: unknown }[] };
    assert.deepEqual(proposed.Statement.map((s) => [s.Sid, s.Action]).slice(2), [
      ['Allow use of the key', ['kms:Decrypt', 'kms:GenerateDataKey']],
      ['Allow attachment of persistent resources', ['kms:CreateGrant']],
    ]);
    assert.match(r.stderr, /^Proposed tightened key policy \(a proposal: nothing is written to KMS\)\n/);
    assert.match(
      r.stderr,
      /\n {2}Lockout: ok before, ok after\.\n {2}Replay: (\d+) of \1 recorded calls the current policy allows are still allowed\.\n {2}Lint: 0 errors, 0 warnings; nothing new\.\n/,
    );
    const tree = makeTree({ 'proposed.kms.json': r.stdout });
    try {
      const lint = runCli(['lint', '--account', '111122223333', '--format', 'json', 'proposed.kms.json'], { cwd: tree });
      const [report] = JSON.parse(lint.stdout) as { diagnostics: { severity: string }[] }[];
      assert.deepEqual(
        report!.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'),
        [],
      );
    } finally {
      removeTree(tree);
    }
  });

  test('--since limits the window; events before it are counted apart', () => {
    const r = runCli(['activity', '-t', TRAILS, '-k', KEY, '--since', '2026-11-01', '-f', 'json']);
    const report = JSON.parse(r.stdout) as { counts: { events: number; outsideWindow: number }; window: { since: string } };
    assert.equal(report.window.since, '2026-11-01T00:00:00.000Z');
    assert.ok(report.counts.events > 0 && report.counts.events < 171);
    assert.equal(report.counts.events + report.counts.outsideWindow, 171);
  });

  test('files given one by one (as a shell glob gives them) are all read', () => {
    const r = runCli(['activity', '--trail', path.relative(ROOT, GZ), path.relative(ROOT, PLAIN), '-k', KEY, '-f', 'json']);
    assert.equal((JSON.parse(r.stdout) as { counts: { records: number } }).counts.records, 219);
  });
});

describe('partial and bad input', () => {
  let tree: string;
  before(() => {
    const gz = fs.readFileSync(GZ);
    tree = makeTree({
      'cut.json.gz': gz.subarray(0, gz.length - 200),
      'good.json': fs.readFileSync(PLAIN),
      'fake.json.gz': '{"Records":[]}',
      'array.json': '[]',
    });
  });
  after(() => removeTree(tree));

  test('a truncated file: the rest is reported, marked partial, exit status 1', () => {
    const r = runCli(['activity', '-t', 'cut.json.gz', '-t', 'good.json', '-k', KEY], { cwd: tree });
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /\nPARTIAL RESULTS: not every event could be analysed; counts are lower bounds\.\n {2}! cut\.json\.gz: truncated gzip data: the compressed stream ends early \(\d+ records read\)\n/,
    );
  });

  test('nothing readable at all is an error, exit status 2', () => {
    const r = runCli(['activity', '-t', 'fake.json.gz', '-t', 'array.json', '-t', 'missing.json', '-k', KEY], { cwd: tree });
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      [
        'kms-policy activity: no records could be read:',
        '  missing.json: no such file or directory',
        '  fake.json.gz: not gzip data: the name ends in .gz but the file does not start with the gzip signature (1f 8b)',
        '  array.json: a JSON array, not a CloudTrail log file (expected {"Records": [...]})',
        '',
      ].join('\n'),
    );
  });

  test('a trail naming several keys needs --key, and says which', () => {
    const r = runCli(['activity', '--trail', TRAILS]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `kms-policy activity: the trail names 2 keys; choose one with --key ARN:\n  ${KEY}  (171 events)\n  ${OTHER}  (25 events)\n`);
  });

  test('usage errors', () => {
    const cases: [string[], string][] = [
      [['activity'], 'no trail: name CloudTrail log files or directories with --trail, or a query source with --lake or --athena'],
      [['activity', '-t', TRAILS, '--key', 'alias/app'], "--key must be a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) (got 'alias/app')"],
      [['activity', '-t', TRAILS, '--tighten'], '--tighten needs the key policy (--policy POLICY)'],
      [['activity', '-t', TRAILS, '--since', '2026-11-02', '--until', '2026-11-01'], '--since is after --until'],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr, `kms-policy activity: ${message}\nRun 'kms-policy activity --help' for usage.\n`);
    }
  });

  test('an unreadable window time names the accepted forms, on one line', () => {
    const r = runCli(['activity', '-t', TRAILS, '--since', 'last week']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'kms-policy activity: --since must be a date (2026-09-01), an ISO time (2026-09-01T10:00:00Z) or an age such as 90d (got "last week")\n',
    );
  });

  test('the gzip file of the example really is gzip, and its name says so', () => {
    assert.deepEqual([...fs.readFileSync(GZ).subarray(0, 2)], [0x1f, 0x8b]);
    assert.ok(zlib.gunzipSync(fs.readFileSync(GZ)).length > 100_000);
  });
});
