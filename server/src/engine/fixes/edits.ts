/**
 * Text edits for quick fixes, shared by every rule author. Each helper returns one edit that keeps the
 * document valid JSON (commas, layout), or `undefined` when no such edit exists, so a rule can simply
 * leave the fix out. Edits are computed from jsonc-parser nodes, whose offsets are exact.
 *
 *   removeArrayItem(item)            drop one array element and the comma that separated it
 *   removeMember(node)               drop one object member (`"Name": value`) and its comma
 *   replaceString(node, value)       write a new JSON string over a string node (a value or a member name)
 *   insertMember(text, obj, n, v)    add `"n": v` as the first or last member, following the object's layout
 *   applyEdits(text, edits)          apply non-overlapping edits (tests, the CLI's --fix)
 *   stringNodeAt(root, offset)       the string node that starts at an offset (to edit one list entry)
 */
import type { Node as JsonNode } from 'jsonc-parser';

/** A text edit over the document: replace `length` characters at `offset` with `newText`. */
export interface TextEditSpec {
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
}

/** A safe, mechanical fix for a finding, offered as a quick fix. */
export interface Fix {
  /** What the fix does, as the quick-fix menu shows it ("Change to kms:Decrypt"). */
  readonly title: string;
  /** The edits, non-overlapping. */
  readonly edits: readonly TextEditSpec[];
  /** The one fix an editor may apply automatically. */
  readonly preferred?: boolean;
}

/**
 * Removes one element of an array together with the comma that separates it from its neighbour.
 * Returns undefined when the node is not an array element or is the array's only element: an empty list
 * changes the statement's meaning (it can never match), so no rule should offer that as a mechanical fix.
 */
export function removeArrayItem(item: JsonNode): TextEditSpec | undefined {
  const array = item.parent;
  if (!array || array.type !== 'array') return undefined;
  return removeSibling(array.children ?? [], item);
}

/**
 * Removes one member of an object. `node` may be the property node, its name node or its value node.
 * Removing the only member leaves `{}` (the object stays valid JSON). Returns undefined when the node is
 * not inside an object member.
 */
export function removeMember(node: JsonNode): TextEditSpec | undefined {
  const property = node.type === 'property' ? node : node.parent;
  if (!property || property.type !== 'property') return undefined;
  const object = property.parent;
  if (!object || object.type !== 'object') return undefined;
  const members = object.children ?? [];
  if (members.length === 1) {
    // Keep the braces, drop everything between them.
    return { offset: object.offset + 1, length: Math.max(0, object.length - 2), newText: '' };
  }
  return removeSibling(members, property);
}

/** Deletes `node` from `siblings` with the comma on one side: the following one, or the preceding one for the last. */
function removeSibling(siblings: readonly JsonNode[], node: JsonNode): TextEditSpec | undefined {
  const i = siblings.indexOf(node);
  if (i < 0 || siblings.length < 2) return undefined;
  const next = siblings[i + 1];
  if (next) return { offset: node.offset, length: next.offset - node.offset, newText: '' };
  const prev = siblings[i - 1] as JsonNode;
  const start = prev.offset + prev.length;
  return { offset: start, length: node.offset + node.length - start, newText: '' };
}

/** Replaces a JSON string (a value node, a member-name node, or any span holding one) with `value`, JSON-escaped. */
export function replaceString(node: Pick<JsonNode, 'offset' | 'length'>, value: string): TextEditSpec {
  return { offset: node.offset, length: node.length, newText: JSON.stringify(value) };
}

/**
 * Inserts `"name": value` into an object as its first or last member. The new member copies the layout of
 * the existing ones (same line, or a new line with the same indentation and line ending); `value` is
 * written with JSON.stringify on one line. Returns undefined when `object` is not an object node.
 */
export function insertMember(text: string, object: JsonNode, name: string, value: unknown, where: 'first' | 'last' = 'last'): TextEditSpec | undefined {
  if (object.type !== 'object') return undefined;
  const member = `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  const members = object.children ?? [];
  const first = members[0];
  if (!first) return { offset: object.offset, length: object.length, newText: `{ ${member} }` };
  const separator = memberSeparator(text, object.offset + 1, first.offset);
  if (where === 'first') return { offset: first.offset, length: 0, newText: `${member},${separator}` };
  const last = members[members.length - 1] as JsonNode;
  return { offset: last.offset + last.length, length: 0, newText: `,${separator}${member}` };
}

/** The whitespace between `{` and the first member: a line break plus that member's indentation, or one space. */
function memberSeparator(text: string, from: number, firstMember: number): string {
  const gap = text.slice(from, firstMember);
  const lastBreak = Math.max(gap.lastIndexOf('\n'), gap.lastIndexOf('\r'));
  if (lastBreak < 0) return ' ';
  const eol = gap.includes('\r\n') ? '\r\n' : gap.includes('\r') && !gap.includes('\n') ? '\r' : '\n';
  const indent = gap.slice(lastBreak + 1).replace(/[^ \t]/g, '');
  return `${eol}${indent}`;
}

/** Applies non-overlapping edits to `text` (in any order). Throws when two edits overlap. */
export function applyEdits(text: string, edits: readonly TextEditSpec[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.offset + e.length > limit) throw new Error(`Overlapping edits at offset ${e.offset}`);
    out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
    limit = e.offset;
  }
  return out;
}

/** The string node under `root` that starts at `offset` (a principal or list entry found by its span). */
export function stringNodeAt(root: JsonNode, offset: number): JsonNode | undefined {
  const search = (node: JsonNode): JsonNode | undefined => {
    if (node.offset === offset && node.type === 'string') return node;
    for (const child of node.children ?? []) {
      if (offset >= child.offset && offset < child.offset + child.length) return search(child);
    }
    return undefined;
  };
  return search(root);
}
