/**
 * A CloudFormation template's nodes, whatever the syntax: YAML (the `yaml` package's AST) and JSON (jsonc-parser's
 * tree) become the same TemplateNode, with host ranges, so the CloudFormation reading (intrinsic functions, keys,
 * references) is written once. Intrinsic functions are recognised in both forms: the YAML short tags (`!Ref`,
 * `!Sub`…) and the one-member maps (`{"Ref": …}`, `{"Fn::Sub": …}`).
 */
import type { Node as JsonNode } from 'jsonc-parser';
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import type { HostRange } from '../host/sourceMap';

/** A node of a template. */
export type TemplateNode =
  | { readonly type: 'map'; readonly range: HostRange; readonly entries: readonly TemplateEntry[] }
  | { readonly type: 'seq'; readonly range: HostRange; readonly items: readonly TemplateNode[] }
  /** `exactAt`: where a string value's characters start in the host text, when written there literally. */
  | { readonly type: 'scalar'; readonly range: HostRange; readonly value: string | number | boolean | null; readonly exactAt?: number }
  /** An intrinsic function: `Ref`, `Condition` or `Fn::…`. */
  | { readonly type: 'fn'; readonly range: HostRange; readonly name: string; readonly arg: TemplateNode };

/** A map entry. */
export interface TemplateEntry {
  readonly key: string;
  readonly keyRange: HostRange;
  readonly keyExactAt?: number;
  readonly value: TemplateNode;
}

/** True for the key of a one-member map that is an intrinsic function in long form. */
export function isFunctionKey(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

/** The long name of a short YAML tag (`!Sub` → `Fn::Sub`). */
function tagFunction(tag: string): string {
  const name = tag.slice(1);
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** A map that is an intrinsic function in long form becomes a function node. */
function mapOrFunction(range: HostRange, entries: TemplateEntry[]): TemplateNode {
  const only = entries.length === 1 ? entries[0] : undefined;
  if (only && isFunctionKey(only.key)) return { type: 'fn', range, name: only.key, arg: only.value };
  return { type: 'map', range, entries };
}

/** Nesting deeper than this is not a template a person wrote: the rest is left out. */
const MAX_DEPTH = 200;

/**
 * Converts a YAML node (the `yaml` package's AST) of `doc`, parsed from `text`, which starts at offset `base`
 * of the host text (a block of a template parsed on its own).
 */
export function fromYaml(node: YamlNode | null | undefined, doc: Document, text: string, base = 0, depth = 0): TemplateNode | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return target ? fromYaml(target as YamlNode, doc, text, base, depth + 8) : undefined;
  }
  const r = node.range ?? [0, 0, 0];
  // A block collection's range runs on over the line break after it (or not, at the end of a cut block): end it
  // at its last character, so that a range is the same however the text was cut.
  let end = r[1];
  while (end > r[0] && isSpace(text.charCodeAt(end - 1))) end--;
  let range: HostRange = { start: base + r[0], end: base + end };
  let converted: TemplateNode | undefined;
  if (isMap(node)) {
    const entries: TemplateEntry[] = [];
    for (const pair of node.items) {
      const k = pair.key as YamlNode | null;
      if (!k || !isScalar(k) || !k.range) continue;
      const value = fromYaml(pair.value as YamlNode | null, doc, text, base, depth + 1) ?? nullAt(base + k.range[1]);
      const key = String(k.value);
      const keyExactAt = exactStart(k, text);
      const keyRange = { start: base + k.range[0], end: base + k.range[1] };
      // Written out, not spread (a template has thousands of these), in the same order.
      entries.push(keyExactAt !== undefined ? { key, keyRange, keyExactAt: base + keyExactAt, value } : { key, keyRange, value });
    }
    converted = node.tag ? undefined : mapOrFunction(range, entries);
    if (!converted) converted = { type: 'map', range, entries };
  } else if (isSeq(node)) {
    const items: TemplateNode[] = [];
    for (const item of node.items) {
      const t = fromYaml(item as YamlNode, doc, text, base, depth + 1);
      if (t) items.push(t);
    }
    converted = { type: 'seq', range, items };
  } else if (isScalar(node)) {
    const v = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    const exactAt = typeof value === 'string' ? exactStart(node, text) : undefined;
    converted = exactAt !== undefined ? { type: 'scalar', range, value, exactAt: base + exactAt } : { type: 'scalar', range, value };
  } else return undefined;
  const tag = node.tag;
  if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
    const at = text.lastIndexOf(tag, r[0]);
    if (at >= 0 && /^\s*$/.test(text.slice(at + tag.length, r[0]))) range = { start: base + at, end: range.end };
    return { type: 'fn', range, name: tagFunction(tag), arg: converted };
  }
  return converted;
}

/** Whether a character is white space as /\s/ reads it. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Where a YAML scalar's value starts in the text when written literally (plain, or quoted without escapes). */
function exactStart(node: Scalar, text: string): number | undefined {
  const r = node.range;
  if (!r || typeof node.value !== 'string') return undefined;
  const value = node.value;
  const type = node.type;
  const start = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? r[0] + 1 : type === 'PLAIN' ? r[0] : -1;
  if (start < 0) return undefined;
  return text.startsWith(value, start) && (type === 'PLAIN' ? r[1] - r[0] === value.length : r[1] - r[0] === value.length + 2) ? start : undefined;
}

function nullAt(offset: number): TemplateNode {
  return { type: 'scalar', range: { start: offset, end: offset }, value: null };
}

/** Converts a JSON node (jsonc-parser's tree) of `text`. */
export function fromJson(node: JsonNode | undefined, text: string, depth = 0): TemplateNode | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const range: HostRange = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object': {
      const entries: TemplateEntry[] = [];
      for (const prop of node.children ?? []) {
        const k = prop.children?.[0];
        if (!k || typeof k.value !== 'string') continue;
        const value = fromJson(prop.children?.[1], text, depth + 1) ?? nullAt(k.offset + k.length);
        const keyExactAt = jsonExact(k, text);
        entries.push({
          key: k.value,
          keyRange: { start: k.offset, end: k.offset + k.length },
          ...(keyExactAt !== undefined ? { keyExactAt } : {}),
          value,
        });
      }
      return mapOrFunction(range, entries);
    }
    case 'array':
      return { type: 'seq', range, items: (node.children ?? []).flatMap((c) => fromJson(c, text, depth + 1) ?? []) };
    case 'string': {
      const exactAt = jsonExact(node, text);
      return { type: 'scalar', range, value: String(node.value), ...(exactAt !== undefined ? { exactAt } : {}) };
    }
    case 'number':
    case 'boolean':
    case 'null':
      return { type: 'scalar', range, value: node.value as number | boolean | null };
    default:
      return undefined;
  }
}

/** Where a JSON string's characters start when written without escapes. */
function jsonExact(node: JsonNode, text: string): number | undefined {
  const value = String(node.value);
  return node.length === value.length + 2 && text.startsWith(value, node.offset + 1) ? node.offset + 1 : undefined;
}

/** The entry of a map node with this key. */
export function entryOf(node: TemplateNode | undefined, key: string): TemplateEntry | undefined {
  if (!node || node.type !== 'map') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if ((node.entries[i] as TemplateEntry).key === key) return node.entries[i];
  return undefined;
}

/** A scalar node's string value. */
export function stringOf(node: TemplateNode | undefined): string | undefined {
  return node && node.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
