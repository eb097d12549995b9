/**
 * What a statement's Condition tests: one ConditionTest per key under each operator, with the operator read
 * by the catalog's one operator model (readOperator), and the questions rules ask of them (does this test pin
 * the key, does the statement make the key's presence certain).
 */
import type { ConditionClause, ConditionKeyEntry, ConditionScalar, Located, Statement } from '../parse/model';
import { alwaysPresent, findConditionKey, readOperator, wellFormedKey, type ConditionKeyMatch, type OperatorReading, type SetQualifier } from '../catalog';
import type { StatementFacts } from './statementFacts';

/** One condition key under one operator of a statement. */
export interface ConditionTest {
  /** The statement. */
  readonly statement: Statement;
  /** The operator clause it sits under. */
  readonly clause: ConditionClause;
  /** The key entry. */
  readonly entry: ConditionKeyEntry;
  /** The key name in lower case (condition key names ignore case). */
  readonly key: string;
  /** The catalog's entry for the key (undefined for a key it does not list): read once here, for every rule. */
  readonly catalogKey: ConditionKeyMatch | undefined;
  /** The operator as written, read into its parts (see OperatorReading: unknown operators have `known: false`). */
  readonly operator: OperatorReading;
  /** The base operator without qualifier or IfExists (`StringEquals`). */
  readonly base: string;
  /** `ForAllValues` / `ForAnyValue`, when written. */
  readonly qualifier: SetQualifier | undefined;
  /** True for `...IfExists`. */
  readonly ifExists: boolean;
  /** True for negated operators (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`...). */
  readonly negated: boolean;
  /** True when `*` and `?` glob in the values (Like and ARN operators). */
  readonly wildcards: boolean;
  /** True when values are compared ignoring case. */
  readonly ignoresCase: boolean;
}

/**
 * Every key entry of a statement's Condition, in source order, whatever its operator; the entries of a
 * misplaced clause (misplacedClause: operators, not keys) are left out.
 */
export function readConditionTests(statement: Statement): ConditionTest[] {
  const out: ConditionTest[] = [];
  for (const clause of statement.condition?.clauses ?? []) {
    const operator = readOperator(clause.operator.value);
    if (!operator.known && misplacedClause(clause)) continue;
    for (const entry of clause.keys) {
      out.push({
        statement,
        clause,
        entry,
        key: entry.key.value.toLowerCase(),
        catalogKey: findConditionKey(entry.key.value),
        operator,
        base: operator.base,
        qualifier: operator.qualifier,
        ifExists: operator.ifExists,
        negated: operator.negated,
        wildcards: operator.wildcards,
        ignoresCase: operator.ignoresCase,
      });
    }
  }
  return out;
}

/** True when a value, as JSON writes it or as a string, is boolean true. */
export function isTrue(v: ConditionScalar): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/**
 * True when a test makes the key required to be present with a value equal to one of its listed values
 * (a positive, non-IfExists, non-Null test). Those are the tests that actually pin something.
 */
export function isPinning(t: ConditionTest): boolean {
  return !t.negated && !t.ifExists && t.base !== 'Null' && t.qualifier !== 'ForAllValues' && t.entry.values.length > 0;
}

/** The string values of a condition entry. */
export function stringValues(entry: ConditionKeyEntry): Located<string>[] {
  return entry.values.filter((v): v is Located<string> => typeof v.value === 'string');
}

/** True when a statement's Bool test requires `key` to be true (`"Bool": {"kms:GrantIsForAWSResource": "true"}`). */
export function requiresTrue(facts: StatementFacts, key: string): boolean {
  return facts
    .testsOf(key)
    .some((t) => t.base === 'Bool' && !t.ifExists && !t.qualifier && t.entry.values.length > 0 && t.entry.values.every((v) => isTrue(v.value)));
}

/**
 * True when every request the statement can match carries the key, so its absence is not a concern: a key
 * every request has, or a kms key that every action the statement names always sets (catalog alwaysPresent,
 * from SEMANTICS §3 "KMS presence rules" and §4.2). NotAction statements match too many actions to tell.
 */
export function keyAlwaysPresent(facts: StatementFacts, key: string): boolean {
  if (alwaysPresent(key)) return true;
  const statement = facts.statement;
  if (!statement.action || statement.notAction) return false;
  const actions = facts.granted;
  return actions.length > 0 && actions.every((a) => alwaysPresent(key, a.name));
}

/**
 * True when the statement itself requires the key to be present: a `Null: false` test on it, or a positive
 * test that is false when the key is absent (a plain or ForAnyValue operator that is not negated, no IfExists).
 */
export function keyRequiredByStatement(facts: StatementFacts, key: string): boolean {
  const k = key.toLowerCase();
  for (const t of facts.conditions) {
    const op = t.operator;
    if (t.key !== k || !op.known) continue;
    if (op.family === 'Null') {
      if (!op.ifExists && t.entry.values.length > 0 && t.entry.values.every((v) => String(v.value).toLowerCase() === 'false')) return true;
      continue;
    }
    if (!op.negated && !op.ifExists && op.qualifier !== 'ForAllValues' && t.entry.values.length > 0) return true;
  }
  return false;
}

/**
 * How a Condition clause is misplaced, when its "operator" is not an operator but every name under it is one:
 * - `nested`: one level too deep (`"Condition": {"Condition": {"StringEquals": {…}}}`), the names under it are
 *   operators holding objects of keys;
 * - `swapped`: key and operator exchanged (`{"kms:ViaService": {"StringEquals": "s3…"}}`), the clause is a
 *   condition key and the names under it are operators holding values.
 * Such a clause is one mistake: KP401 reports it once, and the rules about keys and values do not read the
 * operators under it as keys (readConditionTests leaves them out; KP101 skips them).
 */
export function misplacedClause(clause: ConditionClause): 'nested' | 'swapped' | undefined {
  if (readOperator(clause.operator.value).known || clause.keys.length === 0) return undefined;
  if (!clause.keys.every((k) => readOperator(k.key.value).known)) return undefined;
  if (clause.keys.every((k) => k.node.type === 'object')) return 'nested';
  return wellFormedKey(clause.operator.value) && clause.keys.every((k) => k.node.type !== 'object') ? 'swapped' : undefined;
}

/**
 * The per-member keys whose positive test makes a multi-valued key non-empty: a request that must carry an
 * encryption-context pair (`kms:EncryptionContext:<k>`) has at least one `kms:EncryptionContextKeys` value, and
 * one that must carry a request tag (`aws:RequestTag/<k>`) has at least one `aws:TagKeys` value.
 */
const MEMBER_KEYS: Readonly<Record<string, string>> = {
  'kms:encryptioncontextkeys': 'kms:encryptioncontext:',
  'aws:tagkeys': 'aws:requesttag/',
};

/**
 * True when the statement requires the multi-valued key to have at least one value: the key itself is required
 * (keyRequiredByStatement), or a positive test on one of its members is (AWS's own example guards
 * `ForAllValues:StringEquals kms:EncryptionContextKeys` with `StringEquals kms:EncryptionContext:Department`).
 */
export function valuesRequiredByStatement(facts: StatementFacts, key: string): boolean {
  if (keyRequiredByStatement(facts, key)) return true;
  const member = MEMBER_KEYS[key.toLowerCase()];
  return member !== undefined && facts.testsOf(member, true).some((t) => t.key.length > member.length && isPinning(t));
}
