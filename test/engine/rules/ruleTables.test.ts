/**
 * Every rule has a table (typescript-eslint's tests/rules/index.test.ts): each code in ALL_RULES is passed to
 * `ruleTester` by some test file here, and the tester itself refuses a table without a valid and an invalid
 * case. The files are read as source, so a rule whose table is missing is named, whatever runs first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES } from '../../../server/src/engine/index';

const SOURCES = path.resolve(__dirname, '../../../../test/engine/rules');

/** The rule codes each test file gives a table, by file name. */
function tables(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(SOURCES).filter((f) => f.endsWith('.test.ts'))) {
    const source = readFileSync(path.join(SOURCES, file), 'utf8');
    const codes = [...source.matchAll(/\bruleTester\(\s*'(KP\d{3})'/g)].map((m) => m[1] as string);
    if (codes.length > 0) out.set(file, codes);
  }
  return out;
}

test('every rule in ALL_RULES has a table of valid and invalid cases', () => {
  const covered = new Set([...tables().values()].flat());
  const missing = ALL_RULES.filter((r) => !covered.has(r.code)).map((r) => `${r.code} ${r.name}`);
  assert.deepEqual(missing, [], `rules without a ruleTester table: ${missing.join(', ')}`);
});

test('each rule has one table, and every table names a rule', () => {
  const codes = new Set(ALL_RULES.map((r) => r.code));
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const [file, list] of tables()) {
    for (const code of list) {
      if (!codes.has(code)) problems.push(`${file}: ${code} is not a rule`);
      const first = seen.get(code);
      if (first) problems.push(`${code} has tables in ${first} and ${file}`);
      else seen.set(code, file);
    }
  }
  assert.deepEqual(problems, []);
});
