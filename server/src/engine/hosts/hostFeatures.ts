/**
 * Hover and completion inside the key policies of a host file, and nowhere else in it: the host position is
 * led to the policy's JSON through its source map, the JSON features answer, and their ranges and texts are led
 * back (texts in the host's syntax: a YAML scalar, an HCL string). Outside every key policy nothing is answered,
 * so the template's own language support (cfn-lint, the YAML or Terraform extension) is never doubled.
 */
import { InsertTextFormat, type CompletionItem, type CompletionList, type Hover, type MarkupContent } from 'vscode-languageserver-types';
import { findNodeAtOffset, type Node as JsonNode } from 'jsonc-parser';
import { complete, type CompletionContext } from '../features/completion';
import { hover } from '../features/hover';
import type { HostDocument } from '../parse/host/hostModel';
import type { PolicyDocument } from '../parse/model';
import { parsePolicy } from '../parse/parsePolicy';
import { hostString } from './hostSyntax';
import type { HostLintResult, KeyLint } from './hostLint';

/** The key whose written policy holds a host offset, and that offset in the policy's JSON. */
export function keyAt(lint: HostLintResult, offset: number): { k: KeyLint; json: number } | undefined {
  for (const k of lint.keys) {
    const origin = k.key.origin;
    if (origin.kind !== 'value' || !k.embedded) continue;
    if (offset < origin.value.range.start || offset > origin.value.range.end) continue;
    const json = k.embedded.map.toJson(offset);
    if (json !== undefined) return { k, json };
  }
  return undefined;
}

/** A JSON-side range (positions of `from`) as host positions. */
function hostRangeOf(
  k: KeyLint,
  from: PolicyDocument,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
  shift = 0,
): { start: number; end: number } {
  const a = from.offsetAt(range.start) - shift;
  const b = from.offsetAt(range.end) - shift;
  return k.embedded!.map.hostRange(a, b - a);
}

/** Hover inside a key policy of a host file. */
export function hostHover(doc: HostDocument, offset: number, lint: HostLintResult, ruleSummary: (code: string) => string | undefined): Hover | null {
  const at = keyAt(lint, offset);
  if (!at) return null;
  const { k, json } = at;
  const h = hover(k.embedded!.doc, json, k.jsonFindings, ruleSummary);
  if (!h) return null;
  const contents = h.contents as MarkupContent;
  const out: Hover = { contents: { kind: 'markdown', value: k.relabel(contents.value) } };
  if (h.range) {
    const r = hostRangeOf(k, k.embedded!.doc, h.range);
    out.range = { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
  }
  return out;
}

/** The property whose value is null and whose name ends on the cursor's line before it (`Action: |`). */
function emptyValueOnLine(doc: HostDocument, k: KeyLint, offset: number): JsonNode | undefined {
  const line = doc.positionAt(offset).line;
  const stack: JsonNode[] = k.embedded!.doc.root ? [k.embedded!.doc.root] : [];
  while (stack.length > 0) {
    const n = stack.pop() as JsonNode;
    if (n.type === 'property' && n.children?.[1]?.type === 'null') {
      const name = n.children[0] as JsonNode;
      const end = k.embedded!.map.hostEnd(name.offset + name.length);
      if (end <= offset && doc.positionAt(end).line === line && /^\s*:/.test(doc.text.slice(end, offset))) return n.children[1];
    }
    for (const c of n.children ?? []) stack.push(c);
  }
  return undefined;
}

/**
 * Where to complete in the policy's JSON. In YAML, a word on a line of its own under a key reads as that key's
 * value (`Condition:` ⏎ `StringEq|`) while the writer means a key: the policy is then read with that word as a
 * key, so its completions are keys.
 */
function site(
  doc: HostDocument,
  k: KeyLint,
  json: number,
  offset: number,
): { policy: PolicyDocument; json: number; shift: number; asKey: boolean; atCursor: boolean } {
  const policy = k.embedded!.doc;
  const empty = k.key.origin.kind === 'value' && k.key.origin.syntax === 'yaml' ? emptyValueOnLine(doc, k, offset) : undefined;
  if (empty) return { policy, json: empty.offset, shift: 0, asKey: false, atCursor: true };
  const node = policy.root ? findNodeAtOffset(policy.root, json, true) : undefined;
  const prop = node?.parent;
  const isValue = node?.type === 'string' && prop?.type === 'property' && prop.children?.[1] === node;
  if (isValue && k.key.origin.kind === 'value' && k.key.origin.syntax === 'yaml') {
    const name = prop.children![0] as JsonNode;
    const nameLine = doc.positionAt(k.embedded!.map.hostStart(name.offset)).line;
    const valueLine = doc.positionAt(k.embedded!.map.hostStart(node.offset)).line;
    if (valueLine > nameLine) {
      const text = policy.text;
      const patched = `${text.slice(0, node.offset)}{${text.slice(node.offset, node.offset + node.length)}:null}${text.slice(node.offset + node.length)}`;
      return { policy: parsePolicy(patched), json: json + 1, shift: 1, asKey: true, atCursor: false };
    }
  }
  return { policy, json, shift: 0, asKey: false, atCursor: false };
}

/** True when the JSON offset is in a member name. */
function isKeySite(policy: PolicyDocument, json: number): boolean {
  const node = policy.root ? findNodeAtOffset(policy.root, json, true) : undefined;
  return node?.type === 'string' && node.parent?.type === 'property' && node.parent.children?.[0] === node;
}

/** The JSON string a completion inserts (without the commas JSON needs), or undefined. */
function insertedString(text: string): string | undefined {
  const core = text.replace(/^, /, '').replace(/,$/, '');
  try {
    const v: unknown = JSON.parse(core);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Completion inside a key policy of a host file; nothing elsewhere. */
export function hostComplete(doc: HostDocument, offset: number, lint: HostLintResult, ctx: CompletionContext): CompletionList {
  const none: CompletionList = { isIncomplete: false, items: [] };
  const at = keyAt(lint, offset);
  if (!at || at.k.key.origin.kind !== 'value') return none;
  const { k } = at;
  const syntax = at.k.key.origin.syntax;
  const raw = at.k.key.origin.value.kind === 'jsonText';
  const s = site(doc, k, at.json, offset);
  const list = complete(s.policy, s.json, ctx);
  const items: CompletionItem[] = [];
  for (const item of list.items) {
    const edit = item.textEdit;
    if (!edit || !('range' in edit)) continue;
    const r = s.atCursor ? { start: offset, end: offset } : hostRangeOf(k, s.policy, edit.range, s.shift);
    // JSON written as text in the host (a heredoc): only over characters copied one for one.
    if (raw && !s.atCursor) {
      const a = s.policy.offsetAt(edit.range.start);
      if (!k.embedded!.map.isExact(a, Math.max(1, s.policy.offsetAt(edit.range.end) - a))) continue;
    }
    const snippet = item.insertTextFormat === InsertTextFormat.Snippet;
    let newText: string | undefined = edit.newText;
    if (syntax !== 'json' || s.asKey) {
      const value = insertedString(edit.newText);
      // A YAML key gets its colon unless the text already has one.
      const colon = syntax === 'yaml' && (s.asKey || isKeySite(s.policy, s.json)) && !/^[ \t]*:/.test(doc.text.slice(r.end)) ? ':' : '';
      newText = value === undefined ? undefined : hostString(value, syntax, snippet) + colon;
    }
    if (newText === undefined) continue;
    items.push({
      ...item,
      label: k.relabel(item.label),
      filterText: syntax === 'json' && !s.asKey ? (item.filterText ?? item.label) : item.label,
      textEdit: { range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) }, newText },
    });
  }
  return { isIncomplete: false, items };
}
