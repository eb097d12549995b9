/** Which files `kms-policy lint` reads: directory search, unreadable paths, and inputs that must not crash it. */
import { before, after, describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readText } from '../../server/src/cli/files';
import { defaultPolicy, ensureCliBuilt, makeTree, removeTree, runCli, trailingCommaPolicy } from './cliHarness';

interface Report {
  file: string;
  diagnostics: { code: string; severity: string }[];
}
const parse = (stdout: string): Report[] => JSON.parse(stdout) as Report[];
const files = (stdout: string): string[] => parse(stdout).map((r) => r.file.split(path.sep).join('/'));

before(ensureCliBuilt);

describe('directories', () => {
  let dir: string;
  before(() => {
    dir = makeTree({
      'policies/app.kms.json': defaultPolicy(),
      'policies/nested/deeper/broken.json': trailingCommaPolicy(),
      'policies/nested/UPPER.JSON': defaultPolicy('444455556666'),
      'policies/package.json': '{ "name": "not-a-policy", "version": "1.0.0" }\n',
      'policies/tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
      'policies/statement-inside.json': '{ "Policy": { "Statement": [] } }\n',
      'policies/readme.txt': '{ "Statement": [] }\n',
      'policies/node_modules/dep/policy.json': trailingCommaPolicy(),
      'policies/.git/policy.json': trailingCommaPolicy(),
      'policies/.vscode/settings.json': '{ "Statement": "looks like a policy but lives in a dot-folder" }\n',
      'other/solo.json': defaultPolicy(),
    });
  });
  after(() => removeTree(dir));

  test('searched recursively, in name order; non-policy JSON, other extensions, node_modules and dot-folders skipped', () => {
    const r = runCli(['lint', '-f', 'json', 'policies'], { cwd: dir });
    assert.deepEqual(files(r.stdout), ['policies/app.kms.json', 'policies/nested/UPPER.JSON', 'policies/nested/deeper/broken.json']);
    assert.deepEqual(
      parse(r.stdout)[2]?.diagnostics.map((d) => d.code),
      ['KP003', 'KP003'],
    );
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
  });

  test('several arguments, a file named twice is linted once, and . works', () => {
    const r = runCli(['lint', '-f', 'json', 'other', 'other/solo.json', 'policies/app.kms.json'], { cwd: dir });
    assert.deepEqual(files(r.stdout), ['other/solo.json', 'policies/app.kms.json']);
    assert.equal(r.code, 0);
    const all = runCli(['lint', '-f', 'json', '.'], { cwd: path.join(dir, 'other') });
    assert.deepEqual(files(all.stdout), ['solo.json']);
  });

  test('a file named explicitly is linted even when it is not a policy', () => {
    const r = runCli(['lint', '-f', 'json', 'policies/package.json', 'policies/readme.txt'], { cwd: dir });
    assert.deepEqual(files(r.stdout), ['policies/package.json', 'policies/readme.txt']);
    const list = runCli(['lint', '-f', 'json', 'policies/statement-inside.json'], { cwd: path.join(dir) });
    assert.deepEqual(files(list.stdout), ['policies/statement-inside.json']);
  });

  test('a directory with no policies is an input failure (exit 2)', () => {
    const empty = makeTree({ 'package.json': '{}' });
    try {
      const r = runCli(['lint', '.'], { cwd: empty });
      assert.equal(
        r.stderr,
        'kms-policy: no key policies found in . (looked for *.json files with a top-level "Statement" and templates that declare KMS keys)\n',
      );
      assert.equal(r.code, 2);
    } finally {
      removeTree(empty);
    }
  });

  test('paths outside the working directory are shown absolute', () => {
    const r = runCli(['lint', '-f', 'json', path.join(dir, 'other')], { cwd: path.join(dir, 'policies') });
    assert.deepEqual(
      parse(r.stdout).map((x) => x.file),
      [path.join(dir, 'other', 'solo.json')],
    );
  });
});

describe('unreadable inputs are reported and the others still linted', () => {
  let dir: string;
  before(() => {
    dir = makeTree({ 'ok.json': trailingCommaPolicy(), 'tree/good.json': defaultPolicy() });
    fs.symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'tree', 'dangling.json'));
    fs.symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'dangling.json'));
  });
  after(() => removeTree(dir));

  test('a path that does not exist: exit 2, message on stderr, other files linted', () => {
    const r = runCli(['lint', 'missing.json', 'ok.json'], { cwd: dir });
    assert.equal(r.stderr, 'kms-policy: cannot read missing.json: no such file or directory\n');
    assert.match(r.stdout, /^ok\.json:12:22 {2}error {2}KP003 {2}/);
    assert.equal(r.code, 2);
  });

  test('a dangling symlink named explicitly or found in a directory', () => {
    const r = runCli(['lint', '-f', 'json', 'dangling.json', 'tree'], { cwd: dir });
    assert.equal(
      r.stderr,
      `kms-policy: cannot read dangling.json: no such file or directory\nkms-policy: cannot read ${path.join('tree', 'dangling.json')}: no such file or directory\n`,
    );
    assert.deepEqual(files(r.stdout), ['tree/good.json']);
    assert.equal(r.code, 2);
  });

  test('exit 2 wins over findings, and the JSON output stays well-formed', () => {
    const r = runCli(['lint', '-f', 'json', 'ok.json', 'missing.json'], { cwd: dir });
    assert.deepEqual(files(r.stdout), ['ok.json']);
    assert.equal(r.code, 2);
  });
});

describe('inputs that must never crash it', () => {
  let dir: string;
  before(() => {
    // 10 MB in one condition list: the size a runaway generator produces. (Statement-heavy documents of that
    // size also never crash it, but some simulator-backed rules take tens of seconds on them.)
    const arns = Array.from({ length: 200000 }, (_, i) => `arn:aws:iam::111122223333:role/generated-role-${i}`);
    const statements = [
      { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Many',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalArn': arns } },
      },
    ];
    const junk = Buffer.alloc(2 * 1024 * 1024);
    let seed = 42;
    for (let i = 0; i < junk.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      junk[i] = seed >> 16;
    }
    dir = makeTree({
      'huge.json': JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2),
      'junk.json': junk,
      'deep.json': '['.repeat(200000) + ']'.repeat(200000),
      'deep-policy.json': `{"Statement": ${'['.repeat(100000)}`,
      'utf16.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(defaultPolicy(), 'utf16le')]),
    });
  });
  after(() => removeTree(dir));

  test('a 10 MB policy is linted', () => {
    assert.ok(fs.statSync(path.join(dir, 'huge.json')).size > 10 * 1024 * 1024);
    const r = runCli(['lint', '-f', 'json', 'huge.json'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.deepEqual(files(r.stdout), ['huge.json']);
    assert.ok(
      parse(r.stdout)[0]?.diagnostics.some((d) => d.code === 'KP115'),
      'reported as over the 32 KB quota',
    );
    assert.equal(r.code, 1);
  });

  test('binary junk, runaway nesting and UTF-16 text become KP001 findings', () => {
    const r = runCli(['lint', '-f', 'json', 'junk.json', 'deep.json', 'deep-policy.json', 'utf16.json'], { cwd: dir });
    assert.equal(r.stderr, '');
    const reports = parse(r.stdout);
    assert.deepEqual(
      reports.map((x) => x.file),
      ['junk.json', 'deep.json', 'deep-policy.json', 'utf16.json'],
    );
    for (const x of reports)
      assert.ok(
        x.diagnostics.some((d) => d.code === 'KP001' && d.severity === 'error'),
        `${x.file} has KP001`,
      );
    assert.equal(r.code, 1);
  });

  test('text output of binary junk keeps one finding per line', () => {
    const r = runCli(['lint', 'junk.json'], { cwd: dir });
    const lines = r.stdout.trimEnd().split('\n');
    const findings = lines.filter((l) => l.startsWith('junk.json:'));
    assert.ok(findings.length >= 1);
    for (const l of findings) assert.match(l, /^junk\.json:\d+:\d+ {2}(error|warning|info|hint) {2}KP\d{3} {2}\S/);
    assert.equal(r.code, 1);
  });
});

describe('readText', () => {
  let dir: string;
  before(() => {
    dir = makeTree({ 'policy.kms.json': defaultPolicy(), 'empty.json': '', 'folder.json/inside.json': '{}' });
  });
  after(() => removeTree(dir));

  test('reads a file exactly, an empty file as empty text, and refuses a directory or a missing path', () => {
    assert.deepEqual(readText(path.join(dir, 'policy.kms.json')), { text: defaultPolicy() });
    assert.deepEqual(readText(path.join(dir, 'empty.json')), { text: '' });
    assert.deepEqual(readText(path.join(dir, 'folder.json')), { error: 'is a directory' });
    assert.deepEqual(readText(path.join(dir, 'missing.json')), { error: 'no such file or directory' });
  });

  test('refuses what is not a regular file without blocking on it: a named pipe, a device', { skip: process.platform === 'win32' }, () => {
    const fifo = path.join(dir, 'pipe.json');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    assert.deepEqual(readText(fifo), { error: 'is a named pipe (FIFO), not a regular file' });
    assert.deepEqual(readText('/dev/null'), { error: 'is a character device, not a regular file' });
  });

  test('reads past a size of 0 (files the kernel sizes as empty, such as Linux /proc files)', () => {
    const read = readText('/proc/self/status');
    assert.ok('text' in read && read.text.includes('Name:'), 'the whole file was read');
  });
});
