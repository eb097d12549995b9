import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintDocument } from '../../server/src/engine/lint';
import { parsePolicy } from '../../server/src/engine/parse/parsePolicy';
import type { DocumentRule, PolicyRule, Rule } from '../../server/src/engine/rules/types';

const doc = parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}');
const at = { offset: 0, length: 1, pointer: '' };

const plain: PolicyRule = {
  code: 'KT001',
  name: 'plain',
  severity: 'warning',
  summary: 'x',
  check: (ctx) => ctx.report({ at, message: 'plain' }),
};
const own: PolicyRule = {
  code: 'KT002',
  name: 'own-severity',
  severity: 'warning',
  summary: 'x',
  check: (ctx) => ctx.report({ at, message: 'own', severity: 'error', unnecessary: true }),
};
const broken: PolicyRule = {
  code: 'KT003',
  name: 'broken',
  severity: 'error',
  summary: 'x',
  check(ctx) {
    ctx.report({ at, message: 'before the throw' });
    throw new Error('boom');
  },
};
const whole: DocumentRule = {
  scope: 'document',
  code: 'KT004',
  name: 'whole',
  severity: 'info',
  summary: 'x',
  check: (ctx) => ctx.report({ at, message: `${ctx.doc.text.length}` }),
};
const rules: readonly Rule[] = [plain, broken, own, whole];

const summary = (settings: Parameters<typeof lintDocument>[2]): string[] =>
  lintDocument(doc, rules, settings).findings.map((f) => `${f.code} ${f.name} ${f.severity} ${f.message}`);

test('lintDocument stamps each finding with the rule that reported it, even after a rule threw', () => {
  const result = lintDocument(doc, rules, {});
  assert.deepEqual(summary({}), [
    'KT001 plain warning plain',
    'KT002 own-severity error own',
    'KT003 broken error before the throw',
    `KT004 whole info ${doc.text.length}`,
  ]);
  assert.deepEqual(
    result.failures.map((f) => f.code),
    ['KT003'],
  );
  assert.match(result.failures[0]!.error, /^boom\n/);
  assert.equal(result.findings.find((f) => f.code === 'KT002')?.unnecessary, true);
  assert.equal('fixes' in result.findings[0]!, false, 'absent optional fields stay absent');
});

test('lintDocument applies overrides by code or name: off skips the rule, a level beats the reported one', () => {
  assert.deepEqual(summary({ rules: { KT001: 'off', 'own-severity': 'hint', whole: 'error' } }), [
    'KT002 own-severity hint own',
    'KT003 broken error before the throw',
    `KT004 whole error ${doc.text.length}`,
  ]);
  assert.deepEqual(summary({ rules: { plain: 'off', KT002: 'off', KT003: 'off', KT004: 'off' } }), []);
});
