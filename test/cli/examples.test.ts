/** The examples/ workspace through the CLI, and the key-policy JSON Schema (schemas/) on the same files. */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { ensureCliBuilt, ROOT, runCli } from './cliHarness';

interface Report {
  file: string;
  diagnostics: { code: string; name: string; severity: string; pointer: string }[];
}

const EXAMPLES = path.join(ROOT, 'examples');
const CLEAN = ['aws-default.kms.json', 'cloudtrail.kms.json', 'console-default.kms.json', 'cross-account.kms.json'];

before(ensureCliBuilt);

describe('examples/', () => {
  test('lint finds every *.kms.json (not .vscode/settings.json); the realistic ones are clean', () => {
    const r = runCli(['lint', '-f', 'json', '--account', '111122223333', '.'], { cwd: EXAMPLES });
    const reports = JSON.parse(r.stdout) as Report[];
    assert.deepEqual(
      reports.map((x) => x.file),
      [...CLEAN, 'mistakes.kms.json'],
    );
    for (const x of reports.filter((y) => CLEAN.includes(y.file))) {
      assert.deepEqual(
        x.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.code} ${d.pointer}`),
        [],
        `${x.file} has no errors or warnings`,
      );
    }
    assert.equal(r.code, 1, 'mistakes.kms.json has errors');
  });

  test('mistakes.kms.json trips the rules its README promises, at the places it names', () => {
    const r = runCli(['lint', '-f', 'json', 'mistakes.kms.json'], { cwd: EXAMPLES });
    const [report] = JSON.parse(r.stdout) as Report[];
    const found = new Set(report!.diagnostics.map((d) => `${d.name} ${d.pointer}`));
    const expected = [
      'missing-version ',
      'invalid-effect /Statement/1/Effect',
      'unknown-action /Statement/1/Action/0',
      'via-service-value /Statement/1/Condition/StringEquals/kms:ViaService',
      'duplicate-sid /Statement/3/Sid',
      'iam-group-principal /Statement/3/Principal/AWS',
      'non-kms-action /Statement/3/Action/1',
      'resource-not-this-key /Statement/3/Resource',
      'service-principal-without-source /Statement/4/Principal/Service',
      'unknown-condition-operator /Statement/4/Condition/StringEqual',
    ];
    for (const e of expected) assert.ok(found.has(e), `expected ${e}; got ${[...found].join(', ')}`);
    assert.ok(report!.diagnostics.filter((d) => d.severity === 'error').length >= 1);
    assert.equal(r.code, 1);
  });

  test('.vscode/settings.json sets the key account for the editor', () => {
    const settings = JSON.parse(fs.readFileSync(path.join(EXAMPLES, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['kmsKeyPolicy.account'], '111122223333');
  });
});

describe('schemas/key-policy.schema.json', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'key-policy.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true }).compile(schema);
  const load = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));

  test('is a valid draft-07 schema that accepts the realistic examples', () => {
    for (const f of CLEAN) assert.ok(validate(load(f)), `${f}: ${JSON.stringify(validate.errors)}`);
  });

  test('rejects structural mistakes: wrong-case Effect, unknown element, Action with NotAction, bad Principal key', () => {
    assert.equal(validate(load('mistakes.kms.json')), false);
    assert.ok(validate.errors?.some((e) => e.instancePath === '/Statement/1/Effect' && e.keyword === 'enum'));
    const base = { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'kms:Decrypt', Resource: '*' };
    const bad: unknown[] = [
      { Statement: [{ ...base, Effect: 'allow' }] },
      { Statement: [{ ...base, Actions: 'kms:Decrypt' }] },
      { Statement: [{ ...base, NotAction: 'kms:Encrypt' }] },
      { Statement: [{ ...base, Principal: { Aws: '111122223333' } }] },
      { Statement: [{ ...base, Principal: '111122223333' }] },
      { Version: '2012-10-18', Statement: [base] },
      { Version: '2012-10-17' },
    ];
    for (const doc of bad) assert.equal(validate(doc), false, JSON.stringify(doc));
    assert.equal(validate({ Version: '2012-10-17', Statement: base }), true);
  });
});
