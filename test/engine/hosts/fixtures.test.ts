/**
 * Real templates and Terraform configurations (test/fixtures/iac, sources in its SOURCES.md): every key is found
 * and every finding is the one reviewed by hand (expected.json; its judgements are in SOURCES.md). A change in
 * what the engine says about a real file fails here until it is reviewed again: rerun with UPDATE_IAC_EXPECTED=1
 * to rewrite expected.json, then read its diff.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isHostDocument, type PolicyService } from '../../../server/src/engine';
import { terraformService } from './terraformGrammar';

const DIR = path.resolve(__dirname, '../../../../test/fixtures/iac');
const EXPECTED = path.join(DIR, 'expected.json');

let service: PolicyService;
before(async () => {
  service = await terraformService();
});

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : /\.(ya?ml|json|template|tf)$/.test(name) && name !== 'expected.json' ? [full] : [];
    });
}

/** What the engine says about one file: its keys and its findings (line:column code resource). */
function reading(file: string): { keys: string[]; findings: string[] } {
  const text = readFileSync(file, 'utf8');
  // file() and templatefile() read beside the .tf, as the front doors do.
  const doc = service.parse(text, file, {
    readFile: (p) => (existsSync(path.resolve(path.dirname(file), p)) ? readFileSync(path.resolve(path.dirname(file), p), 'utf8') : undefined),
  });
  assert.ok(isHostDocument(doc), `${file} is read as a template`);
  const keys = service
    .keys(doc)
    .map((k) => `${k.id} ${k.type} ${k.origin}${k.openLabel ? ` «${k.openLabel}»` : ''}${k.openValues.length ? ` open:${k.openValues.length}` : ''}`);
  const lint = service.lint(doc) as ReturnType<PolicyService['lint']> & {
    keys?: { key: { resource: { id: string } }; findings: { code: string; at: { offset: number } }[] }[];
  };
  const findings = (lint.keys ?? []).flatMap((k) =>
    k.findings.map((f) => {
      const p = doc.positionAt(f.at.offset);
      return `${p.line + 1}:${p.character + 1} ${f.code} ${k.key.resource.id}`;
    }),
  );
  return { keys, findings };
}

test('the fixtures: at least 30 templates and 30 Terraform configurations from public sources', () => {
  const all = files(DIR).map((f) => path.relative(DIR, f));
  assert.ok(all.filter((f) => f.startsWith('cloudformation/')).length >= 30);
  assert.ok(all.filter((f) => f.startsWith('terraform/')).length >= 30);
  const sources = readFileSync(path.join(DIR, 'SOURCES.md'), 'utf8');
  for (const f of all) assert.ok(sources.includes(`\`${f}\``), `${f} is listed in SOURCES.md`);
});

test('every key and every finding of the real files is the reviewed one', () => {
  const actual = Object.fromEntries(files(DIR).map((f) => [path.relative(DIR, f), reading(f)]));
  if (process.env['UPDATE_IAC_EXPECTED']) writeFileSync(EXPECTED, `${JSON.stringify(actual, null, 1)}\n`);
  const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as typeof actual;
  assert.deepEqual(actual, expected);
  // Each file declares at least one key; none is lost.
  for (const [f, r] of Object.entries(actual)) assert.ok(r.keys.length > 0, `${f} has a key`);
});
