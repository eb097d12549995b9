/**
 * Inputs far beyond the 32 KB quota (issue 15): the CLI lints any file up to its 64 MiB cap within a 1 GB heap
 * (each run here is given no more) and answers with the size error and KP007; who-can refuses such a policy.
 * The inputs are generated here, never committed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { baseEnv, CLI, ensureCliBuilt, makeTree, removeTree, runCli } from './cliHarness';

let dir: string;
before(async () => {
  await ensureCliBuilt();
  dir = makeTree({
    // Prints the process's peak resident memory (KiB on Linux) on stderr when it exits.
    'peak.js': "process.on('exit', () => process.stderr.write(`peak-rss=${process.resourceUsage().maxRSS}\\n`));\n",
  });
});
after(() => removeTree(dir));

/** `count` empty statements: the shape whose model took the most memory per byte (4 GB for 63 MB). */
function tinyStatements(count: number): string {
  return `{"Version":"2012-10-17","Statement":[{}${',{}'.repeat(count - 1)}]}`;
}

/** Runs the CLI with a 1 GB heap; returns its output and peak resident memory in MiB. */
function runBounded(args: readonly string[]): { code: number | null; stdout: string; stderr: string; peakMiB: number } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '--require', path.join(dir, 'peak.js'), CLI, ...args], {
    cwd: dir,
    env: baseEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const peak = /peak-rss=(\d+)/.exec(r.stderr);
  assert.ok(peak, `no peak reported; the CLI died: ${r.stderr.slice(0, 2000)}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/peak-rss=\d+\n/, ''), peakMiB: Number(peak[1]) / 1024 };
}

test('a 63 MB policy of tiny statements lints within a 1 GB heap: the size error and KP007, nothing else', () => {
  const file = path.join(dir, 'huge.json');
  fs.writeFileSync(file, tinyStatements(Math.ceil((63 * 1024 * 1024) / 3)));
  const bytes = fs.statSync(file).size;
  assert.ok(bytes > 63 * 1024 * 1024 && bytes < 64 * 1024 * 1024);
  const r = runBounded(['lint', '--format', 'json', 'huge.json']);
  fs.rmSync(file);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 1);
  const [report] = JSON.parse(r.stdout) as {
    file: string;
    diagnostics: { code: string; severity: string; range: { start: { line: number; character: number } }; message: string }[];
  }[];
  assert.deepEqual(
    report!.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]),
    [
      ['KP007', 'info', 0, 0],
      ['KP115', 'error', 0, 32768],
    ],
  );
  assert.match(
    report!.diagnostics[0]!.message,
    new RegExp(`^Only the JSON syntax and size of this document were checked: at ${bytes.toLocaleString('en-US')} bytes it is far beyond`),
  );
  assert.ok(r.peakMiB < 1024, `peak resident memory ${r.peakMiB.toFixed(0)} MiB`);
});

test('a 63 MB document full of syntax errors lists the first 100 and stays within the heap', () => {
  const file = path.join(dir, 'broken.json');
  fs.writeFileSync(file, `[${'x,'.repeat(33_000_000)}1]`);
  const r = runBounded(['lint', '--format', 'json', 'broken.json']);
  fs.rmSync(file);
  assert.equal(r.code, 1);
  const codes = (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }[])[0]!.diagnostics.map((d) => d.code);
  assert.deepEqual([...new Set(codes)], ['KP007', 'KP001', 'KP115']);
  assert.equal(codes.filter((c) => c === 'KP001').length, 100);
  assert.ok(r.peakMiB < 1024, `peak resident memory ${r.peakMiB.toFixed(0)} MiB`);
});

test('a large policy found in a directory is linted, not skipped for want of a model', () => {
  const tree = makeTree({ 'keys/large.json': tinyStatements(40_000), 'keys/small.json': tinyStatements(1) });
  try {
    const r = runCli(['lint', '--format', 'json', 'keys'], { cwd: tree });
    const reports = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string }[] }[];
    assert.deepEqual(
      reports.map((x) => x.file),
      ['keys/large.json', 'keys/small.json'],
    );
    assert.deepEqual(
      reports[0]!.diagnostics.map((d) => d.code),
      ['KP007', 'KP115'],
    );
  } finally {
    removeTree(tree);
  }
});

test('who-can and simulate refuse a policy too large to analyse, saying why', () => {
  fs.writeFileSync(path.join(dir, 'large.json'), tinyStatements(40_000));
  const refusal = 'The policy is 120,038 bytes, too large to analyse: the simulator reads policies of at most 65,536 bytes (KMS accepts 32,768).';
  const whoCan = runCli(['who-can', 'large.json', '--action', 'kms:Decrypt'], { cwd: dir });
  assert.equal(whoCan.code, 2);
  assert.equal(whoCan.stderr, `kms-policy who-can: ${refusal}\n`);
  const simulate = runCli(['simulate', 'large.json', '--action', 'kms:Decrypt', '--principal', 'arn:aws:iam::111122223333:root'], {
    cwd: dir,
  });
  assert.equal(simulate.code, 2);
  assert.equal(simulate.stderr, `kms-policy simulate: ${refusal}\n`);
});
