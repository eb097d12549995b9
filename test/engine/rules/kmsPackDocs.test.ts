/**
 * The rule pages of the KP5xx pack (docs/rules/KP5nn.md) keep their promises: each has the title line, the
 * default severity of its rule, and a Bad example the rule reports and a Good example it does not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES, createPolicyService } from '../../../server/src/engine/index';

const DOCS = path.resolve(__dirname, '../../../../docs/rules');
const PACK = ALL_RULES.filter((r) => /^KP5\d\d$/.test(r.code));
const SEVERITY: Record<string, string> = { error: 'Error', warning: 'Warning', info: 'Info', hint: 'Hint' };

/** The first ```json block after the heading. */
function example(page: string, heading: string): string {
  const at = page.indexOf(`## ${heading}`);
  assert.ok(at >= 0, `no "## ${heading}" section`);
  const m = /```json\n([\s\S]*?)```/.exec(page.slice(at));
  assert.ok(m, `no JSON example under ${heading}`);
  return m[1] as string;
}

for (const rule of PACK) {
  test(`docs/rules/${rule.code}.md matches ${rule.name}`, () => {
    const page = readFileSync(path.join(DOCS, `${rule.code}.md`), 'utf8');
    assert.equal(page.split('\n')[0], `# ${rule.code} ${rule.name}`);
    assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${SEVERITY[rule.severity]}`));
    const service = createPolicyService({ context: { account: '111122223333', region: 'us-east-1' } }, [rule]);
    const codes = (text: string): string[] => service.lint(service.parse(text)).findings.map((f) => f.code);
    const good = example(page, 'Good');
    assert.doesNotThrow(() => JSON.parse(good));
    assert.deepEqual(codes(good), [], 'the Good example must be clean');
    assert.ok(codes(example(page, 'Bad')).includes(rule.code), 'the Bad example must be reported');
  });
}
