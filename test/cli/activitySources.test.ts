/**
 * `kms-policy activity --lake` / `--athena`: the built CLI sends the aggregate query through the AWS SDK to the
 * local endpoint (which runs it with DuckDB) and reports who did; a failing source is reported with AWS's
 * reason and the next one is tried; bad arguments are refused before anything is sent.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LOCAL_EVENT_DATA_STORE } from '../../tools/localKms/queries';
import { startLocalKms, type LocalKms } from '../../tools/localKms/server';
import { seedKeyId } from '../../tools/localKms/seed';
import { baseEnv, ensureCliBuilt, ROOT } from './cliHarness';

const A = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${A}:key/${seedKeyId('app-data', false)}`;
let kms: LocalKms;

before(async () => {
  await ensureCliBuilt();
  kms = await startLocalKms({ seed: true });
});
after(() => kms.close());

/** Runs the CLI without blocking this process (the endpoint answers from it). */
function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], {
      cwd: ROOT,
      env: baseEnv({
        AWS_ACCESS_KEY_ID: 'AKIDTESTDEV000000001',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_ENDPOINT_URL: kms.url,
        AWS_REGION: 'us-east-1',
        // The SDK warns on Node 20 that its releases after January 2027 need Node 22; stderr is asserted here.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('kms-policy activity with a query source', () => {
  test('--lake: the report says CloudTrail Lake counted the events', async () => {
    const r = await run(['activity', '--key', KEY, '--lake', LOCAL_EVENT_DATA_STORE, '--since', '61d', '--format', 'json']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout) as {
      source: { kind: string; name: string };
      counts: { events: number };
      activity: { principal: string; operation: string; count: number }[];
    };
    assert.deepEqual({ kind: report.source.kind, name: report.source.name }, { kind: 'lake', name: LOCAL_EVENT_DATA_STORE });
    // The seeded history: AppServerRole 70 + 45 calls, DataPipelineRole 20, ReportingRole 9 refused; the CreateGrant of alice.
    assert.equal(report.counts.events, 145);
    assert.ok(report.activity.some((g) => g.principal === `arn:aws:iam::${A}:role/AppServerRole`));
  });

  test('--athena with partitions and the policy: who can vs who did, what it scanned and cost', async () => {
    const policy = path.join(ROOT, 'examples', 'console-default.kms.json');
    const r = await run([
      'activity',
      '--key',
      KEY,
      '--athena',
      'primary:default.cloudtrail_logs',
      '--athena-partitions',
      'timestamp,region,account',
      '--since',
      '61d',
      '--policy',
      policy,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /\nCounted by Athena \(primary:default\.cloudtrail_logs\); scanned [\d.,]+ MB, about \$0\.00005 \(an estimate at \$5 per TB scanned\)\.\n/,
    );
    assert.match(r.stdout, /\nWho can vs who did\b/);
  });

  test('a failing source is reported with its reason, and the next is tried', async () => {
    const r = await run([
      'activity',
      '--key',
      KEY,
      '--lake',
      'EXAMPLE1-aaaa-bbbb-cccc-dddddddddddd',
      '--athena',
      'primary:default.cloudtrail_logs',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0);
    assert.equal(
      r.stderr,
      'kms-policy activity: CloudTrail Lake (EXAMPLE1-aaaa-bbbb-cccc-dddddddddddd) did not answer: EventDataStoreNotFoundException: The specified event data store EXAMPLE1-aaaa-bbbb-cccc-dddddddddddd was not found.; trying Athena (primary:default.cloudtrail_logs) next\n',
    );
    const report = JSON.parse(r.stdout) as { source: { kind: string; skipped: unknown[] } };
    assert.equal(report.source.kind, 'athena');
    assert.deepEqual(report.source.skipped, [
      { kind: 'lake', reason: 'EventDataStoreNotFoundException: The specified event data store EXAMPLE1-aaaa-bbbb-cccc-dddddddddddd was not found.' },
    ]);
  });

  test('no source answers: exit 2 with every reason', async () => {
    const r = await run(['activity', '--key', KEY, '--athena', 'primary:default.no_table']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kms-policy activity: Athena \(primary:default\.no_table\) did not answer: .*no_table/);
    assert.match(
      r.stderr,
      /\nkms-policy activity: no source answered the activity query: Athena: TABLE_NOT_FOUND: line 1:1: Table .awsdatacatalog\.no_table. does not exist\n$/,
    );
  });

  test('bad arguments are refused before anything is sent', async () => {
    const before = kms.requestCount;
    const cases: [string[], string][] = [
      [['--lake', 'not-an-id'], '"not-an-id" is not a CloudTrail Lake event data store id (8-4-4-4-12 letters and digits) or ARN.'],
      [['--athena', 'primary:default.logs;drop'], '"logs;drop" is not a Glue table name (lowercase letters, digits and _).'],
      [['--athena', 'primary:default.t', '--athena-partitions', 'date'], '"date" is not a partition of the CloudTrail table (timestamp, region, account).'],
      [['--athena', 'primary:default.t', '--athena-output', 'http://x'], "--athena-output must be an s3:// location (got 'http://x')"],
    ];
    for (const [args, message] of cases) {
      const r = await run(['activity', '--key', KEY, ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.includes(message), r.stderr);
    }
    const noKey = await run(['activity', '--lake', LOCAL_EVENT_DATA_STORE]);
    assert.match(noKey.stderr, /--lake and --athena need the key ARN \(--key ARN\)/);
    assert.equal(kms.requestCount, before);
  });
});
