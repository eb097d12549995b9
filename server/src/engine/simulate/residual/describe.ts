/**
 * Residual literals written back as policy conditions a person can read. A negated condition is written with
 * its complement (SEMANTICS §3 "Complements"): ¬StringEquals = StringNotEquals; ¬NumericLessThan x =
 * NumericGreaterThanEqualsIfExists x (absent, or ≥ x); ¬X…IfExists = the complement of X with Null:false;
 * ¬ForAllValues:X = ForAnyValue:NotX; ¬Null:true = Null:false. Operators without a complement (BinaryEquals,
 * Bool with unusual values) are written as "not <operator>". Questions about principals, resources and grant
 * constraints use pseudo-operators (PrincipalIn, ResourceIs, GrantConstraint) on pseudo-keys in parentheses.
 */
import { complementBase, formatOperator, type SetQualifier } from '../../catalog';
import type { Literal } from './atoms';
import type { Conjunct, Residual } from './dnf';

/** One condition as printed: operator, key and values. */
export interface ConditionJson {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

const ORDERED = /(LessThan|GreaterThan)/;

/** ¬(ForAllValues:X) = ForAnyValue:¬X and the other way round. */
const OTHER_QUALIFIER: Readonly<Record<SetQualifier, SetQualifier>> = { ForAllValues: 'ForAnyValue', ForAnyValue: 'ForAllValues' };

/** The conditions (all must hold) that say what a literal says. */
export function describeLiteral(l: Literal): ConditionJson[] {
  const a = l.atom;
  switch (a.kind) {
    case 'principal': {
      const named = (a.mode === 'principal') === l.positive;
      // NotPrincipal names the callers it leaves out: those every identity of which it lists.
      return a.mode === 'principal'
        ? [{ operator: named ? 'PrincipalIn' : 'PrincipalNotIn', key: '(principal)', values: a.labels }]
        : [{ operator: named ? 'PrincipalIn' : 'PrincipalNotIn', key: '(principal, left out by NotPrincipal)', values: a.exempt }];
    }
    case 'resource':
      // The atom says the statement's element matches: for NotResource, that the key is not listed.
      return [
        {
          operator: l.positive !== a.statement.resourceNegated ? 'ResourceIs' : 'ResourceIsNot',
          key: '(resource)',
          values: a.statement.resources.map((r) => r.source),
        },
      ];
    case 'grant': {
      const parts: string[] = [];
      if (a.grant.equals) parts.push(`EncryptionContextEquals ${JSON.stringify(Object.fromEntries(a.grant.equals))}`);
      if (a.grant.subset) parts.push(`EncryptionContextSubset ${JSON.stringify(Object.fromEntries(a.grant.subset))}`);
      return [{ operator: l.positive ? 'GrantConstraint' : 'NotGrantConstraint', key: '(encryption context)', values: parts }];
    }
    case 'condition': {
      const c = a.condition;
      const op = c.operator;
      const key = c.key;
      if (l.positive) return [{ operator: op.text, key, values: c.values }];
      if (op.family === 'Null' && c.nullWants) {
        const { absent, present } = c.nullWants;
        if (absent !== present) return [{ operator: 'Null', key, values: [absent ? 'false' : 'true'] }];
      }
      if (op.qualifier !== undefined) {
        const comp = complementBase(op.base);
        const present: ConditionJson[] = op.ifExists ? [{ operator: 'Null', key, values: ['false'] }] : [];
        if (comp)
          return [{ operator: formatOperator({ qualifier: OTHER_QUALIFIER[op.qualifier], base: comp, ifExists: false }), key, values: c.values }, ...present];
      }
      if (op.family === 'Bool' && c.values.length === 1 && /^(true|false)$/i.test(c.values[0]!)) {
        const other = c.values[0]!.toLowerCase() === 'true' ? 'false' : 'true';
        return op.ifExists ? [{ operator: 'Bool', key, values: [other] }] : [{ operator: 'BoolIfExists', key, values: [other] }];
      }
      const comp = complementBase(op.base);
      if (!comp) return [{ operator: `not ${op.text}`, key, values: c.values }];
      if (op.ifExists) {
        // ¬(absent ∨ X) = present ∧ ¬X; a negated base is false when absent, so Null:false is implied.
        return op.negated
          ? [{ operator: comp, key, values: c.values }]
          : [
              { operator: comp, key, values: c.values },
              { operator: 'Null', key, values: ['false'] },
            ];
      }
      // ¬X for a positive ordered X also holds when absent; equality complements already do.
      if (!op.negated && ORDERED.test(op.base)) return [{ operator: `${comp}IfExists`, key, values: c.values }];
      return [{ operator: comp, key, values: c.values }];
    }
  }
}

/** A conjunction as conditions (all must hold). */
export function describeConjunct(c: Conjunct): ConditionJson[] {
  return c.flatMap(describeLiteral);
}

/** A residual as alternatives (any one set must hold) and exceptions (no set may hold). */
export function describeResidual(r: Residual): { any: ConditionJson[][]; unless: ConditionJson[][] } {
  return { any: r.any.map(describeConjunct), unless: r.unless.map(describeConjunct) };
}
