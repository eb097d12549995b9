/**
 * `data "aws_iam_policy_document"` → the policy it renders (AWS provider docs, aws_iam_policy_document):
 * `statement` blocks with `sid`, `effect` (default Allow), `actions`/`not_actions`, `resources`/`not_resources`,
 * `principals`/`not_principals { type identifiers }` (blocks of one type share its list; type "*" is
 * `"Principal": "*"`), `condition { test variable values }`, and `version` (default 2012-10-17) and `policy_id`.
 * `source_policy_documents` and `override_policy_documents` are merged as the provider merges them: the source
 * documents' statements first, then this document's, then the overrides', a statement with a non-blank Sid
 * replacing the earlier statement with that Sid in place, any other appended.
 * Open, with their source text as label: `dynamic` blocks, and condition blocks repeating a test and variable
 * (the provider has overwritten or merged their values depending on its version: issue #33068).
 */
import type { Node } from 'web-tree-sitter';
import type { HostRange } from '../host/sourceMap';
import { literalText, memberOf, openValue, type SourceMember, type SourceValue } from '../host/sourceValue';
import type { ExpressionReader } from './expressions';
import { attributes, blockHeader, blocks, bodyOf, rangeOf } from './hclNodes';

const LISTS: readonly [string, string][] = [
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

function str(text: string, range: HostRange): SourceValue {
  return { kind: 'string', range, pieces: [{ kind: 'text', text, range, exact: false }] };
}

function member(name: string, nameRange: HostRange, value: SourceValue): SourceMember {
  return { name, nameRange, nameExact: false, value };
}

/** The items of a list value (a single value is a list of one). */
function items(v: SourceValue): SourceValue[] {
  return v.kind === 'array' ? [...v.items] : [v];
}

/** A principals block list → the Principal object (or `"*"`). */
function principalsOf(list: readonly Node[], reader: ExpressionReader, name: string): SourceMember | undefined {
  if (list.length === 0) return undefined;
  const first = list[0] as Node;
  const at = rangeOf(first.namedChildren[0] ?? first);
  const byType = new Map<string, SourceMember>();
  for (const b of list) {
    if (blockHeader(b).kind === 'dynamic') return member(name, at, openValue(rangeOf(b), reader.label(b)));
    const attrs = attributes(bodyOf(b));
    const typeNode = attrs.get('type');
    const ids = attrs.get('identifiers');
    if (!typeNode || !ids) continue;
    const typeValue = reader.value(typeNode);
    const type = literalText(typeValue) ?? `«${reader.label(typeNode)}»`;
    const value = reader.value(ids);
    const known = byType.get(type);
    if (known) byType.set(type, { ...known, value: { kind: 'array', range: known.value.range, items: [...items(known.value), ...items(value)] } });
    else byType.set(type, { name: type, nameRange: rangeOf(typeNode), nameExact: false, value });
  }
  const star = byType.get('*');
  if (star && byType.size === 1) return member(name, at, items(star.value).length === 1 ? (items(star.value)[0] as SourceValue) : star.value);
  return member(name, at, { kind: 'object', range: rangeOf(list[0] as Node), members: [...byType.values()] });
}

/** Condition blocks → the Condition object. */
function conditionsOf(list: readonly Node[], reader: ExpressionReader): SourceMember | undefined {
  if (list.length === 0) return undefined;
  const first = list[0] as Node;
  const at = rangeOf(first.namedChildren[0] ?? first);
  const tests = new Map<string, { range: HostRange; variables: Map<string, SourceMember> }>();
  for (const b of list) {
    if (blockHeader(b).kind === 'dynamic') return member('Condition', at, openValue(rangeOf(b), reader.label(b)));
    const attrs = attributes(bodyOf(b));
    const [test, variable, values] = [attrs.get('test'), attrs.get('variable'), attrs.get('values')];
    if (!test || !variable || !values) continue;
    const testName = literalText(reader.value(test)) ?? `«${reader.label(test)}»`;
    const variableName = literalText(reader.value(variable)) ?? `«${reader.label(variable)}»`;
    let t = tests.get(testName);
    if (!t) tests.set(testName, (t = { range: rangeOf(test), variables: new Map() }));
    const repeated = t.variables.has(variableName);
    const value = repeated ? openValue(rangeOf(b), `condition blocks repeating ${testName} ${variableName}`) : reader.value(values);
    t.variables.set(variableName, { name: variableName, nameRange: rangeOf(variable), nameExact: false, value });
  }
  const members = [...tests.entries()].map(([name, t]) => member(name, t.range, { kind: 'object', range: t.range, members: [...t.variables.values()] }));
  return member('Condition', at, { kind: 'object', range: rangeOf(first), members });
}

/** One `statement` block → a statement object (a `dynamic "statement"` block is open). */
function statementOf(block: Node, reader: ExpressionReader): SourceValue {
  const header = blockHeader(block);
  if (header.kind === 'dynamic') return openValue(rangeOf(block), reader.label(block).replace(/\{.*$/, '').trim() || 'dynamic "statement"');
  const body = bodyOf(block);
  const attrs = attributes(body);
  const nested = blocks(body);
  const byKind = (kind: string): Node[] =>
    nested.filter((b) => blockHeader(b).kind === kind || (blockHeader(b).kind === 'dynamic' && blockHeader(b).labels[0]?.text === kind));
  const head = rangeOf(block.namedChildren[0] ?? block);
  const members: SourceMember[] = [];
  const sid = attrs.get('sid');
  if (sid) members.push(member('Sid', rangeOf(sid), reader.value(sid)));
  const effect = attrs.get('effect');
  members.push(effect ? member('Effect', rangeOf(effect), reader.value(effect)) : member('Effect', head, str('Allow', head)));
  const principal = principalsOf(byKind('principals'), reader, 'Principal') ?? principalsOf(byKind('not_principals'), reader, 'NotPrincipal');
  if (principal) members.push(principal);
  for (const [attr, element] of LISTS) {
    const a = attrs.get(attr);
    if (a) members.push(member(element, rangeOf(a.parent?.namedChildren[0] ?? a), reader.value(a)));
  }
  const condition = conditionsOf(byKind('condition'), reader);
  if (condition) members.push(condition);
  return { kind: 'object', range: rangeOf(block), members };
}

/** The Sid of a statement value, when it is literal and not blank. */
function sidOf(statement: SourceValue): string | undefined {
  const sid = literalText(memberOf(statement, 'Sid')?.value);
  return sid ? sid : undefined;
}

/** Merges statements as the provider does: a non-blank Sid replaces the same Sid in place; others are appended. */
function merge(into: SourceValue[], add: readonly SourceValue[]): void {
  for (const s of add) {
    const sid = sidOf(s);
    const at = sid === undefined ? -1 : into.findIndex((x) => sidOf(x) === sid);
    if (at >= 0) into[at] = s;
    else into.push(s);
  }
}

/** The statements of a document value (an open document is one open statement). */
function statementsOf(doc: SourceValue): SourceValue[] {
  const list = memberOf(doc, 'Statement')?.value;
  if (doc.kind === 'object' && list) return items(list);
  return [doc.kind === 'open' ? doc : openValue(doc.range, 'policy document')];
}

/** Reads a `data "aws_iam_policy_document"` block into the policy it renders. */
export function policyDocumentOf(block: Node, reader: ExpressionReader): SourceValue {
  const body = bodyOf(block);
  const attrs = attributes(body);
  // Each listed document resolves through the scope (a document of this file, or open).
  const listOf = (name: string): SourceValue[] => {
    const a = attrs.get(name);
    return a ? items(reader.value(a)).flatMap(statementsOf) : [];
  };
  const merged: SourceValue[] = [];
  merge(merged, listOf('source_policy_documents'));
  const own = blocks(body).filter(
    (b) => blockHeader(b).kind === 'statement' || (blockHeader(b).kind === 'dynamic' && blockHeader(b).labels[0]?.text === 'statement'),
  );
  merge(
    merged,
    own.map((b) => statementOf(b, reader)),
  );
  merge(merged, listOf('override_policy_documents'));
  const range = rangeOf(block);
  const head = rangeOf(block.namedChildren[0] ?? block);
  const version = attrs.get('version');
  const members: SourceMember[] = [version ? member('Version', rangeOf(version), reader.value(version)) : member('Version', head, str('2012-10-17', head))];
  const id = attrs.get('policy_id');
  if (id) members.push(member('Id', rangeOf(id), reader.value(id)));
  members.push(member('Statement', head, { kind: 'array', range, items: merged }));
  return { kind: 'object', range, members };
}
