/**
 * KP118's redundancy check (facts/actionCoverage.ts redundantItems) answers as comparing every pair of items
 * did, on lists with repeats in any case, wildcards that cover each other both ways and unknown actions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { coversLower, redundantItems } from '../../server/src/engine/facts';

/** The former pairwise check: the first other item that covers the item (of two equivalent ones, the later is redundant). */
function pairwise(lower: readonly string[]): number[] {
  return lower.map((item, k) => lower.findIndex((other, j) => j !== k && coversLower(other, item) && (j < k || !coversLower(item, other))));
}

const item = fc.oneof(
  fc.constantFrom(
    'kms:*',
    'kms:**',
    '*',
    'kms:decrypt',
    'kms:encrypt',
    'kms:get*',
    'kms:getkeypolicy',
    'kms:g*',
    'kms:?ecrypt',
    'kms:re*',
    'kms:reencrypt*',
    'kms:*crypt',
    'kms:de*t',
    's3:*',
  ),
  fc.stringMatching(/^kms:[a-d*?]{0,4}$/),
);

test('redundantItems finds what the pairwise check found (3,000 generated lists)', () => {
  fc.assert(
    fc.property(fc.array(item, { maxLength: 14 }), (lower) => {
      assert.deepEqual(redundantItems(lower), pairwise(lower));
    }),
    { numRuns: 3000, seed: 118 },
  );
});

test('redundantItems: repeats, equivalent wildcards and unrelated items', () => {
  assert.deepEqual(redundantItems(['kms:decrypt', 'kms:*', 'kms:decrypt', 'kms:**', 's3:getobject']), [1, -1, 0, 1, -1]);
  assert.deepEqual(redundantItems(['kms:get*', 'kms:getpublickey', 'kms:get*']), [-1, 0, 0]);
  assert.deepEqual(redundantItems([]), []);
});

test('redundantItems answers a 100,000-item list (the pairwise check took minutes on it)', () => {
  const names = ['decrypt', 'encrypt', 'describekey', 'getkeypolicy', 'listgrants'];
  const lower = Array.from({ length: 100_000 }, (_, i) => (i % 50 === 0 ? 'kms:dec*' : i % 3 === 0 ? `kms:${names[i % 5]}` : `kms:custom${i}`));
  const first = new Map<string, number>();
  lower.forEach((t, i) => first.set(t, first.get(t) ?? i));
  // kms:dec* (item 0) covers its repeats and kms:decrypt; other names are covered by their first listing.
  const expected = lower.map((t, i) => (t === 'kms:decrypt' ? 0 : t.startsWith('kms:custom') ? -1 : first.get(t)! < i ? first.get(t)! : -1));
  assert.deepEqual(redundantItems(lower), expected);
});
