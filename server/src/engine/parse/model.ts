/**
 * The policy model: what a key-policy document says, with every value carrying where it was written.
 * Produced by `parsePolicy` (never throws); consumed by rules, features and the simulator.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { PrincipalRef } from './principalRef';

/** A span of the source text: offset and length in UTF-16 code units, plus the JSON pointer of the node. */
export interface Span {
  /** Offset of the first character. */
  readonly offset: number;
  /** Length in characters. */
  readonly length: number;
  /** RFC 6901 JSON pointer of the node ("" for the whole document). */
  readonly pointer: string;
}

/** A value together with the span it was read from. */
export interface Located<T> extends Span {
  /** The value, decoded from JSON. */
  readonly value: T;
}

/** A member of a JSON object: the property name's span and the value node. */
export interface Member {
  /** The property name exactly as written. */
  readonly name: Located<string>;
  /** The value node (jsonc-parser), for type checks and edits. */
  readonly node: JsonNode;
  /** Span of the value. */
  readonly value: Span;
  /** Span of the whole member (`"Name": value`). */
  readonly whole: Span;
}

/** A problem found while reading the text, before any rule runs (syntax, duplicates, nesting). */
export interface SyntaxProblem extends Span {
  /** Stable kind, mapped to a rule code by the syntax rules. */
  readonly kind: 'syntax' | 'comment' | 'trailing-comma' | 'duplicate-key' | 'too-deep' | 'bom' | 'empty';
  /** A human message (what is wrong). */
  readonly message: string;
  /** For duplicate keys: the span of the earlier occurrence. */
  readonly related?: Span;
}

/** One JSON value position that should have held a list of strings (Action, Resource, ...). */
export interface StringList {
  /** The whole element's value span. */
  readonly span: Span;
  /** The value node, for type checks and edits. */
  readonly node: JsonNode;
  /** True when written as an array (the string form is normalised to one item). */
  readonly isArray: boolean;
  /** The string items; non-string items are left out (rules report them from `node`). */
  readonly items: readonly Located<string>[];
}

/** One principal written in a Principal/NotPrincipal element. */
export interface PrincipalEntry extends Located<string> {
  /** The principal-type key it was listed under ("AWS", "Service", ...), or "*" for `"Principal": "*"`. */
  readonly type: string;
  /** What the string denotes. */
  readonly ref: PrincipalRef;
}

/** A Principal or NotPrincipal element. */
export interface PrincipalBlock {
  /** The element's value span. */
  readonly span: Span;
  /** The value node. */
  readonly node: JsonNode;
  /** Every principal listed, in source order. `"*"` yields one entry of type "*". */
  readonly entries: readonly PrincipalEntry[];
  /** The principal-type keys as written (`AWS`, `Service`, ...), for format checks. */
  readonly typeKeys: readonly Member[];
}

/** One value of a condition key: a JSON string, number or boolean (other JSON types are left for rules). */
export type ConditionScalar = string | number | boolean;

/** One key under an operator in a Condition block: `"kms:CallerAccount": ["111122223333"]`. */
export interface ConditionKeyEntry {
  /** The key name as written (case preserved). */
  readonly key: Located<string>;
  /** The value node. */
  readonly node: JsonNode;
  /** Span of the value. */
  readonly span: Span;
  /** True when the values were written as an array. */
  readonly isArray: boolean;
  /** The scalar values; other JSON types are left out. */
  readonly values: readonly Located<ConditionScalar>[];
}

/** One operator in a Condition block with its keys: `"StringEquals": {...}`. */
export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: Located<string>;
  /** The operator's value node. */
  readonly node: JsonNode;
  /** Span of the operator's value object. */
  readonly span: Span;
  /** The keys under this operator. */
  readonly keys: readonly ConditionKeyEntry[];
}

/** The Condition element of a statement. */
export interface ConditionBlock {
  /** Span of the Condition value. */
  readonly span: Span;
  /** The value node. */
  readonly node: JsonNode;
  /** The operators, in source order. */
  readonly clauses: readonly ConditionClause[];
}

/** The statement element names a key policy may use (case-sensitive). */
export const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;

/** The top-level element names a key policy may use (case-sensitive). */
export const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'] as const;

/** One statement of the policy. */
export interface Statement {
  /** Position in the Statement list (0-based; 0 for a single-object Statement). */
  readonly index: number;
  /** Span of the statement object (or of whatever non-object value stands in the list). */
  readonly span: Span;
  /** The statement node. */
  readonly node: JsonNode;
  /** True when the node is a JSON object; other fields are empty otherwise. */
  readonly isObject: boolean;
  /** Every member as written, in order (duplicates included), for element checks. */
  readonly members: readonly Member[];
  /** The Sid when it is a string. */
  readonly sid?: Located<string>;
  /** The Effect when it is a string (validity is a rule's business). */
  readonly effect?: Located<string>;
  /** The Principal element. */
  readonly principal?: PrincipalBlock;
  /** The NotPrincipal element. */
  readonly notPrincipal?: PrincipalBlock;
  /** The Action element. */
  readonly action?: StringList;
  /** The NotAction element. */
  readonly notAction?: StringList;
  /** The Resource element. */
  readonly resource?: StringList;
  /** The NotResource element. */
  readonly notResource?: StringList;
  /** The Condition element. */
  readonly condition?: ConditionBlock;
}

/** The policy as a whole. */
export interface Policy {
  /** Span of the root object. */
  readonly span: Span;
  /** The root node. */
  readonly node: JsonNode;
  /** Every top-level member as written, in order. */
  readonly members: readonly Member[];
  /** The Version when it is a string. */
  readonly version?: Located<string>;
  /** The Id when it is a string. */
  readonly id?: Located<string>;
  /** The Statement member, when present (any JSON type). */
  readonly statementMember?: Member;
  /** True when Statement was written as an array. */
  readonly statementIsArray: boolean;
  /** The statements, normalised from the object-or-array form. */
  readonly statements: readonly Statement[];
}

/** A parsed document: the text, its syntax problems and (when the root is an object) the policy. */
export interface PolicyDocument {
  /** The text as given. */
  readonly text: string;
  /** The URI, when the caller gave one. */
  readonly uri?: string;
  /** The JSON tree (undefined for empty or hopeless text). */
  readonly root?: JsonNode;
  /** Problems found while reading the text. */
  readonly syntaxProblems: readonly SyntaxProblem[];
  /** The policy model when the root is an object; otherwise undefined. */
  readonly policy?: Policy;
  /** True when every character of the text is ASCII (nearly every policy): no character-level check can fail. */
  readonly asciiOnly: boolean;
  /** Size of the text in UTF-8 bytes (KMS counts bytes). */
  readonly byteLength: number;
  /**
   * True when the text is larger than MAX_ANALYSED_BYTES, far beyond the 32 KB quota: it was read for its JSON
   * structure only (no tree, no policy model, so its memory stays that of the text), and only the document
   * rules run on it. The simulator refuses it rather than answer for a policy it has not read.
   */
  readonly structureOnly?: true;
  /** Converts an offset to a 0-based line/character position. */
  positionAt(offset: number): { line: number; character: number };
  /** Converts a 0-based line/character position to an offset. */
  offsetAt(position: { line: number; character: number }): number;
}
