/**
 * The condition-operator table as the simulator reads it: family, comparison, negation, `IfExists` and the
 * set qualifier. Names are matched exactly (SEMANTICS §3: operator names' case is undocumented; treat as exact).
 * The same grammar is in the catalog's operator table; a test checks the two agree.
 */

/** Operator families: how a request value is compared with a policy value. */
export type OperatorFamily =
  | 'String'
  | 'StringIgnoreCase'
  | 'StringLike'
  | 'Numeric'
  | 'Date'
  | 'Bool'
  | 'Binary'
  | 'Ip'
  | 'Arn'
  | 'Null';

/** The comparison of ordered families (`eq` for every other family). */
export type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

/** A set qualifier: none, `ForAllValues:` or `ForAnyValue:`. */
export type SetQualifier = 'none' | 'all' | 'any';

/** An operator as written, read into its parts. */
export interface OperatorSpec {
  /** The text as written, e.g. `ForAnyValue:StringNotLikeIfExists`. */
  readonly text: string;
  /** The base operator without qualifier or `IfExists`, e.g. `StringNotLike`. */
  readonly base: string;
  readonly family: OperatorFamily;
  readonly comparison: Comparison;
  /** `…Not…` and `NotIpAddress`: the values mean "matches none of them". */
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly set: SetQualifier;
  /** False for unknown operators and `Null…IfExists`; such a condition never holds (AWS rejects the policy). */
  readonly valid: boolean;
}

const BASE_TABLE: Readonly<Record<string, readonly [OperatorFamily, Comparison, boolean]>> = {
  StringEquals: ['String', 'eq', false],
  StringNotEquals: ['String', 'eq', true],
  StringEqualsIgnoreCase: ['StringIgnoreCase', 'eq', false],
  StringNotEqualsIgnoreCase: ['StringIgnoreCase', 'eq', true],
  StringLike: ['StringLike', 'eq', false],
  StringNotLike: ['StringLike', 'eq', true],
  NumericEquals: ['Numeric', 'eq', false],
  NumericNotEquals: ['Numeric', 'eq', true],
  NumericLessThan: ['Numeric', 'lt', false],
  NumericLessThanEquals: ['Numeric', 'lte', false],
  NumericGreaterThan: ['Numeric', 'gt', false],
  NumericGreaterThanEquals: ['Numeric', 'gte', false],
  DateEquals: ['Date', 'eq', false],
  DateNotEquals: ['Date', 'eq', true],
  DateLessThan: ['Date', 'lt', false],
  DateLessThanEquals: ['Date', 'lte', false],
  DateGreaterThan: ['Date', 'gt', false],
  DateGreaterThanEquals: ['Date', 'gte', false],
  Bool: ['Bool', 'eq', false],
  BinaryEquals: ['Binary', 'eq', false],
  IpAddress: ['Ip', 'eq', false],
  NotIpAddress: ['Ip', 'eq', true],
  // ArnEquals and ArnLike behave identically, as do their negations (IAM operator reference).
  ArnEquals: ['Arn', 'eq', false],
  ArnLike: ['Arn', 'eq', false],
  ArnNotEquals: ['Arn', 'eq', true],
  ArnNotLike: ['Arn', 'eq', true],
  Null: ['Null', 'eq', false],
};

// A Map, so that operator text such as "toString" never reaches Object.prototype.
const BASES: ReadonlyMap<string, readonly [OperatorFamily, Comparison, boolean]> = new Map(Object.entries(BASE_TABLE));

/** Every base operator name, in table order. */
export const BASE_OPERATORS: readonly string[] = [...BASES.keys()];

/** Reads an operator as written. Never throws; unknown operators come back with `valid: false`. */
export function readOperator(text: string): OperatorSpec {
  let rest = text;
  let set: SetQualifier = 'none';
  if (rest.startsWith('ForAllValues:')) {
    set = 'all';
    rest = rest.slice('ForAllValues:'.length);
  } else if (rest.startsWith('ForAnyValue:')) {
    set = 'any';
    rest = rest.slice('ForAnyValue:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const row = BASES.get(rest);
  if (!row) return { text, base: rest, family: 'String', comparison: 'eq', negated: false, ifExists, set, valid: false };
  const [family, comparison, negated] = row;
  return { text, base: rest, family, comparison, negated, ifExists, set, valid: !(family === 'Null' && ifExists) };
}

/** The base operator that is the exact complement of a base operator for a present key, when one exists. */
export function complementBase(base: string): string | undefined {
  return COMPLEMENTS.get(base);
}

const COMPLEMENTS: ReadonlyMap<string, string> = new Map(Object.entries({
  StringEquals: 'StringNotEquals',
  StringNotEquals: 'StringEquals',
  StringEqualsIgnoreCase: 'StringNotEqualsIgnoreCase',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringLike: 'StringNotLike',
  StringNotLike: 'StringLike',
  NumericEquals: 'NumericNotEquals',
  NumericNotEquals: 'NumericEquals',
  NumericLessThan: 'NumericGreaterThanEquals',
  NumericLessThanEquals: 'NumericGreaterThan',
  NumericGreaterThan: 'NumericLessThanEquals',
  NumericGreaterThanEquals: 'NumericLessThan',
  DateEquals: 'DateNotEquals',
  DateNotEquals: 'DateEquals',
  DateLessThan: 'DateGreaterThanEquals',
  DateLessThanEquals: 'DateGreaterThan',
  DateGreaterThan: 'DateLessThanEquals',
  DateGreaterThanEquals: 'DateLessThan',
  IpAddress: 'NotIpAddress',
  NotIpAddress: 'IpAddress',
  ArnEquals: 'ArnNotEquals',
  ArnLike: 'ArnNotLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
}));
