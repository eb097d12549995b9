/**
 * The who-can analysis's Deny subtraction, one Allow clause at a time (SEMANTICS §6 step 2, distributed):
 *   (A₁ ∨ … ∨ Aₙ) ∧ ¬D₁ ∧ … ∧ ¬Dₘ = ⋁ᵢ (Aᵢ ∧ ¬D₁ ∧ … ∧ ¬Dₘ)
 * A clause Aᵢ is what one Allow statement requires of a class. Its residual is kept by the clause's literals
 * and the Denies' literals, not by class, action or policy, in a store the policy shares with its
 * sub-policies: classes with the same facts, actions with the same statements and the lint rules'
 * one-statement questions (an Allow with the Denies beside it) all reuse it.
 *
 * Combining the clauses is exact: a Deny that a clause kept as "unless" (too large to distribute) is
 * excluded by every other clause already, so the union of the "unless" lists applies to the union of the
 * alternatives.
 *
 * Work is bounded twice: each clause may spend CLAUSE_BUDGET literal operations, and one who-can question
 * QUESTION_BUDGET in all (a remembered clause is charged what it cost, so an answer never depends on what
 * was asked before). Past either, the remaining Denies are kept as "unless" conjunctions without being
 * distributed and the residual is marked too complex: still exact, never reported allowed or denied.
 */
import type { CompiledStatement, PlannedStatement } from '../compile';
import type { KeyRef } from '../keyRef';
import type { Literal } from './atoms';
import { absorb, conjunctKey, excludes, FALSE, holds, negation, subtract, type Budget, type Conjunct, type Residual } from './dnf';
import { prepare, signatureOf, type Prepared } from './planIndex';

/** Literal operations one clause may spend. */
const CLAUSE_BUDGET = 40_000;
/** Literal operations one who-can question may spend. */
export const QUESTION_BUDGET = 1_500_000;
/** A residual with more literals than this is not listed (it stays exact). */
const LIST_LIMIT = 256;
/** Alternatives absorbed against each other when clauses are combined (all pairs); past it only repeats go. */
const ABSORB_LIMIT = 256;

/** What matching a Resource reads of the key: its ARN, or else the parts of it that are known. */
export function resourceFacts(key: KeyRef): string {
  return key.arn ?? `${key.account ?? ''}:${key.region ?? ''}:${key.partitionKnown ? key.partition : ''}`;
}

/** One clause's residual after every Deny. */
interface ClauseResult {
  readonly any: readonly Conjunct[];
  /** Positions (in the Deny list) of the Denies kept as "unless". */
  readonly deferred: readonly number[];
  /** Positions of the Denies applied while the clause could still hold (they shape the answer). */
  readonly applied: readonly number[];
  readonly tooComplex: boolean;
  /** The literal operations it took. */
  readonly cost: number;
}

/** A Deny as the subtraction sees it: its literals for one class and the statement it comes from. */
export interface DenyTerm {
  readonly conjunct: Conjunct;
  readonly statement: CompiledStatement;
}

/**
 * What the who-can questions on one policy (and its sub-policies) share: prepared statements, statement
 * literals per class facts, interned conjunctions and clause residuals. Numbers stand for literal lists so
 * keys stay short. The store lives as long as the compiled policy (one document version) and is never
 * emptied, so a number keeps its meaning; each question adds at most what its budget lets it compute.
 */
export class ResidualStore {
  private readonly ids = new Map<string, number>();
  private readonly conjunctIds = new Map<Conjunct, number>();
  private readonly negations = new Map<Conjunct, Literal[]>();
  private readonly signatures = new Map<PlannedStatement, string>();
  private readonly prepared = new Map<string, Map<string, Prepared>>();
  private readonly terms = new Map<Prepared, Map<string, Conjunct | null>>();
  private readonly clauses = new Map<string, ClauseResult>();

  /** A number for a text, the same for the same text. */
  id(text: string): number {
    let n = this.ids.get(text);
    if (n === undefined) this.ids.set(text, (n = this.ids.size));
    return n;
  }

  /** A number for a conjunction's literals. */
  conjunctId(c: Conjunct): number {
    let n = this.conjunctIds.get(c);
    if (n === undefined) this.conjunctIds.set(c, (n = this.id(conjunctKey(c))));
    return n;
  }

  /** A statement prepared for a key, once for every action with the same statement signature (`signatureOf`). */
  prepare(planned: PlannedStatement, key: KeyRef): Prepared {
    let signature = this.signatures.get(planned);
    if (signature === undefined) this.signatures.set(planned, (signature = signatureOf(planned)));
    const known = resourceFacts(key);
    let byKey = this.prepared.get(signature);
    if (!byKey) this.prepared.set(signature, (byKey = new Map()));
    let p = byKey.get(known);
    if (!p) byKey.set(known, (p = prepare(planned, key, signature)));
    return p;
  }

  /** A prepared statement's conjunction for a class (`forClass` says which), built once; undefined: never holds. */
  term(p: Prepared, forClass: string, build: () => Conjunct | undefined): Conjunct | undefined {
    let byClass = this.terms.get(p);
    if (!byClass) this.terms.set(p, (byClass = new Map()));
    const known = byClass.get(forClass);
    if (known !== undefined) return known ?? undefined;
    const c = build();
    byClass.set(forClass, c ?? null);
    return c;
  }

  /**
   * The residual of one clause after the Denies. `denyList` numbers the Deny list (see `id`) so the result is
   * remembered; without it (clauses with atoms that are not the policy's, such as a supplied grant's) it is not.
   */
  clause(clause: Conjunct, denies: readonly DenyTerm[], denyList: number | undefined, budget: Budget): ClauseResult {
    if (budget.left <= 0) return unsimplified(clause, denies);
    const key = denyList === undefined ? undefined : `${this.conjunctId(clause)}|${denyList}`;
    let r = key === undefined ? undefined : this.clauses.get(key);
    if (!r) {
      r = subtractAll(clause, denies, (d) => this.negation(d));
      if (key !== undefined) this.clauses.set(key, r);
    }
    budget.left -= r.cost;
    return r;
  }

  private negation(d: Conjunct): Literal[] {
    let n = this.negations.get(d);
    if (!n) this.negations.set(d, (n = negation(d)));
    return n;
  }
}

/** Every Deny kept as "unless": what a clause gets once the question's budget is spent. */
function unsimplified(clause: Conjunct, denies: readonly DenyTerm[]): ClauseResult {
  const all = denies.map((_, j) => j);
  const always = denies.findIndex((d) => d.conjunct.length === 0);
  if (always >= 0) return { any: [], deferred: [], applied: all.slice(0, always + 1), tooComplex: false, cost: 0 };
  return { any: [clause], deferred: all, applied: all, tooComplex: denies.length > 0, cost: 0 };
}

/**
 * Subtracts the Denies from one clause, in order, within CLAUSE_BUDGET. Once one Deny had to be kept as
 * "unless" (the alternatives would be too many), the rest are too, except those that the literals every
 * alternative shares already exclude: trying each against every alternative again would cost as much and
 * almost never fit.
 */
export function subtractAll(
  clause: Conjunct,
  denies: readonly { readonly conjunct: Conjunct }[],
  negationOf: (d: Conjunct) => readonly Literal[] = negation,
): ClauseResult {
  const budget: Budget = { left: CLAUSE_BUDGET };
  let r: Residual = { any: [clause], unless: [] };
  const applied: number[] = [];
  const deferred: number[] = [];
  let shared: Conjunct | undefined;
  for (let j = 0; j < denies.length && r.any.length > 0; j++) {
    const d = denies[j]!.conjunct;
    applied.push(j);
    if (shared && d.length > 0) {
      if (!excludes(shared, d, budget)) deferred.push(j);
      continue;
    }
    const unless = r.unless.length;
    r = subtract(r, d, negationOf(d), budget);
    if (r.unless.length > unless) {
      deferred.push(j);
      shared = r.any.reduce((common, c) => common.filter((l) => holds(c, l)));
      budget.left -= r.any.length * shared.length;
    }
  }
  return {
    any: r.any,
    deferred: r.any.length === 0 ? [] : deferred,
    applied,
    tooComplex: r.tooComplex === true,
    cost: CLAUSE_BUDGET - budget.left,
  };
}

/** The union of clause residuals (in the order of the clauses), with the Denies that shaped it. */
export function combine(results: readonly ClauseResult[], denies: readonly DenyTerm[], budget: Budget): { residual: Residual; applied: number[] } {
  if (results.length === 1) {
    const r = results[0]!;
    return {
      residual:
        r.any.length === 0
          ? FALSE
          : residualOf(
              r.any,
              r.deferred.map((j) => denies[j]!.conjunct),
              r.tooComplex,
            ),
      applied: [...r.applied],
    };
  }
  let any: Conjunct[] = [];
  const deferred = new Set<number>();
  const applied = new Set<number>();
  let tooComplex = false;
  for (const r of results) {
    for (const c of r.any) any.push(c);
    if (r.any.length > 0) for (const j of r.deferred) deferred.add(j);
    for (const j of r.applied) applied.add(j);
    tooComplex ||= r.tooComplex;
  }
  if (any.length === 0) return { residual: FALSE, applied: [...applied].sort((a, b) => a - b) };
  if (any.length <= ABSORB_LIMIT) {
    budget.left -= any.length * any.length;
    any = absorb(any);
  } else any = repeatsDropped(any);
  const unless = [...deferred].sort((a, b) => a - b).map((j) => denies[j]!.conjunct);
  return { residual: residualOf(any, unless, tooComplex), applied: [...applied].sort((a, b) => a - b) };
}

/** A residual, marked too complex when the budget ran out or it has more than LIST_LIMIT literals. */
function residualOf(any: readonly Conjunct[], unless: readonly Conjunct[], tooComplex: boolean): Residual {
  let size = 0;
  for (const c of any) size += c.length;
  for (const c of unless) size += c.length;
  return tooComplex || size > LIST_LIMIT ? { any, unless, tooComplex: true } : { any, unless };
}

function repeatsDropped(cs: readonly Conjunct[]): Conjunct[] {
  const seen = new Set<string>();
  return cs.filter((c) => {
    const k = conjunctKey(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
