/**
 * Text → PolicyDocument. Tolerant: always returns a document; the policy model is built from whatever
 * parsed, leaving type errors in place for the rules to report (they look at the raw nodes).
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type {
  ConditionBlock,
  ConditionClause,
  ConditionKeyEntry,
  ConditionScalar,
  Located,
  Member,
  Policy,
  PolicyDocument,
  PrincipalBlock,
  PrincipalEntry,
  Span,
  Statement,
  StringList,
  SyntaxProblem,
} from './model';
import { parsePrincipal } from './principalRef';
import { MAX_ANALYSED_BYTES, readJson, readStructure } from './syntax';
import { childPointer, isAscii, lineStarts, offsetAt, positionAt, utf8Length } from './text';

/**
 * Parses key-policy text. Never throws, whatever the input. Text over MAX_ANALYSED_BYTES is read for its
 * structure only (see PolicyDocument.structureOnly).
 */
export function parsePolicy(text: string, uri?: string): PolicyDocument {
  // Characters never outnumber bytes: text this long is over the limit without reading it.
  if (text.length > MAX_ANALYSED_BYTES) return structureOnly(text, uri);
  const { root, problems, ascii } = readJson(text);
  const byteLength = ascii ? text.length : utf8Length(text);
  if (byteLength > MAX_ANALYSED_BYTES) return structureOnly(text, uri, ascii, byteLength);
  const policy = root && root.type === 'object' ? buildPolicy(root) : undefined;
  return {
    text,
    ...(uri !== undefined ? { uri } : {}),
    ...(root ? { root } : {}),
    syntaxProblems: problems,
    ...(policy ? { policy } : {}),
    asciiOnly: ascii,
    byteLength,
    ...positions(text),
  };
}

/**
 * A document too large to analyse: no tree and no model, and its syntax problems read (in one pass, without
 * a tree) only when first asked for, so a host that just needs to know it is too large pays nothing more.
 */
function structureOnly(text: string, uri: string | undefined, ascii = isAscii(text), byteLength = ascii ? text.length : utf8Length(text)): PolicyDocument {
  let problems: SyntaxProblem[] | undefined;
  return {
    text,
    ...(uri !== undefined ? { uri } : {}),
    get syntaxProblems(): SyntaxProblem[] {
      return (problems ??= readStructure(text));
    },
    asciiOnly: ascii,
    byteLength,
    structureOnly: true,
    ...positions(text),
  };
}

/** Offset ↔ line/character conversion over a line table built on first use. */
function positions(text: string): Pick<PolicyDocument, 'positionAt' | 'offsetAt'> {
  let starts: number[] | undefined;
  const table = (): number[] => (starts ??= lineStarts(text));
  return {
    positionAt: (offset) => positionAt(table(), text.length, offset),
    offsetAt: (position) => offsetAt(table(), text.length, position),
  };
}

function span(node: JsonNode, pointer: string): Span {
  return { offset: node.offset, length: node.length, pointer };
}

/** The members of an object node, in order, skipping malformed properties. */
export function membersOf(node: JsonNode, pointer: string): Member[] {
  const out: Member[] = [];
  for (const prop of node.children ?? []) {
    const keyNode = prop.children?.[0];
    const valueNode = prop.children?.[1];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    const name = keyNode.value;
    const p = childPointer(pointer, name);
    const valueSpan: Span = valueNode ? span(valueNode, p) : { offset: prop.offset + prop.length, length: 0, pointer: p };
    out.push({
      name: { value: name, offset: keyNode.offset, length: keyNode.length, pointer: p },
      node: valueNode ?? keyNode,
      value: valueSpan,
      whole: { offset: prop.offset, length: prop.length, pointer: p },
    });
  }
  return out;
}

/** The last member with this exact name (JSON readers keep the last of duplicates). */
function lastMember(members: readonly Member[], name: string): Member | undefined {
  for (let i = members.length - 1; i >= 0; i--) if ((members[i] as Member).name.value === name) return members[i];
  return undefined;
}

function buildPolicy(root: JsonNode): Policy {
  const members = membersOf(root, '');
  const versionM = lastMember(members, 'Version');
  const idM = lastMember(members, 'Id');
  const statementMember = lastMember(members, 'Statement');
  const statements: Statement[] = [];
  let statementIsArray = false;
  if (statementMember && statementMember.node !== undefined) {
    const node = statementMember.node;
    const base = statementMember.name.pointer;
    if (node.type === 'array') {
      statementIsArray = true;
      (node.children ?? []).forEach((child, i) => statements.push(buildStatement(child, childPointer(base, i), i)));
    } else if (node.type === 'object') {
      statements.push(buildStatement(node, base, 0));
    }
  }
  return {
    span: span(root, ''),
    node: root,
    members,
    ...(versionM ? optionalString('version', versionM) : {}),
    ...(idM ? optionalString('id', idM) : {}),
    ...(statementMember ? { statementMember } : {}),
    statementIsArray,
    statements,
  };
}

function stringOf(member: Member): Located<string> | undefined {
  const v = member.value;
  return member.node.type === 'string' && typeof member.node.value === 'string'
    ? { value: member.node.value, offset: v.offset, length: v.length, pointer: v.pointer }
    : undefined;
}

function optionalString<K extends string>(key: K, member: Member): { [P in K]?: Located<string> } {
  const v = member.node === undefined || member.value.length === 0 ? undefined : stringOf(member);
  return (v ? { [key]: v } : {}) as { [P in K]?: Located<string> };
}

function buildStatement(node: JsonNode, pointer: string, index: number): Statement {
  const stmtSpan = span(node, pointer);
  const members = node.type === 'object' ? membersOf(node, pointer) : [];
  let sid: Located<string> | undefined;
  let effect: Located<string> | undefined;
  let principal: PrincipalBlock | undefined;
  let notPrincipal: PrincipalBlock | undefined;
  let action: StringList | undefined;
  let notAction: StringList | undefined;
  let resource: StringList | undefined;
  let notResource: StringList | undefined;
  let condition: ConditionBlock | undefined;
  // One pass; a later duplicate overrides an earlier one, as JSON readers do. Members with no value are skipped.
  for (const m of members) {
    if (m.value.length === 0) continue;
    switch (m.name.value) {
      case 'Sid':
        sid = stringOf(m);
        break;
      case 'Effect':
        effect = stringOf(m);
        break;
      case 'Principal':
        principal = principalBlock(m);
        break;
      case 'NotPrincipal':
        notPrincipal = principalBlock(m);
        break;
      case 'Action':
        action = stringList(m);
        break;
      case 'NotAction':
        notAction = stringList(m);
        break;
      case 'Resource':
        resource = stringList(m);
        break;
      case 'NotResource':
        notResource = stringList(m);
        break;
      case 'Condition':
        condition = conditionBlock(m);
        break;
    }
  }
  // Every statement has the same shape (absent elements are undefined), so the rules that read thousands of
  // statements per second see one hidden class, not one per combination and order of elements.
  return {
    index,
    span: stmtSpan,
    node,
    isObject: node.type === 'object',
    members,
    sid,
    effect,
    principal,
    notPrincipal,
    action,
    notAction,
    resource,
    notResource,
    condition,
  };
}

/** Normalises a string-or-array value to its string items. */
function stringList(member: Member): StringList {
  const node = member.node;
  const pointer = member.name.pointer;
  if (node.type === 'array') {
    const items: Located<string>[] = [];
    (node.children ?? []).forEach((child, i) => {
      if (child.type === 'string') items.push({ value: String(child.value), offset: child.offset, length: child.length, pointer: childPointer(pointer, i) });
    });
    return { span: member.value, node, isArray: true, items };
  }
  const v = member.value;
  const items = node.type === 'string' ? [{ value: String(node.value), offset: v.offset, length: v.length, pointer: v.pointer }] : [];
  return { span: member.value, node, isArray: false, items };
}

function principalBlock(member: Member): PrincipalBlock {
  const node = member.node;
  const pointer = member.name.pointer;
  if (node.type === 'string') {
    const value = String(node.value);
    const v = member.value;
    const entry: PrincipalEntry = {
      value,
      offset: v.offset,
      length: v.length,
      pointer: v.pointer,
      type: '*',
      ref: parsePrincipal('*', value),
    };
    return { span: member.value, node, entries: [entry], typeKeys: [] };
  }
  if (node.type !== 'object') return { span: member.value, node, entries: [], typeKeys: [] };
  const typeKeys = membersOf(node, pointer);
  const entries: PrincipalEntry[] = [];
  for (const tk of typeKeys) {
    const type = tk.name.value;
    for (const item of stringList(tk).items) {
      entries.push({
        value: item.value,
        offset: item.offset,
        length: item.length,
        pointer: item.pointer,
        type,
        ref: parsePrincipal(type, item.value),
      });
    }
  }
  return { span: member.value, node, entries, typeKeys };
}

function conditionBlock(member: Member): ConditionBlock {
  const node = member.node;
  const clauses: ConditionClause[] = [];
  if (node.type === 'object') {
    for (const op of membersOf(node, member.name.pointer)) {
      const keys: ConditionKeyEntry[] = [];
      if (op.node.type === 'object') {
        for (const k of membersOf(op.node, op.name.pointer)) keys.push(conditionKey(k));
      }
      clauses.push({ operator: op.name, node: op.node, span: op.value, keys });
    }
  }
  return { span: member.value, node, clauses };
}

function scalar(node: JsonNode): ConditionScalar | undefined {
  if (node.type === 'string' || node.type === 'number' || node.type === 'boolean') return node.value as ConditionScalar;
  return undefined;
}

function conditionKey(member: Member): ConditionKeyEntry {
  const node = member.node;
  const pointer = member.name.pointer;
  const values: Located<ConditionScalar>[] = [];
  const isArray = node.type === 'array';
  if (isArray) {
    (node.children ?? []).forEach((child, i) => {
      const v = scalar(child);
      if (v !== undefined) values.push({ value: v, offset: child.offset, length: child.length, pointer: childPointer(pointer, i) });
    });
  } else {
    const v = scalar(node);
    const sv = member.value;
    if (v !== undefined) values.push({ value: v, offset: sv.offset, length: sv.length, pointer: sv.pointer });
  }
  return { key: member.name, node, span: member.value, isArray, values };
}
