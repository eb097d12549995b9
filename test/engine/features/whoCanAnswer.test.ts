/**
 * The answers of kmsKeyPolicy/whoCan and kmsKeyPolicy/analyze (engine/features/whoCanAnswer): who can as
 * rows and Markdown, by question or by actions, and a policy's check (counts, one-line answers, lockout).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPolicyService, policyCheck, whoCanAnswer } from '../../../server/src/engine';

const service = createPolicyService();
const ACCOUNT = '111122223333';
const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const ROOT = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
const ADMIN = {
  Sid: 'Admin',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Admin` },
  Action: 'kms:PutKeyPolicy',
  Resource: '*',
};
const APP = { Sid: 'Use', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/App` }, Action: 'kms:Decrypt', Resource: '*' };

test('a question: the direct rows, then the rows by escalation, the caveats as notes, the Markdown report', () => {
  const r = whoCanAnswer(service, service.parse(policy(ROOT, ADMIN, APP)), { question: 'decrypt' }, { account: ACCOUNT });
  assert.deepEqual(r.actions.includes('kms:Decrypt'), true);
  const rows = r.principals.map((p) => `${p.principal} ${p.kind} ${p.decision}`);
  assert.ok(rows.includes(`arn:aws:iam::${ACCOUNT}:role/App principal allow`), rows.join('\n'));
  const escalated = r.principals.filter((p) => p.kind.endsWith(' (by escalation)'));
  assert.deepEqual(escalated.map((p) => p.principal).sort(), [ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/Admin`].sort());
  assert.ok(r.notes.length > 0);
  assert.match(r.markdown, /^# Who can decrypt/);
  assert.match(r.markdown, /## By escalation/);
});

test('explicit actions: the rows and a table; kms:Decrypt when nothing is asked', () => {
  const doc = service.parse(policy(ROOT, APP));
  const r = whoCanAnswer(service, doc, { actions: ['kms:Decrypt'] }, { account: ACCOUNT });
  assert.deepEqual(r.actions, ['kms:Decrypt']);
  assert.equal(r.markdown.split('\n')[0], '# Who can kms:Decrypt');
  assert.ok(r.markdown.includes('| role App | allow | Use |'), r.markdown);
  assert.deepEqual(whoCanAnswer(service, doc, {}, { account: ACCOUNT }), r);
});

test('a policy check: counts by severity, the problems with positions, the answers, the lockout verdict', () => {
  const ok = policyCheck(service, service.parse(policy(ROOT, APP)), { account: ACCOUNT });
  assert.deepEqual([ok.errors, ok.lockout], [0, false]);
  assert.deepEqual(Object.keys(ok.summary), ['decrypt', 'administer', 'grant']);
  assert.match(ok.summary.decrypt, /role App/);
  const locked = policyCheck(service, service.parse(policy(APP)), { account: ACCOUNT });
  assert.equal(locked.lockout, true);
  assert.ok(locked.errors > 0);
  assert.ok(locked.problems.every((p) => (p.severity === 'error' || p.severity === 'warning') && p.line >= 0 && p.character >= 0));
  assert.deepEqual(locked.summary, {
    decrypt: 'not analysed (fix the errors first)',
    administer: 'not analysed (fix the errors first)',
    grant: 'not analysed (fix the errors first)',
  });
  const broken = policyCheck(service, service.parse('not a policy'), {});
  assert.deepEqual([broken.lockout, broken.summary.decrypt], [false, 'not analysed (fix the errors first)']);
});
