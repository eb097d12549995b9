/**
 * Residual formulas: (⋁ conjunctions) ∧ ¬(each "unless" conjunction). Denies are subtracted by distributing
 * their negation into the disjunction (SEMANTICS §3 complements) while that stays small; past a size bound the
 * remaining Denies are kept as "unless" clauses, so the formula stays exact either way.
 *
 * Simplification drops only conjunctions that no request can satisfy:
 * - an atom together with its negation;
 * - a key that must be absent (Null:true) and present (a test that fails on an absent key);
 * - on a single-valued key, equality tests whose allowed values cannot meet (StringEquals a ∧ StringEquals b,
 *   StringEquals a ∧ StringNotEquals a…), reasoning over absent/present and value sets.
 * Absorption removes a conjunction that contains another.
 */
import { evaluateCondition } from '../conditions/match';
import { NO_LOOKUP } from '../conditions/variables';
import { conditionAtom } from './atoms';
import { keyMultiValued } from '../knowledge';
import type { Literal } from './atoms';

/** A conjunction of literals, sorted by id, without duplicates. */
export type Conjunct = readonly Literal[];

/** A residual formula. */
export interface Residual {
  /** Alternatives; empty = false; one empty conjunction = true. */
  readonly any: readonly Conjunct[];
  /** Conjunctions that must not hold. */
  readonly unless: readonly Conjunct[];
}

/** The never-true residual. */
export const FALSE: Residual = { any: [], unless: [] };

const MAX_CONJUNCTS = 64;

function compareLiterals(a: Literal, b: Literal): number {
  const x = a.atom.id;
  const y = b.atom.id;
  if (x !== y) return x < y ? -1 : 1;
  return a.positive === b.positive ? 0 : a.positive ? -1 : 1;
}

/** Builds a conjunction (sorted, without duplicates); undefined when it is unsatisfiable. */
export function conjunction(literals: readonly Literal[]): Conjunct | undefined {
  if (literals.length <= 1) return literals.length === 0 ? EMPTY : [literals[0]!];
  const sorted = [...literals].sort(compareLiterals);
  const out: Literal[] = [];
  for (const l of sorted) {
    const last = out[out.length - 1];
    if (last && last.atom.id === l.atom.id) {
      if (last.positive !== l.positive) return undefined;
      continue;
    }
    out.push(l);
  }
  return keysSatisfiable(out) ? out : undefined;
}

const EMPTY: Conjunct = [];

/** Whether every literal of `a` is in `b` (both sorted by compareLiterals). */
function subsetOf(a: Conjunct, b: Conjunct): boolean {
  if (a.length > b.length) return false;
  let j = 0;
  for (const l of a) {
    while (j < b.length && compareLiterals(b[j]!, l) < 0) j++;
    if (j >= b.length || compareLiterals(b[j]!, l) !== 0) return false;
    j++;
  }
  return true;
}

/** Removes conjunctions that contain another one. */
export function absorb(cs: readonly Conjunct[]): Conjunct[] {
  const sorted = [...cs].sort((a, b) => a.length - b.length);
  const out: Conjunct[] = [];
  for (const c of sorted) if (!out.some((o) => subsetOf(o, c))) out.push(c);
  return out;
}

/**
 * The negation of a literal. A condition whose operator has an exact complement (same answer for an absent
 * key, SEMANTICS §3) is negated into that complement, so ¬StringNotEquals v and an Allow's StringEquals v
 * become one literal; everything else is negated as is.
 */
export function negate(l: Literal): Literal {
  const a = l.atom;
  if (a.kind === 'condition' && l.positive) {
    const c = a.condition;
    const op = c.operator;
    const exact =
      op.valid &&
      !c.dynamic &&
      !op.ifExists &&
      op.qualifier === undefined &&
      (op.comparison === 'equals' || op.comparison === 'like') &&
      op.family !== 'Bool' &&
      op.family !== 'Binary';
    const comp = exact ? c.complement() : undefined;
    if (comp) return { atom: conditionAtom(comp, a.present), positive: true };
  }
  return { atom: a, positive: !l.positive };
}

/** Subtracts a Deny conjunction from a residual: r ∧ ¬d. */
export function subtract(r: Residual, d: Conjunct): Residual {
  if (r.any.length === 0) return r;
  if (d.length === 0) return FALSE;
  const negated = d.map(negate);
  const product: Conjunct[] = [];
  for (const c of r.any) {
    for (const l of negated) {
      const merged = conjunction([...c, l]);
      if (merged) product.push(merged);
    }
  }
  const any = absorb(product);
  if (any.length <= MAX_CONJUNCTS) return { any, unless: r.unless };
  return { any: r.any, unless: [...r.unless, d] };
}

/** True when the residual is certainly true. */
export function isTrue(r: Residual): boolean {
  return r.unless.length === 0 && r.any.some((c) => c.length === 0);
}

/** True when the residual is certainly false. */
export function isFalse(r: Residual): boolean {
  return r.any.length === 0;
}

interface KeyConstraint {
  /** When absent, does the literal hold? */
  readonly absentOk: boolean;
  /** When present, is the value restricted to a set (in) or away from one (out)? */
  readonly inSet?: readonly string[];
  readonly outSet?: readonly string[];
  /** Holds for some present value (false only for Null:true-like literals). */
  readonly presentOk: boolean;
}

/**
 * Checks, per condition key, that some value (or absence) satisfies every literal on it. Only literals whose
 * meaning is fully understood restrict values; anything else is assumed satisfiable when present.
 */
function keysSatisfiable(c: Conjunct): boolean {
  let conditions = 0;
  for (const l of c) if (l.atom.kind === 'condition' && l.atom.present) conditions++;
  if (conditions < 2) return true;
  const groups = new Map<string, Literal[]>();
  for (const l of c) {
    if (l.atom.kind !== 'condition' || !l.atom.present) continue;
    const k = l.atom.condition.keyLower;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(l);
  }
  for (const [key, lits] of groups) {
    const single = keyMultiValued(key) === false;
    const cs = lits.map((l) => constraintOf(l, single));
    const absentPossible = cs.every((x) => x.absentOk);
    if (absentPossible) continue;
    if (!cs.every((x) => x.presentOk)) return false;
    if (!single) continue;
    const caseMode = modeOf(lits);
    if (caseMode === undefined) continue;
    let allowed: Set<string> | undefined;
    const excluded = new Set<string>();
    for (const x of cs) {
      if (x.inSet) {
        const s = new Set(x.inSet.map((v) => fold(v, caseMode)));
        allowed = allowed ? new Set([...allowed].filter((v) => s.has(v))) : s;
      }
      for (const v of x.outSet ?? []) excluded.add(fold(v, caseMode));
    }
    if (allowed && [...allowed].every((v) => excluded.has(v))) return false;
  }
  return true;
}

function fold(v: string, mode: 'exact' | 'fold'): string {
  return mode === 'fold' ? v.toLowerCase() : v;
}

/** The comparison mode shared by the equality literals of a key, or undefined when they mix. */
function modeOf(lits: readonly Literal[]): 'exact' | 'fold' | undefined {
  let mode: 'exact' | 'fold' | undefined;
  for (const l of lits) {
    if (l.atom.kind !== 'condition') continue;
    const op = l.atom.condition.operator;
    if (op.family === 'Null') continue;
    const m = op.family === 'String' && !op.wildcards ? (op.ignoresCase ? 'fold' : 'exact') : op.family === 'Bool' ? 'fold' : undefined;
    if (!m) continue;
    if (mode && mode !== m) return undefined;
    mode = m;
  }
  return mode;
}

function constraintOf(l: Literal, single: boolean): KeyConstraint {
  const atom = l.atom as Literal['atom'] & { kind: 'condition' };
  const c = atom.condition;
  const op = c.operator;
  const absentOk = evaluateCondition(c, undefined, NO_LOOKUP).holds === l.positive;
  if (op.family === 'Null' && c.nullWants) {
    // Null:true holds only when absent; Null:false only when present (and their negations the other way).
    const whenPresent = c.nullWants.present === l.positive;
    return { absentOk, presentOk: whenPresent };
  }
  const equality = ((op.family === 'String' && !op.wildcards) || op.family === 'Bool') && !c.dynamic && op.qualifier === undefined && op.valid;
  if (!single || !equality) return { absentOk, presentOk: true };
  // For a present single value v, the literal holds iff (v ∈ values) XOR negated, flipped by a negative literal.
  const wantsIn = op.negated !== l.positive;
  return wantsIn ? { absentOk, presentOk: true, inSet: c.values } : { absentOk, presentOk: true, outSet: c.values };
}
