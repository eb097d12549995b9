// Key activity from CloudTrail files: records per second streaming, parsing and attributing a
// 1,000,000-event trail (20 files of 50,000 records, ~1.4 KB each, as CloudTrail writes them: KMS calls by
// 40 principals on 5 keys, through services, by alias and key id, refused and failed calls, plus other
// services' records), and the peak memory of the process doing it. Each run is a fresh child process (so
// its peak RSS is its own), best of a few runs. Figures, for plain and gzip files: one key analysed (the usual
// run: records that do not name the key are counted unread), and no key given (every record read and
// attributed to its key: the worst case). Both have the same target.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const title = 'Key activity (CloudTrail files, 1,000,000 records)';

const FILES = 20;
const PER_FILE = 50_000;
const RUNS = 2;
const A = '111122223333';
const KEYS = Array.from({ length: 5 }, (_, i) => `arn:aws:kms:us-east-1:${A}:key/${String(i).repeat(8)}-1111-2222-3333-444455556666`);

function identity(i) {
  const role = `Role${i % 40}`;
  if (i % 40 === 39) return { type: 'AWSAccount', principalId: `AROAEXAMPLE${i}:s`, accountId: '444455556666' };
  if (i % 40 === 38)
    return {
      type: 'IAMUser',
      principalId: `AIDAEXAMPLE${i}`,
      arn: `arn:aws:iam::${A}:user/admin${i % 3}`,
      accountId: A,
      accessKeyId: 'AKIAEXAMPLE',
      userName: `admin${i % 3}`,
    };
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLE${i % 40}:session-${i % 7}`,
    arn: `arn:aws:sts::${A}:assumed-role/${role}/session-${i % 7}`,
    accountId: A,
    accessKeyId: 'ASIAEXAMPLE0000000',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: `AROAEXAMPLE${i % 40}`,
        arn: `arn:aws:iam::${A}:role/${role}`,
        accountId: A,
        userName: role,
      },
      attributes: { creationDate: '2026-11-01T00:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

/** A few hundred record templates; each record fills in its time and ids. */
function templates() {
  const out = [];
  const names = ['Decrypt', 'Decrypt', 'GenerateDataKey', 'Encrypt', 'DescribeKey', 'ReEncrypt', 'CreateGrant'];
  for (let t = 0; t < 400; t++) {
    const key = KEYS[t % KEYS.length];
    const name = names[t % names.length];
    const via = t % 3 === 0 ? 's3.amazonaws.com' : undefined;
    const id = identity(t);
    if (via) id.invokedBy = via;
    const keyId = t % 4 === 0 ? 'alias/app-' + (t % KEYS.length) : t % 4 === 1 ? key.slice(key.lastIndexOf('/') + 1) : key;
    const params =
      name === 'Decrypt'
        ? { encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::bucket/object-${t}` }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }
        : name === 'ReEncrypt'
          ? {
              sourceKeyId: key,
              destinationKeyId: KEYS[(t + 1) % KEYS.length],
              sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
              destinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
            }
          : { keyId, encryptionContext: { Department: `D${t % 9}` }, keySpec: 'AES_256' };
    const kms = t % 25 !== 24;
    const record = {
      eventVersion: '1.10',
      userIdentity: id,
      eventTime: '@TIME@',
      eventSource: kms ? 'kms.amazonaws.com' : 's3.amazonaws.com',
      eventName: kms ? name : 'GetObject',
      awsRegion: 'us-east-1',
      sourceIPAddress: via ?? `10.0.${t % 200}.${t % 250}`,
      userAgent: via ?? 'aws-sdk-java/2.25.60 Linux/6.1.102 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS',
      ...(t % 17 === 0
        ? {
            errorCode: 'AccessDenied',
            errorMessage: `User: ${id.arn ?? 'x'} is not authorized to perform: kms:${name} on resource: ${key}`,
          }
        : {}),
      requestParameters: params,
      responseElements: null,
      requestID: '@ID@',
      eventID: '@ID@',
      readOnly: true,
      resources:
        name === 'ReEncrypt'
          ? [
              { accountId: A, type: 'AWS::KMS::Key', ARN: key },
              { accountId: A, type: 'AWS::KMS::Key', ARN: KEYS[(t + 1) % KEYS.length] },
            ]
          : [{ accountId: A, type: 'AWS::KMS::Key', ARN: key }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: A,
      eventCategory: 'Management',
      tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'kms.us-east-1.amazonaws.com' },
    };
    out.push(JSON.stringify(record).split(/"@(?:TIME|ID)@"/));
  }
  return out;
}

function writeTrail(dir, gzip) {
  const parts = templates();
  let bytes = 0;
  const start = Date.parse('2026-09-01T00:00:00Z');
  let n = 0;
  for (let f = 0; f < FILES; f++) {
    const chunks = ['{"Records":['];
    for (let i = 0; i < PER_FILE; i++, n++) {
      const p = parts[(n * 7919) % parts.length];
      const time = new Date(start + n * 7000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const id = `"${(n + 0x10000000).toString(16)}-0000-4000-8000-${String(n).padStart(12, '0')}"`;
      chunks.push(`${i > 0 ? ',' : ''}${p[0]}"${time}"${p[1]}${id}${p[2]}${id}${p[3]}`);
    }
    chunks.push(']}');
    const text = chunks.join('');
    bytes += Buffer.byteLength(text);
    const file = path.join(dir, `${A}_CloudTrail_us-east-1_2026${String(f).padStart(4, '0')}_bench.json${gzip ? '.gz' : ''}`);
    fs.writeFileSync(file, gzip ? zlib.gzipSync(text, { level: 1 }) : text);
  }
  return bytes;
}

const CHILD = `
const { analyseTrailFiles } = require(process.argv[2]);
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[3];
const key = process.argv[4] === '-' ? undefined : process.argv[4];
const files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
const t0 = process.hrtime.bigint();
analyseTrailFiles({ files, key }).then((r) => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const report = r.kind === 'report' ? r.report : undefined;
  process.stdout.write(JSON.stringify({ ms, kind: r.kind, records: r.read.records, keys: r.kind === 'choose-key' ? r.keys.length : 1, events: report ? report.counts.events : undefined, groups: report ? report.activity.length : undefined, partial: r.read.partial, maxRssKb: process.resourceUsage().maxRSS }));
});
`;

function runChild(bundle, script, dir, key) {
  const r = spawnSync(process.execPath, [script, bundle, dir, key], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export async function run(ctx) {
  const bundle = await ctx.build('server/src/trailFiles/analyseTrails.ts', 'activity');
  const script = path.join(ctx.tempDir('activity'), 'child.cjs');
  fs.writeFileSync(script, CHILD);
  const measure = (dir, key, runs) => {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(runChild(bundle, script, dir, key));
    const best = results.reduce((a, b) => (b.ms < a.ms ? b : a));
    if (best.records !== FILES * PER_FILE || best.partial) throw new Error(`read ${best.records} records (partial: ${best.partial})`);
    return { best, maxRssMb: Math.max(...results.map((r) => r.maxRssKb)) / 1024 };
  };
  for (const gzip of [false, true]) {
    const label = gzip ? 'gzip' : 'plain';
    const dir = ctx.tempDir(gzip ? 'activity-trail-gz' : 'activity-trail');
    const t0 = Date.now();
    const bytes = writeTrail(dir, gzip);
    const onDisk = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    console.log(
      `  ${label}: ${FILES * PER_FILE} records in ${FILES} files, ${(bytes / 1048576).toFixed(0)} MiB of JSON, ${(onDisk / 1048576).toFixed(0)} MiB on disk (written in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
    // The usual run: one key (--key), so records that do not name it are counted without being read.
    const one = measure(dir, KEYS[0], RUNS);
    console.log(
      `  ${label}, one key (filtered): ${one.best.records} records, ${one.best.events} events of the key in ${one.best.groups} groups, ${(one.best.ms / 1000).toFixed(2)} s`,
    );
    ctx.record(`activity.parse.${label}`, one.best.records / (one.best.ms / 1000), 'records/s', { op: '>=', value: 100000 });
    ctx.record(`activity.memory.${label}`, one.maxRssMb, 'MB', { op: '<=', value: 200 });
    // The worst case: no key given, so every record is read and attributed to its key.
    const all = measure(dir, '-', RUNS);
    console.log(`  ${label}, no key (unfiltered): ${all.best.records} records, ${all.best.keys} keys, ${(all.best.ms / 1000).toFixed(2)} s`);
    ctx.record(`activity.parse.${label}.every-record`, all.best.records / (all.best.ms / 1000), 'records/s', { op: '>=', value: 100000 });
    ctx.record(`activity.memory.${label}.every-record`, all.maxRssMb, 'MB', { op: '<=', value: 200 });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
