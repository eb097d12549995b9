/**
 * Every rule's page (docs/rules/<CODE>.md) keeps its promises: the title line, the rule's default severity,
 * a Bad example the rule reports and a Good example it does not report. One test for the whole pack, so a new
 * rule cannot ship without a page that demonstrates it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES, createPolicyService, type PolicyContext } from '../../server/src/engine/index';

const DOCS = path.resolve(__dirname, '../../../docs/rules');

/** Pages whose Bad example cannot be written literally, and why. */
const NOT_LITERAL: Readonly<Record<string, string>> = {
  KP005: 'a byte-order mark is invisible on the page',
  KP007: 'a document over 64 KB does not fit on a page',
  KP115: 'a policy over 32 KB does not fit on a page',
};

/** Key facts some examples are written for. */
const CONTEXT: Readonly<Record<string, PolicyContext>> = {
  KP208: { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' },
};

/** The first ```json block under a `## heading`. */
function example(page: string, heading: string): string {
  const at = page.indexOf(`## ${heading}`);
  assert.ok(at >= 0, `no "## ${heading}" section`);
  const m = /```json\n([\s\S]*?)```/.exec(page.slice(at));
  assert.ok(m, `no JSON example under ${heading}`);
  return m[1] as string;
}

/**
 * Pages may show a fragment instead of a whole policy: a statement (it has an Effect) or a Condition block.
 * Fragments are placed in a minimal policy, the way the page's prose describes them.
 */
function asPolicy(example: string): string {
  const trimmed = example.trim();
  if (/^\{\s*"(Version|Id|Statement)"/.test(trimmed) || !trimmed.startsWith('{')) return example;
  const statement = /"Effect"\s*:/.test(trimmed)
    ? trimmed
    : `{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" }, "Action": "kms:Decrypt", "Resource": "*", "Condition": ${trimmed} }`;
  return `{ "Version": "2012-10-17", "Statement": [ ${statement} ] }`;
}

test('rule codes are unique and in code order', () => {
  const codes = ALL_RULES.map((r) => r.code);
  assert.deepEqual(codes, [...new Set(codes)].sort());
  const names = ALL_RULES.map((r) => r.name);
  assert.equal(new Set(names).size, names.length);
});

for (const rule of ALL_RULES) {
  test(`docs/rules/${rule.code}.md demonstrates ${rule.name}`, () => {
    const page = readFileSync(path.join(DOCS, `${rule.code}.md`), 'utf8');
    assert.equal(page.split('\n')[0], `# ${rule.code} ${rule.name}`);
    assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${rule.severity}\\b`, 'i'));
    if (NOT_LITERAL[rule.code]) return;
    const context = { account: '111122223333', region: 'us-east-1', ...CONTEXT[rule.code] };
    const service = createPolicyService({ context }, [rule]);
    const codes = (text: string): string[] => service.lint(service.parse(text)).findings.map((f) => f.code);
    assert.deepEqual(codes(asPolicy(example(page, 'Good'))), [], 'the Good example must be clean');
    assert.ok(codes(asPolicy(example(page, 'Bad'))).includes(rule.code), 'the Bad example must be reported');
  });
}
