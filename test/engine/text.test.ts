import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { utf8Length } from '../../server/src/engine/parse/text';

test('utf8Length equals the UTF-8 encoding length, lone surrogates counted as U+FFFD (3 bytes)', () => {
  for (const text of ['', 'kms:Decrypt', 'é', '€', '😀', 'a\ud800b', '\udc00', `${'x'.repeat(1000)}é${'y'.repeat(10)}`]) {
    assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'), JSON.stringify(text));
  }
  const unit = fc.oneof(fc.constantFrom('a', '{', '"', 'é', '€', '😀', '\ud800', '\udfff'), fc.string({ maxLength: 4 }));
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 60 }), (parts) => {
      const text = parts.join('');
      assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'));
    }),
    { numRuns: 500 },
  );
});
