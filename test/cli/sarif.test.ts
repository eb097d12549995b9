/** `kms-policy lint --format sarif`: valid SARIF 2.1.0 (checked with ajv against the OASIS schema) that GitHub code scanning can read. */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { ALL_RULES } from '../../server/src/engine';
import { defaultPolicy, ensureCliBuilt, makeTree, removeTree, ROOT, runCli, trailingCommaPolicy } from './cliHarness';

/** The schema's formats, checked for real rather than ignored. */
function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'cli', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s) && isUriReference(s));
  ajv.addFormat('uri-reference', isUriReference);
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}

/** RFC 3986 URI-reference: only unreserved, reserved and well-formed percent-encoded characters. */
function isUriReference(s: string): boolean {
  return /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(s);
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
}
interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: { id: string; name: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[];
      };
    };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
    results: SarifResult[];
  }[];
}

let dir: string;
let validate: ValidateFunction;
before(async () => {
  await ensureCliBuilt();
  validate = sarifValidator();
  dir = makeTree({
    'keys/commas.kms.json': trailingCommaPolicy(),
    'keys/with space.json': '[]\n',
    'keys/good.json': defaultPolicy(),
  });
});
after(() => removeTree(dir));

const assertValid = (log: unknown): void => {
  assert.ok(validate(log), `SARIF schema errors: ${JSON.stringify(validate.errors, null, 2)}`);
};

describe('SARIF output', () => {
  test('is valid SARIF 2.1.0 with the tool, every rule and one result per finding', () => {
    const r = runCli(['lint', '--format', 'sarif', 'keys'], { cwd: dir });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as SarifLog;
    assertValid(log);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0]!;
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(run.tool.driver.name, 'kms-policy');
    assert.equal(run.tool.driver.version, pkg.version);
    assert.match(run.tool.driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      run.tool.driver.rules.map((x) => x.id),
      ALL_RULES.map((x) => x.code),
    );
    const kp003 = run.tool.driver.rules.find((x) => x.id === 'KP003')!;
    assert.equal(kp003.name, 'no-trailing-comma');
    assert.equal(kp003.defaultConfiguration.level, 'error');
    assert.match(kp003.helpUri, /\/KP003\.md$/);
    assert.ok(kp003.shortDescription.text.length > 0);

    const results = run.results.map((x) => [x.ruleId, x.level, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region]);
    assert.deepEqual(results, [
      ['KP003', 'error', 'keys/commas.kms.json', { startLine: 12, startColumn: 22, endLine: 12, endColumn: 23 }],
      ['KP003', 'error', 'keys/commas.kms.json', { startLine: 13, startColumn: 6, endLine: 13, endColumn: 7 }],
    ]);
    for (const x of run.results) assert.equal(run.tool.driver.rules[x.ruleIndex]!.id, x.ruleId);
    assert.equal(run.invocations[0]!.executionSuccessful, true);
  });

  test('file names are URI-encoded; warnings and infos map to SARIF levels', () => {
    const r = runCli(['lint', '-f', 'sarif', '--rule', 'KP006=info', 'keys/with space.json'], { cwd: dir });
    const log = JSON.parse(r.stdout) as SarifLog;
    assertValid(log);
    const [result] = log.runs[0]!.results;
    assert.equal(result!.locations[0]!.physicalLocation.artifactLocation.uri, 'keys/with%20space.json');
    assert.equal(result!.ruleId, 'KP006');
    assert.equal(result!.level, 'note');
    assert.equal(r.code, 0);
    const warn = JSON.parse(runCli(['lint', '-f', 'sarif', '--rule', 'KP006=warning', 'keys/with space.json'], { cwd: dir }).stdout) as SarifLog;
    assert.equal(warn.runs[0]!.results[0]!.level, 'warning');
  });

  test('a clean run is valid with no results; stdin and an unreadable file stay valid', () => {
    const clean = JSON.parse(runCli(['lint', '-f', 'sarif', 'keys/good.json'], { cwd: dir }).stdout) as SarifLog;
    assertValid(clean);
    assert.deepEqual(clean.runs[0]!.results, []);

    const r = runCli(['lint', '-f', 'sarif', '-', 'missing.json'], { cwd: dir, input: '{' });
    const log = JSON.parse(r.stdout) as SarifLog;
    assertValid(log);
    assert.equal(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, '%3Cstdin%3E');
    assert.equal(log.runs[0]!.invocations[0]!.executionSuccessful, false);
    assert.deepEqual(
      log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text),
      ['cannot read missing.json: no such file or directory'],
    );
    assert.equal(r.code, 2);
  });

  test('the validator rejects a broken log (the check can fail)', () => {
    const log = JSON.parse(runCli(['lint', '-f', 'sarif', 'keys/commas.kms.json'], { cwd: dir }).stdout) as SarifLog;
    const broken = structuredClone(log) as unknown as {
      runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    assert.equal(validate(broken), false);
    const badUri = structuredClone(log);
    badUri.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'keys/with space.json';
    assert.equal(validate(badUri), false);
  });
});
