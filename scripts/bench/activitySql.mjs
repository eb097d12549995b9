// Key activity counted by CloudTrail Lake and Athena: the aggregate query the extension sends, run by the local
// endpoint (DuckDB) over 10,000,000 generated CloudTrail Lake records (generated inside DuckDB with range():
// 5 keys, 40 principals with 7 sessions each, a few callers by account, calls through S3, refusals, encryption
// contexts, 90 days), then the analysis of its answer. Figures: the query's time end to end through the SDK
// (start, poll, results), the analysis of the answer (rows → report with who can vs who did), and the client
// process's heap before and after, for 1,000,000 and 10,000,000 records: it must not grow with the events.
// The endpoint runs in its own process (DuckDB's memory is AWS's side of the line); the client in another.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const title = 'Key activity by aggregate query (CloudTrail Lake on DuckDB, 10,000,000 records)';

const A = '111122223333';
const EDS = 'BENCH000-0000-0000-0000-000000000000';
const KEYS = Array.from({ length: 5 }, (_, i) => `arn:aws:kms:us-east-1:${A}:key/${String(i).repeat(8)}-1111-2222-3333-444455556666`);
const SIZES = [1_000_000, 10_000_000];

const q = (text) => (text === null ? 'NULL' : `'${text}'`);

/** The 280 callers: 40 principals (38 roles, a user, an account-only caller) × 7 sessions, as Lake's userIdentity structs. */
function identities() {
  const out = [];
  for (let k = 0; k < 280; k++) {
    const p = k % 40;
    const session = `session-${k % 7}`;
    const type = p === 39 ? 'AWSAccount' : p === 38 ? 'IAMUser' : 'AssumedRole';
    const arn = p === 39 ? null : p === 38 ? `arn:aws:iam::${A}:user/admin${k % 3}` : `arn:aws:sts::${A}:assumed-role/Role${p}/${session}`;
    const issuer =
      p < 38
        ? `struct_pack(type := 'Role', principalid := 'AROAEXAMPLE${p}', arn := 'arn:aws:iam::${A}:role/Role${p}', accountid := '${A}', username := 'Role${p}')`
        : `NULL::STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, username VARCHAR)`;
    out.push(
      `struct_pack(type := '${type}', principalid := 'AROAEXAMPLE${p}:${session}', arn := ${q(arn)}, accountid := '${p === 39 ? '444455556666' : A}', invokedby := NULL::VARCHAR, accesskeyid := 'ASIAEXAMPLE', username := NULL::VARCHAR, sessioncontext := struct_pack(attributes := struct_pack(creationdate := TIMESTAMP '2026-09-01 00:00:00', mfaauthenticated := 'false'), sessionissuer := ${issuer}))`,
    );
  }
  return `[${out.join(',\n')}]`;
}

/** The CloudTrail Lake table of `n` records, generated in DuckDB (Lake's column types) from constant lists indexed by the row number. */
function seedSql(n) {
  const maps = [];
  for (let k = 0; k < 20; k++) {
    const key = KEYS[k % 5];
    maps.push(
      Math.floor(k / 5) === 0
        ? `MAP {'keyId': '${key}', 'encryptionAlgorithm': 'SYMMETRIC_DEFAULT'}`
        : `MAP {'keyId': '${key}', 'encryptionContext': '{"Department":"D${Math.floor(k / 5)}"}'}`,
    );
  }
  const resources = KEYS.map((k) => `[struct_pack(arn := '${k}', accountid := '${A}', type := 'AWS::KMS::Key')]`);
  const ips = Array.from({ length: 50 }, (_, k) => `'10.0.${k}.${(k * 7) % 250}'`);
  return `CREATE OR REPLACE TABLE "${EDS}" AS
SELECT
  (${identities()})[1 + i % 280] AS useridentity,
  TIMESTAMP '2026-09-01 00:00:00' + to_seconds(i % 7776000) AS eventtime,
  'kms.amazonaws.com' AS eventsource,
  (['Decrypt', 'Decrypt', 'GenerateDataKey', 'Encrypt', 'DescribeKey'])[1 + i % 5] AS eventname,
  'us-east-1' AS awsregion,
  CASE WHEN i % 3 = 0 AND i % 40 < 38 THEN 's3.amazonaws.com' ELSE ([${ips.join(', ')}])[1 + i % 50] END AS sourceipaddress,
  CASE WHEN i % 97 = 0 THEN 'AccessDenied' WHEN i % 1001 = 0 THEN 'DisabledException' END AS errorcode,
  CASE WHEN i % 97 = 0 THEN 'not authorized' END AS errormessage,
  ([${maps.join(', ')}])[1 + i % 20] AS requestparameters,
  ([${resources.join(', ')}])[1 + i % 5] AS resources,
  'AwsApiCall' AS eventtype,
  '${A}' AS recipientaccountid,
  NULL::VARCHAR AS vpcendpointid
FROM range(${n}) t(i)`;
}

const ENDPOINT_CHILD = `
const { startLocalKms } = require(process.argv[2]);
const seed = require('node:fs').readFileSync(process.argv[3], 'utf8');
(async () => {
  const kms = await startLocalKms({ queries: { eventDataStores: ['${EDS}'], athenaTables: [], layOut: false } });
  const engine = await kms.queries.sql();
  process.stdin.setEncoding('utf8');
  let buffer = '';
  process.stdin.on('data', async (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\\n')) >= 0) {
      const n = Number(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      const began = Date.now();
      await engine.exec(seed.replace('__N__', String(n)));
      process.stdout.write(JSON.stringify({ url: kms.url, seeded: n, ms: Date.now() - began }) + '\\n');
    }
  });
  process.stdout.write(JSON.stringify({ url: kms.url }) + '\\n');
})();
`;

const CLIENT_CHILD = `
const q = require(process.argv[2]);
const run = require(process.argv[3]);
const engine = require(process.argv[4]);
const { CloudTrailClient } = require(process.argv[5]);
(async () => {
  const [url, key, policy] = JSON.parse(process.argv[6]);
  const client = new CloudTrailClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' }, maxAttempts: 1 });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const sql = q.activityQuery({ kind: 'lake', eventDataStore: '${EDS}' }, { keyArn: key, since: new Date('2026-09-01T00:00:00Z'), until: new Date('2026-12-01T00:00:00Z') });
  let t = process.hrtime.bigint();
  const answer = await run.runLakeQuery(client, '${EDS}', sql, { pollMillis: 50 });
  const queryMs = Number(process.hrtime.bigint() - t) / 1e6;
  const doc = engine.createPolicyService({}).parse(policy);
  const times = [];
  let report;
  for (let k = 0; k < 5; k++) {
    t = process.hrtime.bigint();
    const rows = engine.readAggregateRows(answer.columns, answer.rows, 'lake');
    const summary = engine.summaryFromAggregates(rows, { key });
    report = engine.activityReport(summary, engine.keyActivityOf(summary), doc, {});
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  process.stdout.write(JSON.stringify({ queryMs, analysisMs: Math.min(...times.slice(1)), rows: answer.rows.length, events: report.counts.events, groups: report.activity.length,
    heapBeforeMb: heapBefore / 1048576, heapAfterMb: heapAfter / 1048576, rssBeforeMb: rssBefore / 1048576, rssAfterMb: process.memoryUsage().rss / 1048576 }));
  client.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
`;

function lines(child) {
  let buffer = '';
  const waiting = [];
  child.stdout.on('data', (d) => {
    buffer += d.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()?.(JSON.parse(line));
    }
  });
  return () => new Promise((resolve) => waiting.push(resolve));
}

function runChild(script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`client child exited ${code}`))));
  });
}

export async function run(ctx) {
  const dir = ctx.tempDir('activity-sql');
  const external = (name) => ctx.build(name, path.basename(name, '.ts'));
  // The endpoint bundle keeps DuckDB (a native module) external: it is required from the project's node_modules.
  const endpointEntry = path.join(dir, 'endpoint.cjs');
  const esbuild = ctx.require('esbuild');
  await esbuild.build({
    entryPoints: [path.join(ctx.root, 'tools/localKms/server.ts')],
    outfile: endpointEntry,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@duckdb/node-api'],
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const query = await external('shared/activityQuery.ts');
  const runner = await external('shared/activityRun.ts');
  const engine = await ctx.build('server/src/engine/index.ts', 'engine');
  const cloudTrail = ctx.require.resolve('@aws-sdk/client-cloudtrail');
  fs.writeFileSync(path.join(dir, 'endpoint-child.cjs'), ENDPOINT_CHILD);
  fs.writeFileSync(path.join(dir, 'client-child.cjs'), CLIENT_CHILD);
  const policy = fs.readFileSync(path.join(ctx.root, 'examples', 'console-default.kms.json'), 'utf8');

  fs.writeFileSync(path.join(dir, 'seed.sql'), seedSql('__N__'));
  const endpoint = spawn(process.execPath, [path.join(dir, 'endpoint-child.cjs'), endpointEntry, path.join(dir, 'seed.sql')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_PATH: path.join(ctx.root, 'node_modules') },
  });
  const next = lines(endpoint);
  try {
    const { url } = await next();
    console.log(
      `  input: a CloudTrail Lake table of ${SIZES.map((n) => n.toLocaleString('en-US')).join(' and ')} generated records (5 keys, 42 principals); one key analysed (a fifth of the records), 90-day window`,
    );
    const results = [];
    for (const n of SIZES) {
      endpoint.stdin.write(`${n}\n`);
      const seeded = await next();
      const r = await runChild(path.join(dir, 'client-child.cjs'), [query, runner, engine, cloudTrail, JSON.stringify([url, KEYS[0], policy])]);
      console.log(
        `  ${n.toLocaleString('en-US')} records (seeded in ${(seeded.ms / 1000).toFixed(1)} s): ${r.events.toLocaleString('en-US')} events of the key → ${r.rows} rows, ${r.groups} groups; client heap ${r.heapBeforeMb.toFixed(1)} → ${r.heapAfterMb.toFixed(1)} MB, RSS ${r.rssBeforeMb.toFixed(0)} → ${r.rssAfterMb.toFixed(0)} MB`,
      );
      results.push({ n, ...r });
    }
    const big = results[results.length - 1];
    const small = results[0];
    ctx.record('activity-sql.lake.query.10m', big.queryMs / 1000, 's', { op: '<=', value: 15 });
    ctx.record('activity-sql.analysis.10m', big.analysisMs, 'ms', { op: '<=', value: 50 });
    ctx.record('activity-sql.client-heap-growth.1m-to-10m', big.heapAfterMb - big.heapBeforeMb - (small.heapAfterMb - small.heapBeforeMb), 'MB', {
      op: '<=',
      value: 5,
    });
    ctx.record('activity-sql.lake.query.1m', small.queryMs / 1000, 's');
  } finally {
    endpoint.kill();
  }
}
