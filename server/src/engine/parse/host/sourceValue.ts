/**
 * A policy as a template writes it, before it is JSON: objects, lists and strings with the host range of
 * each, where a string may be made of literal text, values the template fixes (the key's own account,
 * Region, partition) and values it leaves open (a parameter, a variable, a module output). Every reader
 * (CloudFormation YAML and JSON, Terraform HCL, plan JSON) produces this, and `renderPolicy` writes it out
 * as the JSON the engine reads.
 */
import type { HostRange } from './sourceMap';

/** What a template fixes about the key it declares: resolved when the policy is written out. */
export type KnownValue = 'account' | 'region' | 'partition' | 'urlSuffix';

/** A piece of a string value. */
export type Piece =
  /** Literal text. `exact`: the host text at `range.start` is this text, character for character. */
  | { readonly kind: 'text'; readonly text: string; readonly range: HostRange; readonly exact: boolean }
  /** The key's own account, Region, partition or URL suffix (AWS::AccountId, data.aws_caller_identity…). */
  | { readonly kind: 'known'; readonly value: KnownValue; readonly range: HostRange; readonly label: string }
  /** An IAM role or user defined in the same file, named by its logical id or resource address. */
  | { readonly kind: 'ref'; readonly iam: 'role' | 'user'; readonly name: string; readonly range: HostRange; readonly label: string }
  /** A value the file leaves open (a parameter, a variable, another stack's export…), shown by `label`. */
  | { readonly kind: 'open'; readonly range: HostRange; readonly label: string };

/** One member of an object. */
export interface SourceMember {
  readonly name: string;
  readonly nameRange: HostRange;
  /** True when the host text at nameRange.start is the name itself. */
  readonly nameExact: boolean;
  readonly value: SourceValue;
}

/** A value of the policy as the template writes it. */
export type SourceValue =
  | { readonly kind: 'object'; readonly range: HostRange; readonly members: readonly SourceMember[] }
  | { readonly kind: 'array'; readonly range: HostRange; readonly items: readonly SourceValue[] }
  | { readonly kind: 'string'; readonly range: HostRange; readonly pieces: readonly Piece[] }
  | { readonly kind: 'scalar'; readonly range: HostRange; readonly value: number | boolean | null }
  /** A whole value the file leaves open (`!If`, a `for` expression, a `dynamic` block…). */
  | { readonly kind: 'open'; readonly range: HostRange; readonly label: string }
  /**
   * JSON text written in a host string (a heredoc, a JSON string, a file): `pieces` are its raw text and the
   * interpolations in it. Read as JSON, with its own syntax problems.
   */
  | { readonly kind: 'jsonText'; readonly range: HostRange; readonly pieces: readonly Piece[] };

/** A string of one literal piece. */
export function literalString(text: string, range: HostRange, exact: boolean): SourceValue {
  return { kind: 'string', range, pieces: [{ kind: 'text', text, range, exact }] };
}

/** A whole value left open. */
export function openValue(range: HostRange, label: string): SourceValue {
  return { kind: 'open', range, label: cleanLabel(label) };
}

/** The most a label shows of the expression it stands for. */
const MAX_LABEL = 60;

/**
 * A label as the JSON text carries it: on one line, without quotes, backslashes or guillemets (which
 * delimit it), and short.
 */
export function cleanLabel(text: string): string {
  const one = text
    .replace(/\s+/g, ' ')
    .replace(/["\\«»\u0000-\u001f]/g, '')
    .trim();
  return one.length > MAX_LABEL ? `${one.slice(0, MAX_LABEL - 1)}…` : one;
}

/** The string value of a SourceValue made only of literal text, or undefined. */
export function literalText(v: SourceValue | undefined): string | undefined {
  if (!v || v.kind !== 'string') return undefined;
  let out = '';
  for (const p of v.pieces) {
    if (p.kind !== 'text') return undefined;
    out += p.text;
  }
  return out;
}

/** The member of an object value with this name (the last one, as JSON readers keep). */
export function memberOf(v: SourceValue | undefined, name: string): SourceMember | undefined {
  if (!v || v.kind !== 'object') return undefined;
  for (let i = v.members.length - 1; i >= 0; i--) if ((v.members[i] as SourceMember).name === name) return v.members[i];
  return undefined;
}
