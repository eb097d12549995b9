/** The server's model cache: one parse and one analysis per document version, kept for the most recently used documents only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createPolicyService, type PolicyService } from '../../server/src/engine';
import type { LintAnswer } from '../../server/src/lsp/analysisJobs';
import { DocumentModels, MAX_MODELS } from '../../server/src/lsp/documentModels';

/** The engine, counting the texts it parses. */
function countingService(): { service: PolicyService; parsed: string[] } {
  const engine = createPolicyService();
  const parsed: string[] = [];
  return { service: { ...engine, parse: (text, uri) => (parsed.push(uri ?? ''), engine.parse(text, uri)) }, parsed };
}

const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}';

/** Starts an analysis that answers the engine's lint of `text` (as the worker would), counting the starts. */
function countingAnalysis(text: string): { start: () => Promise<LintAnswer>; started: number[] } {
  const engine = createPolicyService();
  const started: number[] = [];
  const start = (): Promise<LintAnswer> => {
    started.push(started.length);
    const lint = engine.lint(engine.parse(text));
    return Promise.resolve({ findings: lint.findings, diagnostics: [], failures: lint.failures });
  };
  return { start, started };
}

test('a document version is parsed once (when a feature asks) and analysed once, whatever asks; its answer is there once it came', async () => {
  const { service, parsed } = countingService();
  const models = new DocumentModels();
  const document = TextDocument.create('file:///a.kms.json', 'kms-key-policy', 1, policy);
  const doc = models.parsed(document, service);
  const { start, started } = countingAnalysis(policy);
  assert.equal(models.analysed(document, service), undefined);
  const first = models.analysis(document, service, start);
  assert.equal(models.analysis(document, service, start), first);
  assert.equal(models.analysed(document, service), undefined, 'not before it came');
  const answer = await first;
  assert.equal(models.analysed(document, service), answer);
  assert.deepEqual(started, [0]);
  assert.equal(models.parsed(document, service), doc);
  assert.deepEqual(parsed, ['file:///a.kms.json']);
  TextDocument.update(document, [{ text: policy.replace('Allow', 'Deny') }], 2);
  assert.equal(models.analysed(document, service), undefined, 'an answer belongs to its version');
  assert.notEqual(models.parsed(document, service), doc);
  assert.equal(parsed.length, 2);
});

test('a failed analysis is forgotten: the next ask starts another; analysing parses nothing here', async () => {
  const { service, parsed } = countingService();
  const models = new DocumentModels();
  const document = TextDocument.create('file:///b.kms.json', 'kms-key-policy', 1, policy);
  await assert.rejects(
    models.analysis(document, service, () => Promise.reject(new Error('stopped'))),
    /stopped/,
  );
  const { start, started } = countingAnalysis(policy);
  await models.analysis(document, service, start);
  assert.deepEqual(started, [0]);
  assert.deepEqual(parsed, [], 'the worker parses; the server thread parses only for its features');
});

test(`only the ${MAX_MODELS} documents used last keep their model; the others are parsed again when asked`, () => {
  const { service, parsed } = countingService();
  const models = new DocumentModels();
  const documents = Array.from({ length: MAX_MODELS + 1 }, (_, i) => TextDocument.create(`file:///p${i}.kms.json`, 'kms-key-policy', 1, policy));
  for (const d of documents) models.parsed(d, service);
  assert.equal(parsed.length, MAX_MODELS + 1);
  // p0 was dropped for p10; p1…p10 are still there.
  for (const d of documents.slice(1)) models.parsed(d, service);
  assert.equal(parsed.length, MAX_MODELS + 1);
  models.parsed(documents[0]!, service);
  assert.deepEqual(parsed.slice(MAX_MODELS + 1), ['file:///p0.kms.json']);
  // Using a document makes it the most recent: p1 (used before p2…p10 just now) was the one dropped for p0.
  models.parsed(documents[2]!, service);
  models.parsed(documents[1]!, service);
  assert.deepEqual(parsed.slice(MAX_MODELS + 2), ['file:///p1.kms.json']);
});

test("named answers (a question lens's) are kept per version and name: asked again, the first is given", async () => {
  const { service } = countingService();
  const models = new DocumentModels();
  const document = TextDocument.create('file:///c.kms.json', 'kms-key-policy', 1, policy);
  let starts = 0;
  const start = (value: string) => (): Promise<string> => (starts++, Promise.resolve(value));
  const decrypt = models.answer(document, service, 'lens decrypt', start('three classes'));
  assert.equal(models.answer(document, service, 'lens decrypt', start('again')), decrypt);
  assert.equal(await models.answer(document, service, 'lens grant', start('one class')), 'one class');
  assert.equal(await decrypt, 'three classes');
  assert.equal(starts, 2);
  TextDocument.update(document, [{ text: policy.replace('Allow', 'Deny') }], 2);
  assert.equal(await models.answer(document, service, 'lens decrypt', start('none')), 'none', 'a new version asks again');
});
