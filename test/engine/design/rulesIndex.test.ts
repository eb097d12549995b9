/**
 * rules/ holds only rules (as typescript-eslint's tests/rules/index.test.ts checks): every file there but the
 * index and the Rule contract exports exactly one rule, named for it, registered in ALL_RULES, with a page
 * under docs/rules/; and every registered rule comes from its own file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES, type Rule } from '../../../server/src/engine/index';

const ROOT = path.resolve(__dirname, '../../../..');
const SOURCES = path.join(ROOT, 'server/src/engine/rules');
const COMPILED = path.resolve(__dirname, '../../../server/src/engine/rules');
const NOT_RULES = new Set(['index.ts', 'types.ts']);

const files = readdirSync(SOURCES).filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f));

function isRule(v: unknown): v is Rule {
  return typeof v === 'object' && v !== null && typeof (v as Rule).code === 'string' && typeof (v as Rule).check === 'function';
}

/** `unknown-action` → `unknownAction`. */
function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

for (const file of files) {
  test(`rules/${file} is one registered rule with a docs page`, () => {
    // eslint-style: require the compiled module and look at what it exports.
    const exported = Object.values(require(path.join(COMPILED, file.replace(/\.ts$/, '.js'))) as Record<string, unknown>);
    const rules = exported.filter(isRule);
    assert.equal(rules.length, 1, `exports ${rules.length} rules`);
    assert.equal(exported.length, 1, 'exports something besides its rule: shared code belongs in facts/ or fixes/');
    const rule = rules[0] as Rule;
    assert.equal(file, `${camel(rule.name)}.ts`, 'the file is named for the rule');
    assert.ok(ALL_RULES.includes(rule), `${rule.code} is not in ALL_RULES`);
    assert.ok(existsSync(path.join(ROOT, 'docs/rules', `${rule.code}.md`)), `docs/rules/${rule.code}.md is missing`);
  });
}

test('every registered rule comes from its own file in rules/', () => {
  assert.equal(files.length, ALL_RULES.length);
  const named = new Set(files.map((f) => f.replace(/\.ts$/, '')));
  assert.deepEqual(
    ALL_RULES.map((r) => camel(r.name)).filter((n) => !named.has(n)),
    [],
  );
});
