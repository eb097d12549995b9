/**
 * The rule pages of the KP6xx pack (docs/rules/KP6nn.md) keep their promises: the title line, the default
 * severity of the rule, and a Bad example the rule reports and a Good example it does not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES, createPolicyService } from '../../../server/src/engine/index';

const DOCS = path.resolve(__dirname, '../../../../docs/rules');
const PACK = ALL_RULES.filter((r) => /^KP6\d\d$/.test(r.code));
const SEVERITY: Record<string, string> = { error: 'Error', warning: 'Warning', info: 'Info', hint: 'Hint' };

function example(page: string, heading: string): string {
  const at = page.indexOf(`## ${heading}`);
  assert.ok(at >= 0, `no "## ${heading}" section`);
  const m = /```json\n([\s\S]*?)```/.exec(page.slice(at));
  assert.ok(m, `no JSON example under ${heading}`);
  return m[1] as string;
}

test('the KP6xx pack has its six rules in code order', () => {
  assert.deepEqual(PACK.map((r) => `${r.code} ${r.name}`), [
    'KP600 public-key',
    'KP601 key-policy-lockout',
    'KP602 fragile-key-admin',
    'KP603 no-account-delegation',
    'KP604 allow-shadowed-by-deny',
    'KP605 deny-never-matches',
  ]);
});

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
