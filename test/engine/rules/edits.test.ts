import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { applyEdits } from '../../../server/src/engine/index';
// The edit helpers are engine internals (the index exports only applyEdits): this test of them imports them directly.
import { insertMember, removeArrayItem, removeMember, replaceString } from '../../../server/src/engine/fixes/edits';

function tree(text: string): JsonNode {
  const root = parseTree(text);
  assert.ok(root);
  return root;
}

/** The node at a path of member names and indexes. */
function at(root: JsonNode, ...path: (string | number)[]): JsonNode {
  let node = root;
  for (const seg of path) {
    if (typeof seg === 'number') node = node.children![seg]!;
    else node = node.children!.find((p) => p.children![0]!.value === seg)!.children![1]!;
  }
  return node;
}

test('removeArrayItem removes the first, a middle and the last item with the right comma', () => {
  const text = '{"A": ["x", "y", "z"]}';
  const arr = at(tree(text), 'A');
  assert.equal(applyEdits(text, [removeArrayItem(arr.children![0]!)!]), '{"A": ["y", "z"]}');
  assert.equal(applyEdits(text, [removeArrayItem(arr.children![1]!)!]), '{"A": ["x", "z"]}');
  assert.equal(applyEdits(text, [removeArrayItem(arr.children![2]!)!]), '{"A": ["x", "y"]}');
});

test('removeArrayItem keeps a multi-line layout intact', () => {
  const text = '[\n  "a",\n  "b",\n  "c"\n]';
  const arr = tree(text);
  assert.equal(applyEdits(text, [removeArrayItem(arr.children![1]!)!]), '[\n  "a",\n  "c"\n]');
  assert.equal(applyEdits(text, [removeArrayItem(arr.children![2]!)!]), '[\n  "a",\n  "b"\n]');
});

test('removeArrayItem refuses the only item and non-array parents', () => {
  const root = tree('{"A": ["x"], "B": "y"}');
  assert.equal(removeArrayItem(at(root, 'A').children![0]!), undefined);
  assert.equal(removeArrayItem(at(root, 'B')), undefined);
});

test('removeMember removes a member by its value, name or property node', () => {
  const text = '{\n  "Sid": "",\n  "Effect": "Allow"\n}';
  const root = tree(text);
  assert.equal(applyEdits(text, [removeMember(at(root, 'Sid'))!]), '{\n  "Effect": "Allow"\n}');
  assert.equal(applyEdits(text, [removeMember(root.children![1]!.children![0]!)!]), '{\n  "Sid": ""\n}');
  assert.equal(applyEdits(text, [removeMember(root.children![1]!)!]), '{\n  "Sid": ""\n}');
});

test('removeMember of the only member leaves an empty object', () => {
  const text = '{ "Sid": "x" }';
  assert.equal(applyEdits(text, [removeMember(at(tree(text), 'Sid'))!]), '{}');
  assert.equal(removeMember(tree('["a"]').children![0]!), undefined);
});

test('replaceString writes a JSON-escaped string over a value or a member name', () => {
  const text = '{"effect": "allow"}';
  const root = tree(text);
  const prop = root.children![0]!;
  const out = applyEdits(text, [replaceString(prop.children![0]!, 'Effect'), replaceString(prop.children![1]!, 'say "hi"')]);
  assert.equal(out, '{"Effect": "say \\"hi\\""}');
  assert.deepEqual(JSON.parse(out), { Effect: 'say "hi"' });
});

test('insertMember follows a multi-line layout (first and last), including CRLF', () => {
  const text = '{\n    "Statement": []\n}';
  const root = tree(text);
  assert.equal(applyEdits(text, [insertMember(text, root, 'Version', '2012-10-17', 'first')!]), '{\n    "Version": "2012-10-17",\n    "Statement": []\n}');
  assert.equal(applyEdits(text, [insertMember(text, root, 'Id', 'k')!]), '{\n    "Statement": [],\n    "Id": "k"\n}');
  const crlf = '{\r\n\t"A": 1\r\n}';
  assert.equal(applyEdits(crlf, [insertMember(crlf, tree(crlf), 'B', 2)!]), '{\r\n\t"A": 1,\r\n\t"B": 2\r\n}');
});

test('insertMember on one line and into an empty object', () => {
  const text = '{"Effect": "Allow"}';
  assert.equal(applyEdits(text, [insertMember(text, tree(text), 'Resource', '*')!]), '{"Effect": "Allow", "Resource": "*"}');
  const empty = '{\n}';
  assert.equal(applyEdits(empty, [insertMember(empty, tree(empty), 'Resource', '*')!]), '{ "Resource": "*" }');
  assert.equal(insertMember('[1]', tree('[1]'), 'x', 1), undefined);
});

test('applyEdits applies edits in any order and rejects overlaps', () => {
  assert.equal(
    applyEdits('abcdef', [
      { offset: 4, length: 1, newText: 'E' },
      { offset: 0, length: 2, newText: '' },
    ]),
    'cdEf',
  );
  assert.throws(
    () =>
      applyEdits('abcdef', [
        { offset: 0, length: 3, newText: '' },
        { offset: 2, length: 1, newText: 'x' },
      ]),
    /Overlapping edits at offset 0/,
  );
});
