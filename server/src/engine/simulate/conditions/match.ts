/**
 * One condition (operator × key × values), compiled once and evaluated against request values.
 *
 * Evaluation follows the IAM condition reference (SEMANTICS §3):
 * - absent key: positive operators are false, negated ones true; `…IfExists` is true; `ForAllValues` is true
 *   and `ForAnyValue` false; `Null:true` is true;
 * - present key: a value matches when it matches any policy value; negated operators hold when the value
 *   matches none of them;
 * - `ForAnyValue`: some request value satisfies the operator; `ForAllValues`: every request value does;
 * - a plain operator given several request values is undocumented (AA MISSING_QUALIFIER); it is evaluated as
 *   "some value matches" (negated: "no value matches") and flagged as indeterminate in the explanation.
 */
import { arnMatches, compileArnParts, compileArnPattern, splitArn, type ArnPattern } from './arn';
import { parseDate } from './dates';
import { cidrContains, parseCidr, parseIp, type CidrRange } from '../../catalog';
import { complementBase, readOperator, type OperatorComparison, type OperatorReading } from '../../catalog';
import { detach } from '../../memo';
import { compileGlob, compileGlobParts, type Glob, type GlobPart, type Values } from './values';
import { compileTemplate, resolveTemplate, type Lookup, type ValueTemplate } from './variables';

/** Matches one request value against the policy values (the positive reading of the operator). */
type ValueMatcher = (value: string, lookup: Lookup) => boolean;

/** A compiled condition. */
export interface CompiledCondition {
  /** Canonical identity: equal conditions in different statements share it (used to merge residuals). */
  readonly id: string;
  readonly operator: OperatorReading;
  /** The key as written. */
  readonly key: string;
  /** The key in lower case: condition key names are case-insensitive. */
  readonly keyLower: string;
  /** The policy values as written (numbers and booleans as text). */
  readonly values: readonly string[];
  /** True when a value uses a policy variable. */
  readonly dynamic: boolean;
  /** The variables the values use (lower-case keys). */
  readonly variableKeys: readonly string[];
  /** Null: the wanted presence; undefined for other families. */
  readonly nullWants?: { readonly absent: boolean; readonly present: boolean };
  /** The positive value matcher. */
  readonly match: ValueMatcher;
  /** Per value, the account part when the value is an ARN whose account is written as 12 digits. */
  readonly valueAccounts: readonly (string | undefined)[];
  /**
   * The same key and values under the base operator that is its exact complement when the key is present
   * (StringEquals ↔ StringNotEquals…), compiled once on first use; undefined when there is none.
   */
  complement(): CompiledCondition | undefined;
}

/** The outcome of one condition, with the note the explanation shows when the case is undocumented. */
export interface ConditionOutcome {
  readonly holds: boolean;
  readonly indeterminate: boolean;
}

/**
 * Compiles one operator-key entry. `variables` is false when the policy Version disables variables. A compiled
 * condition depends on these four alone and is immutable, so one per distinct entry is shared by every
 * policy (the same tests recur in nearly every key policy of an organisation).
 */
export function compileCondition(
  operator: OperatorReading,
  key: string,
  rawValues: readonly (string | number | boolean)[],
  variables: boolean,
): CompiledCondition {
  // Looked up by operator, key and values in nested maps: the strings are the document's own (their hashes
  // are known from other lookups), and no combined key is built. One string value (the common case) is its
  // own key; other value lists are keyed by their JSON, in a tree of their own (a lone string value may
  // spell any JSON).
  const only = rawValues.length === 1 ? rawValues[0] : undefined;
  const single = typeof only === 'string';
  const values = single ? only : JSON.stringify(rawValues);
  const tree = SHARED[(variables ? 2 : 0) + (single ? 1 : 0)] as ConditionTree;
  const known = tree.get(operator.text)?.get(key)?.get(values);
  if (known) return known;
  // Kept between documents: built from detached copies, so it holds no slice of this document's text.
  const own = rawValues.map((v) => (typeof v === 'string' ? detach(v) : v));
  const built = buildCondition(readOperator(detach(operator.text)), detach(key), own, variables);
  if (values.length <= 512) remember(tree, operator.text, key, values, built);
  return built;
}

/** Shared compiled conditions: operator → key → values. */
type ConditionTree = Map<string, Map<string, Map<string, CompiledCondition>>>;

/** One tree per Version behaviour × one string value or not; all emptied when they hold SHARED_LIMIT conditions. */
const SHARED: readonly ConditionTree[] = [new Map(), new Map(), new Map(), new Map()];
const SHARED_LIMIT = 2048;
let sharedCount = 0;

function remember(tree: ConditionTree, operator: string, key: string, values: string, condition: CompiledCondition): void {
  if (sharedCount >= SHARED_LIMIT) {
    for (const t of SHARED) t.clear();
    sharedCount = 0;
  }
  let byKey = tree.get(operator);
  if (!byKey) tree.set(detach(operator), (byKey = new Map()));
  let byValues = byKey.get(key);
  if (!byValues) byKey.set(detach(key), (byValues = new Map()));
  byValues.set(detach(values), condition);
  sharedCount++;
}

function buildCondition(operator: OperatorReading, key: string, rawValues: readonly (string | number | boolean)[], variables: boolean): CompiledCondition {
  const values = rawValues.map((v) => (typeof v === 'string' ? v : String(v)));
  const templates = values.map((v) =>
    compileTemplate(v, variables && (operator.family === 'String' || operator.family === 'Arn' || operator.family === 'Bool')),
  );
  const dynamic = templates.some((t) => t.dynamic);
  const variableKeys = templates.flatMap((t) => t.parts.flatMap((p) => (p.kind === 'var' ? [p.keyLower] : [])));
  const id = `${operator.text}|${key.toLowerCase()}|${JSON.stringify(values)}`;
  let complement: CompiledCondition | null | undefined;
  const base = {
    id,
    operator,
    key,
    keyLower: key.toLowerCase(),
    values,
    dynamic,
    variableKeys,
    valueAccounts: values.map((v) => {
      const acct = splitArn(v)?.[4];
      return acct !== undefined && /^\d{12}$/.test(acct) ? acct : undefined;
    }),
    complement(): CompiledCondition | undefined {
      if (complement === undefined) {
        const comp = operator.valid && operator.qualifier === undefined && !operator.ifExists ? complementBase(operator.base) : undefined;
        complement = comp ? compileCondition(readOperator(comp), key, rawValues, variables) : null;
      }
      return complement ?? undefined;
    },
  };
  if (operator.family === 'Null') {
    const lower = values.map((v) => v.toLowerCase());
    return { ...base, nullWants: { absent: lower.includes('true'), present: lower.includes('false') }, match: () => false };
  }
  return { ...base, match: operator.valid ? buildMatcher(operator, templates) : () => false };
}

/** Evaluates a compiled condition against a key's request values (undefined = absent). */
export function evaluateCondition(c: CompiledCondition, values: Values, lookup: Lookup): ConditionOutcome {
  const op = c.operator;
  if (!op.valid) return NO;
  if (c.nullWants) return (values === undefined ? c.nullWants.absent : c.nullWants.present) ? YES : NO;
  if (values === undefined) {
    if (op.ifExists || op.qualifier === 'ForAllValues') return YES;
    if (op.qualifier === 'ForAnyValue') return NO;
    return op.negated ? YES : NO;
  }
  // For one request value v the operator holds when match(v) differs from `negated`.
  const negated = op.negated;
  if (op.qualifier === 'ForAnyValue') {
    for (let i = 0; i < values.length; i++) if (c.match(values[i]!, lookup) !== negated) return YES;
    return NO;
  }
  if (op.qualifier === 'ForAllValues') {
    for (let i = 0; i < values.length; i++) if (c.match(values[i]!, lookup) === negated) return NO;
    return YES;
  }
  if (values.length === 1) return c.match(values[0]!, lookup) !== negated ? YES : NO;
  let some = false;
  for (let i = 0; i < values.length && !some; i++) some = c.match(values[i]!, lookup);
  return some !== negated ? INDETERMINATE_YES : INDETERMINATE_NO;
}

const YES: ConditionOutcome = { holds: true, indeterminate: false };
const NO: ConditionOutcome = { holds: false, indeterminate: false };
const INDETERMINATE_YES: ConditionOutcome = { holds: true, indeterminate: true };
const INDETERMINATE_NO: ConditionOutcome = { holds: false, indeterminate: true };

function buildMatcher(op: OperatorReading, templates: readonly ValueTemplate[]): ValueMatcher {
  switch (op.family) {
    case 'String':
      return op.wildcards ? likeMatcher(templates) : stringMatcher(templates, op.ignoresCase);
    case 'Binary':
      return stringMatcher(templates, false);
    case 'Bool':
      return stringMatcher(templates, true);
    case 'Arn':
      return arnMatcher(templates);
    case 'Numeric':
      return orderedMatcher(
        templates.map((t) => parseNumber(t.source)),
        parseNumber,
        op.comparison,
      );
    case 'Date':
      return orderedMatcher(
        templates.map((t) => parseDate(t.source)),
        parseDate,
        op.comparison,
      );
    case 'IpAddress':
      return ipMatcher(templates.map((t) => parseCidr(t.source)));
    case 'Null':
      return () => false;
  }
}

function stringMatcher(templates: readonly ValueTemplate[], ignoreCase: boolean): ValueMatcher {
  const fold = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
  if (templates.every((t) => !t.dynamic)) {
    if (templates.length === 1) {
      const only = fold(templates[0]!.source);
      return ignoreCase ? (v) => v.toLowerCase() === only : (v) => v === only;
    }
    const set = new Set(templates.map((t) => fold(t.source)));
    return (v) => set.has(fold(v));
  }
  return (v, lookup) => {
    const fv = fold(v);
    for (const t of templates) {
      const parts = t.dynamic ? resolveTemplate(t, lookup) : undefined;
      if (t.dynamic && !parts) continue;
      const text = parts ? parts.map((p) => p.text).join('') : t.source;
      if (fold(text) === fv) return true;
    }
    return false;
  };
}

/** A per-condition cache of globs compiled from resolved variable values (bounded; a glob depends on its parts alone). */
function cached<T>(build: (parts: GlobPart[]) => T): (parts: GlobPart[]) => T {
  const cache = new Map<string, T>();
  return (parts) => {
    const k = JSON.stringify(parts);
    let v = cache.get(k);
    if (v === undefined) {
      v = build(parts);
      if (cache.size < 256) cache.set(k, v);
    }
    return v;
  };
}

function likeMatcher(templates: readonly ValueTemplate[]): ValueMatcher {
  const statics: Glob[] = templates.filter((t) => !t.dynamic).map((t) => compileGlob(t.source));
  const dynamics = templates.filter((t) => t.dynamic);
  const build = cached((parts) => compileGlobParts(parts));
  if (dynamics.length === 0) return statics.length === 1 ? (v) => statics[0]!.test(v) : (v) => statics.some((g) => g.test(v));
  return (v, lookup) => {
    if (statics.some((g) => g.test(v))) return true;
    for (const t of dynamics) {
      const parts = resolveTemplate(t, lookup);
      if (parts && build(parts).test(v)) return true;
    }
    return false;
  };
}

function arnMatcher(templates: readonly ValueTemplate[]): ValueMatcher {
  const statics: ArnPattern[] = templates.filter((t) => !t.dynamic).map((t) => compileArnPattern(t.source));
  const dynamics = templates.filter((t) => t.dynamic);
  const build = cached((parts) => compileArnParts(parts));
  return (v, lookup) => {
    for (const p of statics) if (arnMatches(p, v)) return true;
    for (const t of dynamics) {
      const parts = resolveTemplate(t, lookup);
      if (parts && arnMatches(build(parts), v)) return true;
    }
    return false;
  };
}

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Parses a numeric condition value (integer or decimal); undefined when it is not a number. */
function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

function orderedMatcher(policy: readonly (number | undefined)[], parse: (s: string) => number | undefined, cmp: OperatorComparison): ValueMatcher {
  const limits = policy.filter((p): p is number => p !== undefined);
  return (v) => {
    const x = parse(v);
    if (x === undefined) return false;
    for (const p of limits) if (compare(x, p, cmp)) return true;
    return false;
  };
}

function compare(x: number, p: number, cmp: OperatorComparison): boolean {
  switch (cmp) {
    case 'lessThan':
      return x < p;
    case 'lessThanEquals':
      return x <= p;
    case 'greaterThan':
      return x > p;
    case 'greaterThanEquals':
      return x >= p;
    default:
      return x === p;
  }
}

function ipMatcher(ranges: readonly (CidrRange | undefined)[]): ValueMatcher {
  const valid = ranges.filter((r): r is CidrRange => r !== undefined);
  return (v) => {
    const ip = parseIp(v);
    return ip !== undefined && valid.some((r) => cidrContains(r, ip));
  };
}
