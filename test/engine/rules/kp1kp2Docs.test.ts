/**
 * The rule pages of the KP1xx and KP2xx bands: one per rule, titled with code and name, and their Bad
 * example really triggers the rule while the Good one does not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES } from '../../../server/src/engine/index';
import { lint } from './ruleKit';

const DOCS = path.resolve(__dirname, '../../../../docs/rules');
const mine = ALL_RULES.filter((r) => /^KP[12]\d\d$/.test(r.code));

/** Examples that are not literal policies (a 40 KB policy does not fit on a page). */
const NOT_LITERAL = new Set(['KP115']);

function section(page: string, title: string): string {
  const start = page.indexOf(`## ${title}`);
  assert.ok(start >= 0, `no "## ${title}" section`);
  const m = /```json\n([\s\S]*?)\n```/.exec(page.slice(start));
  assert.ok(m, `no json block under ${title}`);
  return m[1] as string;
}

test('the KP1xx and KP2xx bands have 29 rules in code order', () => {
  assert.equal(mine.length, 29);
  const codes = mine.map((r) => r.code);
  assert.deepEqual(codes, [...codes].sort());
});

for (const rule of mine) {
  test(`${rule.code} has a page whose Bad example fires and Good example does not`, () => {
    const page = readFileSync(path.join(DOCS, `${rule.code}.md`), 'utf8');
    assert.equal(page.split('\n')[0], `# ${rule.code} ${rule.name}`);
    assert.match(page, /\*\*Default severity:\*\*/);
    if (NOT_LITERAL.has(rule.code)) return;
    const settings = rule.code === 'KP208' ? { context: { keySpec: 'SYMMETRIC_DEFAULT' } } : {};
    assert.ok(lint(rule, section(page, 'Bad'), settings).length > 0, 'Bad example does not fire');
    assert.deepEqual(lint(rule, section(page, 'Good'), settings), []);
  });
}
