/**
 * The IAM condition operators (SEMANTICS §3, from I:reference_policies_elements_condition_operators.md and
 * I:reference_policies_multi-value-conditions.md) and the grammar `[ForAllValues:|ForAnyValue:]Base[IfExists]`.
 * Names are matched exactly (SEMANTICS §3: operator case is undocumented, treat it as exact); `suggestOperators`
 * offers the near misses for "did you mean".
 */
import { memoByText } from '../memo';
import { suggest } from './suggest';

/** The kind of value an operator compares. */
export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** How one request value is compared with one policy value. */
export type OperatorComparison = 'equals' | 'like' | 'lessThan' | 'lessThanEquals' | 'greaterThan' | 'greaterThanEquals' | 'null';

/** A set qualifier as written before the colon. */
export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

/** Both set qualifiers. */
export const SET_QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];

/**
 * The logical negation of a condition clause, for subtracting Deny statements (SEMANTICS §3 "Complements").
 * ¬(Op k v) = (operator k v') ∨ (orAbsent ? Null k true : false), where v' = v unless `invertValue`.
 * The modifiers negate separately: ¬(X…IfExists) = complement of X without the absent case ∧ `Null: false`;
 * ¬(ForAllValues:X) = ForAnyValue:(complement of X).
 */
export interface OperatorComplement {
  readonly operator: string;
  /** The complement also holds when the key is absent (ordering operators and Bool). */
  readonly orAbsent: boolean;
  /** The complement flips the value instead of the operator (Bool true↔false, Null true↔false). */
  readonly invertValue: boolean;
}

/** One base operator (no qualifier, no IfExists). */
export interface OperatorInfo {
  readonly name: string;
  readonly family: OperatorFamily;
  readonly comparison: OperatorComparison;
  /** `…Not…` and `NotIpAddress`: listed values mean "matches none of them"; true when the key is absent. */
  readonly negated: boolean;
  /** Compares strings ignoring case (`…IgnoreCase`). */
  readonly ignoresCase: boolean;
  /** `*` and `?` glob in values (Like operators and every ARN operator); literal elsewhere. */
  readonly wildcards: boolean;
  /** Whether `${…}` policy variables are allowed in values; the sources disagree for Bool. */
  readonly variables: 'yes' | 'no' | 'disputed';
  /** Whether an `IfExists` suffix is allowed (every operator but Null). */
  readonly ifExists: boolean;
  /** Whether a set qualifier means anything; `ForAllValues:Null` parses but is pointless (AA NULL_WITH_QUALIFIER). */
  readonly setQualifiers: boolean;
  /** Undefined when no operator expresses the negation (BinaryEquals). */
  readonly complement?: OperatorComplement;
  readonly description: string;
}

function op(
  name: string,
  family: OperatorFamily,
  comparison: OperatorComparison,
  rest: {
    negated?: boolean;
    ignoresCase?: boolean;
    wildcards?: boolean;
    variables?: OperatorInfo['variables'];
    complement?: OperatorComplement;
    description: string;
  },
): OperatorInfo {
  return Object.freeze({
    name,
    family,
    comparison,
    negated: rest.negated ?? false,
    ignoresCase: rest.ignoresCase ?? false,
    wildcards: rest.wildcards ?? false,
    variables: rest.variables ?? 'no',
    ifExists: family !== 'Null',
    setQualifiers: family !== 'Null',
    ...(rest.complement ? { complement: Object.freeze(rest.complement) } : {}),
    description: rest.description,
  });
}

const exact = (operator: string): OperatorComplement => ({ operator, orAbsent: false, invertValue: false });
const orAbsent = (operator: string): OperatorComplement => ({ operator, orAbsent: true, invertValue: false });

function ordered(family: 'Numeric' | 'Date', what: string): OperatorInfo[] {
  const f = family;
  return [
    op(`${f}Equals`, f, 'equals', { complement: exact(`${f}NotEquals`), description: `The ${what} equals a listed value.` }),
    op(`${f}NotEquals`, f, 'equals', {
      negated: true,
      complement: exact(`${f}Equals`),
      description: `The ${what} equals none of the listed values (true when the key is absent).`,
    }),
    op(`${f}LessThan`, f, 'lessThan', {
      complement: orAbsent(`${f}GreaterThanEquals`),
      description: `The ${what} is less than a listed value.`,
    }),
    op(`${f}LessThanEquals`, f, 'lessThanEquals', {
      complement: orAbsent(`${f}GreaterThan`),
      description: `The ${what} is less than or equal to a listed value.`,
    }),
    op(`${f}GreaterThan`, f, 'greaterThan', {
      complement: orAbsent(`${f}LessThanEquals`),
      description: `The ${what} is greater than a listed value.`,
    }),
    op(`${f}GreaterThanEquals`, f, 'greaterThanEquals', {
      complement: orAbsent(`${f}LessThan`),
      description: `The ${what} is greater than or equal to a listed value.`,
    }),
  ];
}

const ARN_NOTE = 'each of the six colon-separated parts is matched separately, case-sensitively; * and ? glob within a part';

/** Every base operator, in family order. */
export const OPERATORS: readonly OperatorInfo[] = Object.freeze([
  op('StringEquals', 'String', 'equals', {
    variables: 'yes',
    complement: exact('StringNotEquals'),
    description: 'Exact, case-sensitive match with a listed value; * and ? are literal.',
  }),
  op('StringNotEquals', 'String', 'equals', {
    negated: true,
    variables: 'yes',
    complement: exact('StringEquals'),
    description: 'Matches none of the listed values exactly (true when the key is absent).',
  }),
  op('StringEqualsIgnoreCase', 'String', 'equals', {
    ignoresCase: true,
    variables: 'yes',
    complement: exact('StringNotEqualsIgnoreCase'),
    description: 'Match with a listed value, ignoring case.',
  }),
  op('StringNotEqualsIgnoreCase', 'String', 'equals', {
    negated: true,
    ignoresCase: true,
    variables: 'yes',
    complement: exact('StringEqualsIgnoreCase'),
    description: 'Matches none of the listed values, ignoring case (true when the key is absent).',
  }),
  op('StringLike', 'String', 'like', {
    wildcards: true,
    variables: 'yes',
    complement: exact('StringNotLike'),
    description: 'Case-sensitive match with a listed pattern: * is any run of characters, ? one character.',
  }),
  op('StringNotLike', 'String', 'like', {
    negated: true,
    wildcards: true,
    variables: 'yes',
    complement: exact('StringLike'),
    description: 'Matches none of the listed patterns (true when the key is absent).',
  }),
  ...ordered('Numeric', 'number'),
  ...ordered('Date', 'date (ISO 8601 or epoch seconds)'),
  op('Bool', 'Bool', 'equals', {
    variables: 'disputed',
    complement: { operator: 'Bool', orAbsent: true, invertValue: true },
    description: 'The boolean equals the value ("true" or "false"); give a single value.',
  }),
  op('BinaryEquals', 'Binary', 'equals', {
    description: 'The bytes equal the base64-encoded value. There is no negated form.',
  }),
  op('IpAddress', 'IpAddress', 'equals', {
    complement: exact('NotIpAddress'),
    description: 'The address is inside a listed CIDR range (IPv4 or IPv6; a bare address is a /32).',
  }),
  op('NotIpAddress', 'IpAddress', 'equals', {
    negated: true,
    complement: exact('IpAddress'),
    description: 'The address is in none of the listed ranges (true when the key is absent).',
  }),
  op('ArnEquals', 'Arn', 'equals', {
    wildcards: true,
    variables: 'yes',
    complement: exact('ArnNotEquals'),
    description: `The ARN matches a listed ARN; ${ARN_NOTE}. Same as ArnLike.`,
  }),
  op('ArnLike', 'Arn', 'like', {
    wildcards: true,
    variables: 'yes',
    complement: exact('ArnNotLike'),
    description: `The ARN matches a listed ARN pattern; ${ARN_NOTE}.`,
  }),
  op('ArnNotEquals', 'Arn', 'equals', {
    negated: true,
    wildcards: true,
    variables: 'yes',
    complement: exact('ArnEquals'),
    description: 'The ARN matches none of the listed ARNs (true when the key is absent). Same as ArnNotLike.',
  }),
  op('ArnNotLike', 'Arn', 'like', {
    negated: true,
    wildcards: true,
    variables: 'yes',
    complement: exact('ArnLike'),
    description: 'The ARN matches none of the listed patterns (true when the key is absent).',
  }),
  op('Null', 'Null', 'null', {
    complement: { operator: 'Null', orAbsent: false, invertValue: true },
    description: '"true": the key is absent (or empty); "false": the key is present. Cannot take IfExists.',
  }),
]);

const BY_NAME: ReadonlyMap<string, OperatorInfo> = new Map(OPERATORS.map((o) => [o.name, o]));
const BY_LOWER_NAME: ReadonlyMap<string, OperatorInfo> = new Map(OPERATORS.map((o) => [o.name.toLowerCase(), o]));

/** Every base operator, in family order. */
export function allOperators(): readonly OperatorInfo[] {
  return OPERATORS;
}

/** A base operator by its exact name (`StringEquals`); undefined otherwise. */
export function findOperator(base: string): OperatorInfo | undefined {
  return BY_NAME.get(base);
}

/**
 * An operator as written, read into its parts: the one operator model the rules, the facts and the simulator
 * share. `known` is false for an unknown base operator or qualifier (KP401 reports those); `valid` is also false
 * for `Null…IfExists`, which IAM rejects but which reads well enough for KP410 to explain. The base operator's
 * facts are copied up (`family`, `negated`…) so a reader never has to reach into `info`.
 */
export interface OperatorReading {
  /** The text as written. */
  readonly text: string;
  readonly qualifier: SetQualifier | undefined;
  /** The base name, e.g. `StringNotLike` (as written when unknown). */
  readonly base: string;
  readonly ifExists: boolean;
  /** The base operator and qualifier exist (exact case). */
  readonly known: boolean;
  /** Known, and the combination is allowed (not `Null…IfExists`). A condition with an invalid operator never holds. */
  readonly valid: boolean;
  /** The base operator's facts; undefined when not known. */
  readonly info: OperatorInfo | undefined;
  /** The value family (`String` when unknown). */
  readonly family: OperatorFamily;
  /** How one request value is compared with one policy value. */
  readonly comparison: OperatorComparison;
  /** `…Not…` and `NotIpAddress`: listed values mean "matches none of them"; true when the key is absent. */
  readonly negated: boolean;
  /** Compares strings ignoring case. */
  readonly ignoresCase: boolean;
  /** `*` and `?` glob in values. */
  readonly wildcards: boolean;
  /** Whether `${…}` policy variables are allowed in values. */
  readonly variables: OperatorInfo['variables'];
}

/** A valid operator reading (what {@link parseOperator} returns). */
export type ParsedOperator = OperatorReading & { readonly info: OperatorInfo; readonly valid: true };

/** Reads any operator text, never throws; see {@link OperatorReading}. */
export const readOperator: (text: string) => OperatorReading = memoByText(readOperatorText);

function readOperatorText(text: string): OperatorReading {
  const { qualifier, base, ifExists } = split(text);
  const qualifierKnown = qualifier === undefined || (SET_QUALIFIERS as readonly string[]).includes(qualifier);
  const info = qualifierKnown ? BY_NAME.get(base) : undefined;
  return Object.freeze({
    text,
    qualifier: qualifierKnown ? (qualifier as SetQualifier | undefined) : undefined,
    base,
    ifExists,
    known: info !== undefined,
    valid: info !== undefined && (!ifExists || info.ifExists),
    info,
    family: info?.family ?? 'String',
    comparison: info?.comparison ?? 'equals',
    negated: info?.negated ?? false,
    ignoresCase: info?.ignoresCase ?? false,
    wildcards: info?.wildcards ?? false,
    variables: info?.variables ?? 'no',
  });
}

/** Writes an operator back from its parts. */
export function formatOperator(op: { readonly qualifier: SetQualifier | undefined; readonly base: string; readonly ifExists: boolean }): string {
  return `${op.qualifier ? `${op.qualifier}:` : ''}${op.base}${op.ifExists ? IF_EXISTS : ''}`;
}

/**
 * The base operator that is the exact complement of `base` for a present key (StringEquals ↔ StringNotEquals,
 * NumericLessThan ↔ NumericGreaterThanEquals…); undefined when none is (Bool and Null flip their value
 * instead; BinaryEquals has no negation).
 */
export function complementBase(base: string): string | undefined {
  const c = BY_NAME.get(base)?.complement;
  return c && !c.invertValue ? c.operator : undefined;
}

/** Why an operator text is not valid. */
export type OperatorProblem =
  /** The text is empty. */
  | 'empty'
  /** The part before `:` is not ForAllValues or ForAnyValue (exactly). */
  | 'unknownQualifier'
  /** `Null` with `IfExists`, which IAM rejects. */
  | 'ifExistsNotAllowed'
  /** The operator exists but is written in another case. */
  | 'wrongCase'
  /** No such operator. */
  | 'unknown';

/** The result of {@link checkOperator}. */
export type OperatorCheck =
  { readonly ok: true; readonly parsed: ParsedOperator } | { readonly ok: false; readonly problem: OperatorProblem; readonly suggestions: readonly string[] };

const IF_EXISTS = 'IfExists';

function split(text: string): { qualifier?: string; base: string; ifExists: boolean } {
  const colon = text.indexOf(':');
  const qualifier = colon >= 0 ? text.slice(0, colon) : undefined;
  let base = colon >= 0 ? text.slice(colon + 1) : text;
  const ifExists = base.endsWith(IF_EXISTS) && base.length > IF_EXISTS.length;
  if (ifExists) base = base.slice(0, -IF_EXISTS.length);
  return { qualifier, base, ifExists };
}

/**
 * Reads `ForAnyValue:StringNotLikeIfExists` into qualifier, base, IfExists and the base's info. Exact case;
 * undefined for unknown operators, unknown qualifiers and `Null…IfExists`.
 */
export function parseOperator(text: string): ParsedOperator | undefined {
  const reading = readOperator(text);
  return reading.valid ? (reading as ParsedOperator) : undefined;
}

/** Like {@link parseOperator}, but says what is wrong and what was probably meant. */
export function checkOperator(text: string): OperatorCheck {
  const parsed = parseOperator(text);
  if (parsed) return { ok: true, parsed };
  if (text.trim() === '') return { ok: false, problem: 'empty', suggestions: [] };
  const suggestions = suggestOperators(text);
  const { qualifier, base, ifExists } = split(text);
  const info = BY_NAME.get(base);
  let problem: OperatorProblem;
  if (qualifier !== undefined && !(SET_QUALIFIERS as readonly string[]).includes(qualifier)) {
    problem = suggestions.some((s) => s.toLowerCase() === text.toLowerCase()) ? 'wrongCase' : 'unknownQualifier';
  } else if (info && ifExists && !info.ifExists) {
    problem = 'ifExistsNotAllowed';
  } else {
    problem = suggestions.some((s) => s.toLowerCase() === text.toLowerCase()) ? 'wrongCase' : 'unknown';
  }
  return { ok: false, problem, suggestions };
}

/**
 * Near misses for "did you mean": the exact spelling when only case differs, otherwise up to three valid
 * operators close to the text (qualifier, base and IfExists corrected separately). Empty when nothing is close.
 */
export function suggestOperators(text: string): string[] {
  const lower = text.toLowerCase();
  const colon = lower.indexOf(':');
  let qualifiers: (string | undefined)[] = [undefined];
  if (colon >= 0) {
    const q = text.slice(0, colon);
    const exactQ = SET_QUALIFIERS.find((s) => s.toLowerCase() === q.toLowerCase());
    qualifiers = exactQ ? [exactQ] : suggest(q, SET_QUALIFIERS, 2);
    if (qualifiers.length === 0) return [];
  }
  let rest = colon >= 0 ? text.slice(colon + 1) : text;
  let ifExists = false;
  if (rest.toLowerCase().endsWith(IF_EXISTS.toLowerCase()) && rest.length > IF_EXISTS.length) {
    ifExists = true;
    rest = rest.slice(0, -IF_EXISTS.length);
  }
  const caseOnly = BY_LOWER_NAME.get(rest.toLowerCase());
  const bases = caseOnly
    ? [caseOnly.name]
    : suggest(
        rest,
        OPERATORS.map((o) => o.name),
      );
  const out: string[] = [];
  for (const q of qualifiers) {
    for (const b of bases) {
      // `Null…IfExists` is never valid: offer the operator without the suffix.
      const suffix = ifExists && BY_NAME.get(b)?.ifExists ? IF_EXISTS : '';
      out.push(`${q ? `${q}:` : ''}${b}${suffix}`);
    }
  }
  return out.filter((s) => s !== text).slice(0, 3);
}
