/**
 * Small lookups over policy and statement members shared by the KP1xx structure rules: members by exact
 * name, misspelt variants, where to anchor a finding about a whole statement, JSON type names for messages.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { Member, Span, Statement } from '../parse/model';

/** The members written with exactly this name (duplicates included), in source order. */
export function membersNamed(members: readonly Member[], name: string): Member[] {
  return members.filter((m) => m.name.value === name);
}

/** True when a member is written with this exact name and has a value. */
export function hasMember(members: readonly Member[], name: string): boolean {
  return members.some((m) => m.name.value === name && m.value.length > 0);
}

/**
 * True when a member spells this name in another case or with stray spaces ("effect", " Effect"). The
 * unknown-element rule reports those with a fix, so "missing X" rules stay quiet to avoid a second error.
 */
export function hasMisspeltMember(members: readonly Member[], name: string): boolean {
  const want = name.toLowerCase();
  return members.some((m) => m.name.value !== name && m.name.value.trim().toLowerCase() === want);
}

/**
 * Where to show a finding about a statement as a whole: its Sid member when it has one (a readable anchor),
 * otherwise the statement's opening brace.
 */
export function statementAnchor(statement: Statement): Span {
  const sid = statement.members.find((m) => m.name.value === 'Sid');
  if (sid) return sid.whole;
  return { offset: statement.span.offset, length: 1, pointer: statement.span.pointer };
}

/** The span of a JSON node with the given pointer. */
export function nodeSpan(node: JsonNode, pointer: string): Span {
  return { offset: node.offset, length: node.length, pointer };
}

/** A JSON type as a message names it: "a number", "an array", "null". */
export function jsonTypeName(node: JsonNode): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    default:
      return 'a property';
  }
}

/**
 * True when a statement object has neither element of a pair (Action/NotAction...), counting members with
 * no readable value as present (the syntax rules report those) and staying quiet about misspelt names.
 */
export function lacksBoth(statement: Statement, name: string, notName: string): boolean {
  if (!statement.isObject) return false;
  const m = statement.members;
  return ![name, notName].some((n) => m.some((x) => x.name.value === n) || hasMisspeltMember(m, n));
}
