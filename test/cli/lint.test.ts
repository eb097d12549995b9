/** `kms-policy lint` end to end: the built dist/cli.js, its formats, options and exit statuses. */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES, createPolicyService } from '../../server/src/engine';
import { baseEnv, CLI, defaultPolicy, ensureCliBuilt, makeTree, removeTree, ROOT, runCli, trailingCommaPolicy } from './cliHarness';

/** The engine's own message for a trailing comma, so these tests pin the CLI's formatting, not the wording. */
const commaMessage = (): string => {
  const service = createPolicyService();
  const found = service.lint(service.parse(trailingCommaPolicy())).findings.find((f) => f.code === 'KP003');
  assert.ok(found, 'the engine reports KP003 for a trailing comma');
  return found.message;
};

let dir: string;
before(async () => {
  await ensureCliBuilt();
  dir = makeTree({
    'good.json': defaultPolicy(),
    'commas.json': trailingCommaPolicy(),
    'array.json': '[1, 2]\n',
  });
});
after(() => removeTree(dir));

describe('text format', () => {
  test('a clean policy prints nothing and exits 0', () => {
    const r = runCli(['lint', 'good.json'], { cwd: dir });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0);
  });

  test('findings print as file:line:col  severity  CODE  message with 1-based positions, then a summary; exit 1', () => {
    const r = runCli(['lint', 'commas.json', 'good.json'], { cwd: dir });
    const m = commaMessage();
    assert.equal(r.stdout, `commas.json:12:22  error  KP003  ${m}\ncommas.json:13:6  error  KP003  ${m}\n\n2 problems (2 errors, 0 warnings) in 1 file\n`);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
  });

  test('no colour when not a terminal; --color and FORCE_COLOR turn it on; NO_COLOR and --no-color win', () => {
    const plain = runCli(['lint', 'array.json'], { cwd: dir });
    assert.doesNotMatch(plain.stdout, /\u001b\[/);
    const forced = runCli(['lint', '--color', 'array.json'], { cwd: dir });
    assert.match(forced.stdout, /^\u001b\[1marray\.json:1:1\u001b\[22m {2}\u001b\[31merror\u001b\[39m {2}\u001b\[2mKP006\u001b\[22m {2}/);
    assert.match(runCli(['lint', 'array.json'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[31merror/);
    assert.doesNotMatch(runCli(['lint', 'array.json'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\u001b\[/);
    assert.doesNotMatch(runCli(['lint', '--no-color', 'array.json'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[/);
  });

  test('colours on a real terminal unless NO_COLOR is set', () => {
    // util-linux `script` gives the program a pseudo-terminal as stdout.
    const inTty = (env: Record<string, string>): string =>
      runInTerminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} lint array.json`, dir, env);
    assert.match(inTty({}), /\u001b\[31merror\u001b\[39m/);
    assert.doesNotMatch(inTty({ NO_COLOR: '1' }), /\u001b\[/);
  });
});

describe('json format', () => {
  test('prints exactly [{file, diagnostics:[{code,name,severity,message,pointer,range}]}] with 0-based ranges', () => {
    const r = runCli(['lint', '--format', 'json', 'commas.json', 'good.json'], { cwd: dir });
    assert.equal(r.code, 1);
    const m = commaMessage();
    const comma = (line: number, character: number) => ({
      code: 'KP003',
      name: 'no-trailing-comma',
      severity: 'error',
      message: m,
      pointer: '',
      range: { start: { line, character }, end: { line, character: character + 1 } },
    });
    assert.deepEqual(JSON.parse(r.stdout), [
      { file: 'commas.json', diagnostics: [comma(11, 21), comma(12, 5)] },
      { file: 'good.json', diagnostics: [] },
    ]);
  });

  test('pointer names the offending node', () => {
    const r = runCli(['lint', '-f', 'json', 'array.json'], { cwd: dir });
    const [file] = JSON.parse(r.stdout) as [{ diagnostics: { code: string; pointer: string }[] }];
    assert.deepEqual(
      file.diagnostics.map((d) => [d.code, d.pointer]),
      [['KP006', '']],
    );
  });
});

describe('standard input', () => {
  test('- reads stdin; --stdin-filename names it', () => {
    const r = runCli(['lint', '-f', 'json', '--stdin-filename', 'alias-app.json', '-'], { input: trailingCommaPolicy() });
    const reports = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string }[] }[];
    assert.deepEqual(
      reports.map((x) => [x.file, x.diagnostics.map((d) => d.code)]),
      [['alias-app.json', ['KP003', 'KP003']]],
    );
    assert.equal(r.code, 1);
  });

  test('a clean policy on stdin exits 0; empty stdin is a finding, not a crash', () => {
    assert.equal(runCli(['lint', '-'], { input: defaultPolicy() }).code, 0);
    const r = runCli(['lint', '-f', 'json', '-'], { input: '' });
    assert.deepEqual(
      (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }[])[0]?.diagnostics.map((d) => d.code),
      ['KP001'],
    );
    assert.equal(r.code, 1);
  });
});

describe('--rule, --max-warnings, --quiet', () => {
  test('--rule CODE=off silences a rule; by name too', () => {
    assert.equal(runCli(['lint', '--rule', 'KP003=off', 'commas.json'], { cwd: dir }).code, 0);
    const r = runCli(['lint', '--rule=no-trailing-comma=off', 'commas.json'], { cwd: dir });
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0);
  });

  test('--rule CODE=warning changes the severity and the exit status', () => {
    const r = runCli(['lint', '--rule', 'kp003=warning', 'commas.json'], { cwd: dir });
    assert.match(r.stdout, /^commas\.json:12:22 {2}warning {2}KP003 {2}/);
    assert.match(r.stdout, /2 problems \(0 errors, 2 warnings\) in 1 file\n$/);
    assert.equal(r.code, 0);
  });

  test('--max-warnings N fails when there are more than N warnings', () => {
    const over = runCli(['lint', '--rule', 'KP003=warning', '--max-warnings', '1', 'commas.json'], { cwd: dir });
    assert.equal(over.code, 1);
    assert.equal(over.stderr, 'kms-policy: 2 warnings found; --max-warnings allows 1\n');
    assert.equal(runCli(['lint', '--rule', 'KP003=warning', '--max-warnings', '2', 'commas.json'], { cwd: dir }).code, 0);
    assert.equal(runCli(['lint', '--rule', 'KP003=warning', '--max-warnings', '0', 'good.json'], { cwd: dir }).code, 0);
  });

  test('--quiet reports errors only, and hidden warnings do not count', () => {
    const r = runCli(['lint', '--quiet', '--rule', 'KP003=warning', '--max-warnings', '0', '-f', 'json', 'commas.json', 'array.json'], {
      cwd: dir,
    });
    const reports = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; severity: string }[] }[];
    assert.deepEqual(
      reports.map((x) => [x.file, x.diagnostics.map((d) => `${d.code}:${d.severity}`)]),
      [
        ['commas.json', []],
        ['array.json', ['KP006:error']],
      ],
    );
    assert.equal(r.code, 1);
    assert.equal(runCli(['lint', '-q', '--rule', 'KP003=warning', '--max-warnings', '0', 'commas.json'], { cwd: dir }).code, 0);
  });
});

describe('usage errors exit 2 with a clear message', () => {
  const cases: [string[], string][] = [
    [['lint'], 'kms-policy lint: no input: name policy files or directories, or - for standard input'],
    [['lint', '--format', 'xml', 'good.json'], "kms-policy lint: --format must be one of text, json, sarif (got 'xml')"],
    [['lint', '--rule', 'KP999=off', 'good.json'], "kms-policy lint: --rule: unknown rule 'KP999' (run 'kms-policy rules' to list them)"],
    [['lint', '--rule', 'KP003', 'good.json'], "kms-policy lint: --rule needs CODE=off|hint|info|warning|error (got 'KP003')"],
    [['lint', '--rule', 'KP003=loud', 'good.json'], "kms-policy lint: --rule needs CODE=off|hint|info|warning|error (got 'KP003=loud')"],
    [['lint', '--max-warnings', '-1', 'good.json'], "kms-policy lint: --max-warnings must be a whole number of at least 0 (got '-1')"],
    [['lint', '--max-warnings'], 'kms-policy lint: option --max-warnings needs a value (N)'],
    [['lint', '--account', '1234', 'good.json'], "kms-policy lint: --account must be a 12-digit AWS account id (got '1234')"],
    [['lint', '--region', 'Virginia', 'good.json'], "kms-policy lint: --region must be a Region name such as us-east-1 (got 'Virginia')"],
    [['lint', '--frmat', 'json', 'good.json'], 'kms-policy lint: unknown option --frmat (did you mean --format?)'],
    [['lint', '--verbose', 'good.json'], 'kms-policy lint: unknown option --verbose'],
    [['lint', '--form', 'json', 'good.json'], 'kms-policy lint: unknown option --form (did you mean --format?)'],
    [['lint', '--quiet=yes', 'good.json'], 'kms-policy lint: option --quiet does not take a value'],
  ];
  for (const [args, message] of cases) {
    test(args.join(' '), () => {
      const r = runCli(args, { cwd: dir });
      assert.equal(r.stderr, `${message}\nRun 'kms-policy lint --help' for usage.\n`);
      assert.equal(r.stdout, '');
      assert.equal(r.code, 2);
    });
  }

  test('an unknown command', () => {
    const r = runCli(['lnt', 'good.json'], { cwd: dir });
    assert.match(r.stderr, /^kms-policy: unknown command 'lnt' \(commands: lint, simulate, who-can, diff, activity, rules\)\n/);
    assert.equal(r.code, 2);
  });

  test('no command prints the help on stderr', () => {
    const r = runCli([]);
    assert.match(r.stderr, /^Usage: kms-policy <command> \[options\]/);
    assert.equal(r.code, 2);
  });
});

describe('help, version, rules', () => {
  test('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = runCli(['--version']);
    assert.equal(r.stdout, `${pkg.version}\n`);
    assert.equal(r.code, 0);
  });

  test('lint --help lists every option and exits 0', () => {
    const r = runCli(['lint', '--help']);
    assert.equal(r.code, 0);
    for (const opt of ['--format', '--rule', '--max-warnings', '--quiet', '--account', '--region', '--key-spec', '--stdin-filename']) {
      assert.ok(r.stdout.includes(opt), `help mentions ${opt}`);
    }
    assert.equal(runCli(['help', 'lint']).stdout, r.stdout);
  });

  test('rules --format json lists the engine rule pack', () => {
    const r = runCli(['rules', '--format', 'json']);
    assert.equal(r.code, 0);
    const rules = JSON.parse(r.stdout) as { code: string; name: string; severity: string }[];
    assert.deepEqual(
      rules.map((x) => x.code),
      ALL_RULES.map((x) => x.code),
    );
    assert.ok(rules.some((x) => x.code === 'KP003' && x.name === 'no-trailing-comma' && x.severity === 'error'));
  });
});

describe('key context options reach the engine', () => {
  test('--account, --region and --key-spec are accepted and linting still works', () => {
    const r = runCli(['lint', '--account', '111122223333', '--region', 'eu-west-1', '--key-spec', 'SYMMETRIC_DEFAULT', 'good.json'], {
      cwd: dir,
    });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });
});

/** Runs a shell command under a pseudo-terminal and returns what it printed. */
function runInTerminal(command: string, cwd: string, env: Record<string, string>): string {
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, env: baseEnv({ TERM: 'xterm', ...env }), encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.stdout;
}
