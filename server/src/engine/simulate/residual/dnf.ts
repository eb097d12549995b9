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
import { memoByObject } from '../../memo';
import type { ConditionAtom, Literal } from './atoms';

/**
 * Whether a condition atom holds when its key is absent: asked of the same atoms again and again while
 * subtracting. Kept on the atom (the residual's own object), not on the compiled condition evaluate() reads.
 */
const holdsWhenAbsent = memoByObject((atom: ConditionAtom): boolean => evaluateCondition(atom.condition, undefined, NO_LOOKUP).holds);

/** A conjunction of literals, sorted by id, without duplicates. */
export type Conjunct = readonly Literal[];

/** A residual formula: (⋁ any) ∧ ¬(⋁ unless). */
export interface Residual {
  /** Alternatives; empty = false; one empty conjunction = true. */
  readonly any: readonly Conjunct[];
  /** Conjunctions that must not hold. */
  readonly unless: readonly Conjunct[];
  /**
   * Set when the analysis ran out of its work budget before it could fold every Deny in, or when the formula
   * is too large to list. The formula is still exact (a request satisfies it exactly when evaluate() allows
   * the request), but it was not simplified and may even be unsatisfiable: the class is reported conditional,
   * never allowed or denied, and shown as "conditions too complex to list".
   */
  readonly tooComplex?: true;
}

/** The never-true residual. */
export const FALSE: Residual = { any: [], unless: [] };

/**
 * The literal operations a who-can question may still spend on simplifying (each literal compared, copied or
 * looked up counts one). Past zero, Denies are no longer distributed but kept as "unless" conjunctions.
 */
export interface Budget {
  left: number;
}

const MAX_CONJUNCTS = 64;
/** Past this many new alternatives a Deny is not distributed (unless it removes every one it touches). */
const MAX_PRODUCT = 4 * MAX_CONJUNCTS;

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

/** Where a literal on `id` stands (or would stand) in a conjunction. */
function position(c: Conjunct, id: string): number {
  let lo = 0;
  let hi = c.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid]!.atom.id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a conjunction holds a literal (the same atom, the same sign). */
export function holds(c: Conjunct, l: Literal): boolean {
  const at = c[position(c, l.atom.id)];
  return at !== undefined && at.atom.id === l.atom.id && at.positive === l.positive;
}

function presentKey(l: Literal): string | undefined {
  return l.atom.kind === 'condition' && l.atom.present ? l.atom.condition.keyLower : undefined;
}

/**
 * c ∧ l for a conjunction c built by `conjunction` or `extend`: c itself when it holds l already, undefined
 * when the result is unsatisfiable. The same as `conjunction([...c, l])`, but only l's key is checked again
 * (the others were when c was built).
 */
export function extend(c: Conjunct, l: Literal): Conjunct | undefined {
  const i = position(c, l.atom.id);
  const at = c[i];
  if (at !== undefined && at.atom.id === l.atom.id) return at.positive === l.positive ? c : undefined;
  const out = c.slice(0, i);
  out.push(l);
  for (let k = i; k < c.length; k++) out.push(c[k]!);
  const key = presentKey(l);
  if (key === undefined) return out;
  let conditions = 0;
  for (const x of out) if (presentKey(x) !== undefined) conditions++;
  // conjunction() skips the check below two conditions and checks every key from two on: c had one unchecked.
  if (conditions < 2) return out;
  if (conditions === 2) return keysSatisfiable(out) ? out : undefined;
  return keySatisfiable(
    key,
    out.filter((x) => presentKey(x) === key),
  )
    ? out
    : undefined;
}

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

/** Removes conjunctions that contain another one (shorter first, stable). */
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

/** ¬d as a list of literals (one per alternative), without repeats. */
export function negation(d: Conjunct): Literal[] {
  const out: Literal[] = [];
  const seen = new Set<string>();
  for (const l of d) {
    const n = negate(l);
    const id = (n.positive ? '+' : '-') + n.atom.id;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(n);
    }
  }
  return out;
}

/**
 * True when c ∧ d is certainly unsatisfiable because one literal of d contradicts c (the same atom negated, or
 * values of one key that cannot meet). Pairs only: sound, not complete.
 */
export function excludes(c: Conjunct, d: Conjunct, budget: Budget): boolean {
  budget.left -= c.length * d.length;
  for (const l of d) {
    const at = c[position(c, l.atom.id)];
    if (at !== undefined && at.atom.id === l.atom.id) {
      if (at.positive !== l.positive) return true;
      continue;
    }
    const key = presentKey(l);
    if (key === undefined || !c.some((x) => presentKey(x) === key)) continue;
    if (!keySatisfiable(key, [...c.filter((x) => presentKey(x) === key), l])) return true;
  }
  return false;
}

/**
 * r ∧ ¬d, where `negated` is `negation(d)`, distributed into r's alternatives while that stays small; past
 * MAX_CONJUNCTS alternatives (or once the budget is spent) d is kept as an "unless" conjunction instead, so
 * the result is exact either way.
 *
 * Each alternative c of r (an absorbed list) either already excludes d (it holds a literal of ¬d, or, when
 * ¬d has several, contradicts a literal of d) and stays whole, or becomes c ∧ l for each literal l of ¬d. Only a whole one
 * can absorb a new one: were c1 ∧ l1 ⊆ c2 ∧ l2 for c1 ≠ c2, c1 (not a subset of c2) would hold l2. So
 * absorption compares whole × new alternatives, never all pairs. When the product would exceed MAX_PRODUCT,
 * it is not built: d is kept as "unless", or, when every other alternative holds all of d, those go.
 */
export function subtract(r: Residual, d: Conjunct, negated: readonly Literal[], budget: Budget): Residual {
  if (r.any.length === 0) return r;
  if (d.length === 0) return FALSE;
  const keep = (any: readonly Conjunct[], unless: readonly Conjunct[], complex: boolean): Residual =>
    complex || r.tooComplex ? { any, unless, tooComplex: true } : { any, unless };
  const deferred = (complex: boolean): Residual => keep(r.any, [...r.unless, d], complex);
  if (budget.left <= 0) return deferred(true);
  // With one literal in ¬d there is nothing to multiply: c ∧ ¬d is built either way, so only the cheap test.
  const whole = r.any.map((c) => negated.some((l) => holds(c, l)) || (negated.length > 1 && excludes(c, d, budget)));
  const wholes = r.any.filter((_, i) => whole[i]);
  if ((r.any.length - wholes.length) * negated.length > MAX_PRODUCT) {
    budget.left -= r.any.length * d.length;
    return r.any.every((c, i) => whole[i] || subsetOf(d, c)) ? keep(wholes, r.unless, false) : deferred(false);
  }
  const out: Conjunct[] = [];
  for (let i = 0; i < r.any.length; i++) {
    const c = r.any[i]!;
    if (whole[i]) {
      out.push(c);
      continue;
    }
    for (const l of negated) {
      budget.left -= c.length + 1;
      const m = extend(c, l);
      if (!m) continue;
      budget.left -= wholes.length * m.length;
      if (wholes.some((w) => subsetOf(w, m))) continue;
      out.push(m);
      if (out.length > MAX_CONJUNCTS) return deferred(false);
    }
  }
  return keep(
    out.sort((a, b) => a.length - b.length),
    r.unless,
    false,
  );
}

/** A text that is the same for residuals with the same literals (to group answers that read alike). */
export function residualKey(r: Residual): string {
  return r.any.map(conjunctKey).join('|') + '#' + r.unless.map(conjunctKey).join('|') + (r.tooComplex ? '#complex' : '');
}

/** A text that is the same for conjunctions with the same literals. */
export function conjunctKey(c: Conjunct): string {
  return c.map((l) => (l.positive ? '+' : '-') + l.atom.id).join('&');
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
  for (const l of c) if (presentKey(l) !== undefined) conditions++;
  if (conditions < 2) return true;
  const groups = new Map<string, Literal[]>();
  for (const l of c) {
    const k = presentKey(l);
    if (k === undefined) continue;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(l);
  }
  for (const [key, lits] of groups) if (!keySatisfiable(key, lits)) return false;
  return true;
}

/** Whether some value of one key (or its absence) satisfies every literal on it. */
function keySatisfiable(key: string, lits: readonly Literal[]): boolean {
  const single = keyMultiValued(key) === false;
  if (lits.length === 1) {
    // One literal: only an impossible test (a Null value that is neither, an empty value list) fails.
    const x = constraintOf(lits[0]!, single);
    return x.absentOk || (x.presentOk && !(x.inSet?.length === 0 && modeOf(lits) !== undefined));
  }
  const cs = lits.map((l) => constraintOf(l, single));
  if (cs.every((x) => x.absentOk)) return true;
  if (!cs.every((x) => x.presentOk)) return false;
  if (!single) return true;
  const caseMode = modeOf(lits);
  if (caseMode === undefined) return true;
  let allowed: string[] | undefined;
  const excluded: string[] = [];
  for (const x of cs) {
    if (x.inSet) {
      const values = x.inSet.map((v) => fold(v, caseMode));
      allowed = allowed ? allowed.filter((v) => values.includes(v)) : values;
    }
    for (const v of x.outSet ?? []) excluded.push(fold(v, caseMode));
  }
  return !(allowed && allowed.every((v) => excluded.includes(v)));
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
  const absentOk = holdsWhenAbsent(atom) === l.positive;
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
