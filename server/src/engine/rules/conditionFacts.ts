/**
 * The condition facts the KP4xx rules ask about, read from the catalog: operators in parts (leniently, so
 * `NullIfExists` and `ForAnyValue:Null` reach the rules that explain them), key facts, and whether a statement
 * makes a key's presence certain (presence facts come from the catalog's keyPresence table).
 */
import type { Statement } from '../parse/model';
import { memoByText } from '../memo';
import {
  alwaysPresent,
  findConditionKey,
  matchActions,
  findOperator,
  parseOperator,
  SET_QUALIFIERS,
  type ConditionKeyMatch,
  type OperatorFamily,
  type SetQualifier,
} from '../catalog/index';

/** An operator read into its parts. */
export interface ConditionOperator {
  readonly qualifier: SetQualifier | undefined;
  /** The base operator, e.g. `StringNotLike`. */
  readonly base: string;
  readonly ifExists: boolean;
  readonly family: OperatorFamily;
  /** True when the key's absence makes the operator true (`…Not…`, `NotIpAddress`). */
  readonly negated: boolean;
  /** True when `*` and `?` glob in values. */
  readonly like: boolean;
  /** Whether `${…}` variables are substituted in values (`disputed` for Bool). */
  readonly variables: 'yes' | 'no' | 'disputed';
}

/**
 * Reads an operator as written (exact case). Unlike the catalog's parseOperator this also reads the invalid
 * `Null…IfExists`, so KP410 can explain it; unknown names and qualifiers give undefined (KP401's business).
 */
export function readOperator(written: string): ConditionOperator | undefined {
  const parsed = parseOperator(written);
  if (parsed) {
    const i = parsed.info;
    return { qualifier: parsed.qualifier, base: parsed.base, ifExists: parsed.ifExists, family: i.family, negated: i.negated, like: i.wildcards, variables: i.variables };
  }
  const colon = written.indexOf(':');
  const qualifier = colon >= 0 ? written.slice(0, colon) : undefined;
  if (qualifier !== undefined && !(SET_QUALIFIERS as readonly string[]).includes(qualifier)) return undefined;
  const rest = colon >= 0 ? written.slice(colon + 1) : written;
  if (!rest.endsWith('IfExists')) return undefined;
  const info = findOperator(rest.slice(0, -'IfExists'.length));
  if (!info || info.ifExists) return undefined;
  return { qualifier: qualifier as SetQualifier | undefined, base: info.name, ifExists: true, family: info.family, negated: info.negated, like: info.wildcards, variables: info.variables };
}

/** Writes an operator back from its parts. */
export function formatOperator(op: Pick<ConditionOperator, 'qualifier' | 'base' | 'ifExists'>): string {
  return `${op.qualifier ? `${op.qualifier}:` : ''}${op.base}${op.ifExists ? 'IfExists' : ''}`;
}

/** The catalog's facts for a key as written, or undefined for keys it does not know. */
export const keyFacts: (key: string) => (ConditionKeyMatch['info'] & { readonly canonical: string }) | undefined = memoByText((key) => {
  const match = findConditionKey(key);
  return match ? Object.freeze({ ...match.info, canonical: match.canonical }) : undefined;
});

/**
 * True when every request the statement can match carries the key, so its absence is not a concern: a key
 * every request has, or a kms key that every action the statement names always sets (catalog alwaysPresent,
 * from SEMANTICS §3 "KMS presence rules" and §4.2). NotAction statements match too many actions to tell.
 */
export function keyAlwaysPresent(key: string, statement: Statement): boolean {
  if (alwaysPresent(key)) return true;
  if (!statement.action || statement.notAction) return false;
  const actions = statement.action.items.flatMap((item) => matchActions(item.value));
  return actions.length > 0 && actions.every((a) => alwaysPresent(key, a.name));
}

/**
 * True when the statement itself requires the key to be present: a `Null: false` test on it, or a positive
 * test that is false when the key is absent (a plain or ForAnyValue operator that is not negated, no IfExists).
 */
export function keyRequiredByStatement(statement: Statement, key: string): boolean {
  const k = key.toLowerCase();
  for (const clause of statement.condition?.clauses ?? []) {
    const op = readOperator(clause.operator.value);
    if (!op) continue;
    for (const entry of clause.keys) {
      if (entry.key.value.toLowerCase() !== k) continue;
      if (op.family === 'Null') {
        if (!op.ifExists && entry.values.length > 0 && entry.values.every((v) => String(v.value).toLowerCase() === 'false')) return true;
        continue;
      }
      if (!op.negated && !op.ifExists && op.qualifier !== 'ForAllValues' && entry.values.length > 0) return true;
    }
  }
  return false;
}
