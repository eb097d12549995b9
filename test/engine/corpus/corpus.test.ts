/**
 * The corpus of real key policies (test/fixtures/corpus/, each with its public source) keeps its hand
 * verdicts: every finding judged true is still reported, every finding judged false is gone, every danger the
 * engine once missed is now reported, and no error or warning appears on a real policy without a verdict.
 * `npm run corpus` prints the same comparison with the false-positive rate per severity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { judge, readCorpus } from './judge';

const ROOT = path.resolve(__dirname, '../../../..');
const corpus = readCorpus(ROOT);
const judgement = judge(corpus);
const show = (items: readonly unknown[]): string => JSON.stringify(items, null, 1);

test('the corpus holds at least 60 real key policies, each with a noted source', () => {
  assert.ok(corpus.entries.length >= 60, `${corpus.entries.length} policies`);
});

test('every finding judged true on a real policy is still reported', () => {
  assert.deepEqual(judgement.lostTrue, [], show(judgement.lostTrue));
});

test('no finding judged false on a real policy is reported', () => {
  assert.deepEqual(judgement.keptFalse, [], show(judgement.keptFalse));
});

test('every danger the engine once missed on a real policy is reported', () => {
  assert.deepEqual(judgement.stillMissed, [], show(judgement.stillMissed));
});

test('no error or warning on a real policy is left unjudged', () => {
  assert.deepEqual(judgement.unjudged, [], show(judgement.unjudged));
});

test('false errors: none; false warnings: at most 2% of warnings', () => {
  const errors = judgement.bySeverity['error'];
  const warnings = judgement.bySeverity['warning'];
  assert.equal(errors?.false ?? 0, 0);
  if (warnings) assert.ok(warnings.false <= 0.02 * warnings.total, `${warnings.false} of ${warnings.total} warnings are false`);
});
