/**
 * Documents far beyond the 32 KB quota (issue 15): over MAX_ANALYSED_BYTES they are read for their structure
 * only, with no tree and no model, so memory stays that of the text; only the document rules run, KP007 says
 * so, and the simulator refuses them rather than answer for no statements.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPolicyService, MAX_ANALYSED_BYTES, SimulationInputError } from '../../server/src/engine';
import { MAX_STRUCTURE_PROBLEMS, readJson, readStructure } from '../../server/src/engine/parse/syntax';

const service = createPolicyService({ context: { account: '111122223333' } });

/** A policy of `bytes` UTF-8 bytes: empty statements (`{}`), padded with spaces to the exact size. */
function tinyStatements(bytes: number): string {
  const head = '{"Version":"2012-10-17","Statement":[{}';
  const count = Math.floor((bytes - head.length - 2) / 3);
  const text = `${head}${',{}'.repeat(count)}]}`;
  return text.replace('{"Version"', `{${' '.repeat(bytes - text.length)}"Version"`);
}

const codes = (text: string): string[] => service.lint(service.parse(text)).findings.map((f) => f.code);

test('a document of MAX_ANALYSED_BYTES is analysed; one byte more is read for its structure only', () => {
  const at = service.parse(tinyStatements(MAX_ANALYSED_BYTES));
  assert.equal(at.byteLength, MAX_ANALYSED_BYTES);
  assert.equal(at.structureOnly, undefined);
  assert.ok(at.policy && at.policy.statements.length > 20000);

  const over = service.parse(tinyStatements(MAX_ANALYSED_BYTES + 1));
  assert.equal(over.byteLength, MAX_ANALYSED_BYTES + 1);
  assert.equal(over.structureOnly, true);
  assert.equal(over.root, undefined);
  assert.equal(over.policy, undefined);
  assert.deepEqual(over.syntaxProblems, []);
});

test('bytes count, not characters: text under the limit in characters but over it in UTF-8 is read for its structure only', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'é'.repeat(MAX_ANALYSED_BYTES / 2), Effect: 'Allow' }] });
  assert.ok(text.length <= MAX_ANALYSED_BYTES);
  const doc = service.parse(text);
  assert.equal(doc.structureOnly, true);
  assert.equal(doc.byteLength, Buffer.byteLength(text));
  assert.equal(doc.asciiOnly, false);
});

test('a document read for its structure only gets the size error and KP007, which says why, and nothing else', () => {
  const text = tinyStatements(1024 * 1024);
  const findings = service.lint(service.parse(text)).findings;
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.at.offset]),
    [
      ['KP007', 'info', 0],
      ['KP115', 'error', 32768],
    ],
  );
  assert.equal(
    findings[0]!.message,
    'Only the JSON syntax and size of this document were checked: at 1,048,576 bytes it is far beyond the 32,768 bytes KMS accepts, and the rules and the who-can analysis read documents of at most 65,536 bytes. Bring the policy under the quota to analyse it.',
  );
  assert.deepEqual(
    codes(tinyStatements(MAX_ANALYSED_BYTES)).filter((c) => c === 'KP007'),
    [],
    'an analysed document has no KP007',
  );
});

test('the structure reader finds what the full reader finds (duplicates aside), stopping after MAX_STRUCTURE_PROBLEMS', () => {
  const broken = [
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}],}',
    '{"Version": "2012-10-17" // a comment\n, "Statement": []}',
    '\ufeff{"Statement": [}',
    '{"Statement": [{"Effect": "Allow" "Action": "kms:*"}]',
    '   ',
    `{"a": ${'['.repeat(300)}`,
    '[1, 2',
  ];
  for (const text of broken) assert.deepEqual(readStructure(text), readJson(text).problems, text);
  const many = `[${'x,'.repeat(10000)}1]`;
  assert.ok(readJson(many).problems.length > MAX_STRUCTURE_PROBLEMS);
  assert.deepEqual(readStructure(many), readJson(many).problems.slice(0, MAX_STRUCTURE_PROBLEMS));
});

test('a large document with syntax errors reports them as the document rules always do', () => {
  const text = tinyStatements(MAX_ANALYSED_BYTES * 4)
    .replace('[{}', '[{},')
    .replace(/\]\}$/, ',]}');
  assert.deepEqual(codes(text), ['KP007', 'KP001', 'KP115', 'KP003']);
});

test('the simulator refuses a document read for its structure only', () => {
  const doc = service.parse(tinyStatements(MAX_ANALYSED_BYTES * 2));
  const refusal = 'The policy is 131,072 bytes, too large to analyse: the simulator reads policies of at most 65,536 bytes (KMS accepts 32,768).';
  assert.throws(() => service.whoCan(doc, ['kms:Decrypt']), new SimulationInputError(refusal));
  assert.throws(() => service.analyse(doc, 'decrypt'), new SimulationInputError(refusal));
  assert.throws(() => service.simulate(doc, { action: 'kms:Decrypt', principal: 'arn:aws:iam::111122223333:root' }), new SimulationInputError(refusal));
});

test('checkStructure runs the document rules only, and reports why a host stopped the analysis as KP007', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }],
  }).replace(']}', '],}');
  const doc = service.parse(text);
  assert.ok(
    codes(text).some((c) => c.startsWith('KP6')),
    'the full lint has simulator findings',
  );
  assert.deepEqual(
    service.checkStructure(doc).findings.map((f) => f.code),
    ['KP003'],
  );
  const stopped = service.checkStructure(doc, 'The analysis took too long.').findings;
  assert.deepEqual(
    stopped.map((f) => [f.code, f.severity, f.message]),
    [
      ['KP007', 'info', 'The analysis took too long.'],
      ['KP003', 'error', 'Trailing comma: KMS rejects it. Remove the comma.'],
    ],
  );
  const quiet = createPolicyService({ rules: { KP007: 'off' } });
  assert.deepEqual(
    quiet.checkStructure(quiet.parse(text), 'The analysis took too long.').findings.map((f) => f.code),
    ['KP003'],
  );
});
