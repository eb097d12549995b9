/**
 * `lint --jobs N`: many files are linted in worker threads, and the run must be indistinguishable from a
 * one-thread run: the same reports in the same order, the same messages on stderr, the same exit status.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PARALLEL_MIN_CORES, PARALLEL_THRESHOLD, plannedJobs } from '../../server/src/cli/lintWorkers';
import { defaultPolicy, makeTree, removeTree, runCli, trailingCommaPolicy } from './cliHarness';

/** A policy that differs per file: a named role with a varying set of actions, some with mistakes. */
function variedPolicy(i: number): string {
  const actions = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'].slice(0, 1 + (i % 5));
  const policy = JSON.parse(defaultPolicy()) as { Statement: unknown[] };
  policy.Statement.push({
    Sid: `User ${i}`,
    Effect: i % 7 === 0 ? 'allow' : 'Allow',
    Principal: { AWS: `arn:aws:iam::111122223333:role/app-${i}` },
    Action: i % 11 === 0 ? [...actions, 'kms:Decrpyt'] : actions,
    Resource: '*',
  });
  return JSON.stringify(policy, null, 2);
}

describe('lint --jobs: worker threads give exactly the one-thread result', () => {
  let dir: string;
  before(() => {
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 260; i++) files[`team-${i % 4}/key-${String(i).padStart(3, '0')}.json`] = variedPolicy(i);
    files['team-1/package.json'] = '{"name": "not-a-policy"}';
    files['team-2/commas.json'] = trailingCommaPolicy();
    files['team-3/junk.json'] = Buffer.from([0x7b, 0x22, 0x53, 0x74, 0x61, 0x74, 0x65, 0x6d, 0x65, 0x6e, 0x74, 0x22, 0x00, 0xff, 0xfe]);
    dir = makeTree(files);
    fs.symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'team-0', 'dangling.json'));
  });
  after(() => removeTree(dir));

  for (const format of ['json', 'text', 'sarif']) {
    test(`--format ${format}: -j 3 and the default equal -j 1, byte for byte`, () => {
      const serial = runCli(['lint', '-f', format, '-j', '1', '.'], { cwd: dir });
      assert.equal(serial.code, 2, 'the dangling link makes it exit 2');
      assert.match(serial.stderr, /cannot read team-0\/dangling\.json: no such file or directory/);
      if (format === 'json') {
        const reports = JSON.parse(serial.stdout) as { file: string }[];
        assert.equal(reports.length, 262, 'every policy reported, package.json skipped');
        assert.ok(!reports.some((r) => r.file.endsWith('package.json')));
      }
      for (const jobs of [['-j', '3'], []]) {
        const parallel = runCli(['lint', '-f', format, ...jobs, '.'], { cwd: dir });
        assert.equal(parallel.stdout, serial.stdout);
        assert.equal(parallel.stderr, serial.stderr);
        assert.equal(parallel.code, serial.code);
      }
    });
  }

  test('--quiet and --rule reach the workers', () => {
    const args = ['lint', '-f', 'json', '--quiet', '--rule', 'KP201=off', '.'];
    const serial = runCli([...args, '-j', '1'], { cwd: dir });
    const parallel = runCli([...args, '-j', '2'], { cwd: dir });
    assert.equal(parallel.stdout, serial.stdout);
    const codes = new Set(
      (JSON.parse(parallel.stdout) as { diagnostics: { code: string; severity: string }[] }[]).flatMap((r) =>
        r.diagnostics.map((d) => `${d.code}/${d.severity}`),
      ),
    );
    assert.ok(codes.size > 0);
    assert.ok(![...codes].some((c) => c.startsWith('KP201/') || !c.endsWith('/error')), [...codes].join(' '));
  });

  test('a bad --jobs value is a usage error', () => {
    for (const bad of ['0', 'two', '65']) {
      const r = runCli(['lint', '-j', bad, '.'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--jobs must be a whole number from 1 to 64/);
    }
  });
});

describe('plannedJobs: how many threads a run gets', () => {
  test('by default one per core from 200 files on, only with 4 or more cores; --jobs decides otherwise; never more than batches', () => {
    assert.equal(PARALLEL_MIN_CORES, 4);
    assert.equal(plannedJobs(5000, undefined, 2), 1, 'two cores: one thread');
    assert.equal(plannedJobs(5000, undefined, 4), 4);
    assert.equal(plannedJobs(5000, undefined, 8), 8);
    assert.equal(plannedJobs(PARALLEL_THRESHOLD - 1, undefined, 8), 1, 'few files: one thread');
    assert.equal(plannedJobs(5000, 2, 2), 2, '--jobs overrides the core rule');
    assert.equal(plannedJobs(5000, 1, 8), 1);
    assert.equal(plannedJobs(40, 16, 8), 2, 'no more threads than batches of files');
    assert.equal(plannedJobs(0, 4, 8), 1);
  });
});
