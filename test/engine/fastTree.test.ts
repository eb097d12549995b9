import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { fastParseTree } from '../../server/src/engine/parse/fastTree';

/** The tree as plain data (no parent links, no undefined members) for comparison. */
function plain(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  const out: Record<string, unknown> = { type: node.type, offset: node.offset, length: node.length };
  if (node.value !== undefined) out['value'] = node.value;
  if (node.colonOffset !== undefined) out['colonOffset'] = node.colonOffset;
  if (node.children) out['children'] = node.children.map(plain);
  return out;
}

test("property: on valid JSON the fast reader builds exactly jsonc-parser's tree", () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'binary' }), fc.jsonValue({ stringUnit: 'grapheme' })),
      fc.constantFrom(0, 1, 2, '\t', ' \r\n'),
      (value, indent) => {
        const text = JSON.stringify(value, null, indent as string | number);
        const fast = fastParseTree(text, 256);
        assert.ok(fast, `fast path refused valid JSON: ${text.slice(0, 100)}`);
        assert.deepEqual(plain(fast.root), plain(parseTree(text)));
        assert.equal(fast.ascii, !/[^\x00-\x7f]/.test(text));
      },
    ),
    { numRuns: 1000 },
  );
});

test('the fast reader refuses anything that is not strict JSON', () => {
  for (const text of [
    '{"a":1,}',
    '[1,]',
    '{"a":1 // c\n}',
    '{a:1}',
    "{'a':1}",
    '01',
    '1.',
    '-',
    '"\u0001"',
    '{"a" 1}',
    '[1 2]',
    'tru',
    '{} {}',
    '"abc',
    '+1',
    'NaN',
  ]) {
    assert.equal(fastParseTree(text, 256), undefined, text);
  }
});

test('the fast reader gives up beyond the depth limit', () => {
  assert.equal(fastParseTree('[[[1]]]', 2), undefined);
  assert.ok(fastParseTree('[[[1]]]', 3));
});
