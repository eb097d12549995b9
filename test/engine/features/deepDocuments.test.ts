/**
 * Documents nested far deeper than any key policy: formatting writes every line's indentation (jsonc-parser
 * 3.3.1 leaves the edit for exactly 200 indentation characters without content), and completion and hover
 * at the bottom of 10,000 levels answer nothing instead of overflowing the stack.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPolicyService } from '../../../server/src/engine';

const service = createPolicyService();

/** Applies LSP edits (non-overlapping) to a text. */
function apply(
  text: string,
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[],
): string {
  const doc = service.parse(text);
  const spans = edits
    .map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

for (const [tabSize, insertSpaces] of [
  [2, true],
  [4, true],
  [1, false],
] as const) {
  test(`formatting 101 nested arrays (tabSize ${tabSize}, ${insertSpaces ? 'spaces' : 'tabs'}) indents every line, the 200-character ones included`, () => {
    const depth = 101;
    const text = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const edits = service.format(service.parse(text), { tabSize, insertSpaces });
    assert.ok(
      edits.every((e) => typeof e.newText === 'string'),
      'every edit has text',
    );
    const lines = apply(text, edits).split('\n');
    const unit = insertSpaces ? ' '.repeat(tabSize) : '\t';
    lines.forEach((line, i) => {
      const level = i <= depth ? i : 2 * depth - i;
      assert.equal(line, `${unit.repeat(level)}${i < depth ? '[' : i === depth ? '1' : ']'}`, `line ${i}`);
    });
    assert.equal(lines.length, 2 * depth + 1);
  });
}

test('completion and hover at the bottom of 10,000 nested arrays answer nothing, without throwing', () => {
  const depth = 10000;
  const text = `{"Statement": ${'['.repeat(depth)}"kms:De"${']'.repeat(depth)}}`;
  const doc = service.parse(text);
  const offset = text.indexOf('kms:De') + 6;
  assert.deepEqual(service.complete(doc, offset).items, []);
  assert.equal(service.hover(doc, offset), null);
});
