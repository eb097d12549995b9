/**
 * One who-can question's analysis of a class for an action: its Allow clauses (one per statement on its
 * path) and the Denies that cover it, subtracted clause by clause (clauses.ts). Work is shared three ways:
 * - classes whose analysis must come out the same (same facts, same statements on their path with the same
 *   principal verdicts, same Deny verdicts: the 500 roles of one Allow) are analysed once, as a group;
 * - actions whose plans have the same signature (same live statements, same keys carried) reuse the group's
 *   answer;
 * - statement conjunctions and clause residuals live in the policy's ResidualStore, shared with later
 *   questions and with sub-policies (the lint rules' one-statement questions).
 */
import type { CompiledPolicy, CompiledStatement } from '../compile';
import { constraintsBind } from '../grants';
import { isCrossAccountAction, isKeyPolicyAction } from '../knowledge';
import { resolveKey, type KeyRef } from '../keyRef';
import { principalAtom, type Literal } from './atoms';
import { everyoneSeed, isExternal, pathPatterns, seedFor, type ClassSeed } from './classes';
import { combine, QUESTION_BUDGET, ResidualStore, resourceFacts, type DenyTerm } from './clauses';
import { absorb, conjunction, type Budget, type Conjunct, type Residual } from './dnf';
import { allowsFor, indexPlan, seedRoutes, statementLiterals, statementRoutes, type PlanIndex, type Prepared } from './planIndex';
import { decidePrincipal, populationFacts, populationFactsKey, type Fact } from './population';
import type { WhoCanOptions } from './whoCan';

/** A statement that made a class what it is. */
export interface StatementRef {
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
}

/** A class's answer for one action (or for every action with the same plan signature). */
export interface Piece {
  readonly residual: Residual;
  readonly statements: readonly StatementRef[];
}

/** What one question shares among its classes and actions. */
export interface Question {
  readonly policy: CompiledPolicy;
  readonly key: KeyRef;
  readonly store: ResidualStore;
  readonly budget: Budget;
  /** False for a question of one class and one action: nothing to share, so nothing is remembered. */
  readonly shares: boolean;
  /** Answers by class group, plan signature and action standing. */
  readonly pieces: Map<string, Piece | undefined>;
  /** Deny lists by class group and plan signature. */
  readonly denyLists: Map<string, DenyList>;
  /** Classes by seed key. */
  readonly classes: Map<string, ClassInfo>;
  /** The policy's Allow statements by the class keys they feed. */
  readonly routes: ReadonlyMap<string, readonly CompiledStatement[]>;
}

/** Deny lists of up to this many literals are subtracted afresh rather than looked up (a few dozen operations). */
const REMEMBERED = 12;

/** A class ready for analysis. */
export interface ClassInfo {
  readonly seed: ClassSeed;
  readonly facts: ReadonlyMap<string, Fact>;
  /** The store's number for the facts (classes with equal facts share statement conjunctions). */
  readonly factsId: number;
  /** Classes with the same group get the same analysis (worked out when first asked). */
  readonly group: string;
  /** An Allow's principal literals for the class when it is on its path (`allowPrincipal`), else undefined. */
  allowLiterals(st: CompiledStatement): readonly Literal[] | undefined;
}

/** The Denies that cover a class for an action, with the store's number for the list (none for grantees). */
interface DenyList {
  readonly terms: readonly DenyTerm[];
  readonly id: number | undefined;
}

/** Starts a question on a policy: the key it is about and what its classes and actions will share. */
export function openQuestion(policy: CompiledPolicy, options: WhoCanOptions, shares = true): Question {
  const key = resolveKey({ ...options, ...(options.account ? { keyAccount: options.account } : {}) });
  return {
    policy,
    key,
    store: policy.shared(`whoCanStore|${key.partition}`, () => new ResidualStore()),
    budget: { left: options.budget ?? QUESTION_BUDGET },
    shares,
    pieces: new Map(),
    denyLists: new Map(),
    classes: new Map(),
    routes: policy.memo('whoCanRoutes', '', () => routesOf(policy)),
  };
}

/** The policy's Allow statements by the class keys they feed (`statementRoutes`). */
function routesOf(policy: CompiledPolicy): Map<string, CompiledStatement[]> {
  const routes = new Map<string, CompiledStatement[]>();
  for (const st of policy.statements) {
    if (st.effect !== 'Allow' || st.inert) continue;
    for (const k of statementRoutes(st)) {
      const list = routes.get(k);
      if (!list) routes.set(k, [st]);
      else if (list[list.length - 1] !== st) list.push(st);
    }
  }
  return routes;
}

/** A statement reference for a who-can row. */
export function ref(st: { index: number; sid?: string; effect: string }): StatementRef {
  return { index: st.index, ...(st.sid !== undefined ? { sid: st.sid } : {}), effect: st.effect === 'Deny' ? 'Deny' : 'Allow' };
}

/**
 * The principal literals an Allow adds for a class on its path: [] when it names the whole class, one
 * "principal" literal when only part, undefined when it does not feed the class.
 */
function allowPrincipal(seed: ClassSeed, st: CompiledStatement, partition: string): Literal[] | undefined {
  const pop = seed.population;
  if (seed.kind === 'everyone' && st.principalMode === 'not-principal') {
    const d = decidePrincipal('not-principal', st.principals, pop);
    if (d === false) return undefined;
    return d ? [] : [{ atom: principalAtom('not-principal', st.principals, partition), positive: true }];
  }
  if (st.principalMode !== 'principal') return undefined;
  const patterns = pathPatterns(seed, st.principals);
  if (patterns.length === 0) return undefined;
  const d = decidePrincipal('principal', patterns, pop);
  if (d === false) return undefined;
  return d ? [] : [{ atom: principalAtom('principal', patterns, partition), positive: true }];
}

/**
 * A class with its facts and group (see the module comment), kept on the policy for later questions. A
 * grantee's seed key names a position in one question's grants, so a grantee's is kept for that question only.
 */
export function classOf(q: Question, seed: ClassSeed): ClassInfo {
  const known = q.classes.get(seed.key);
  if (known) return known;
  const k = q.key;
  const cls =
    seed.kind === 'grantee'
      ? newClass(q, seed)
      : q.policy.memo('whoCanClass', `${seed.key}|${k.account ?? ''}|${k.region ?? ''}|${k.keySpec ?? ''}|${k.keyUsage ?? ''}|${k.partition}`, () =>
          newClass(q, seed),
        );
  q.classes.set(seed.key, cls);
  return cls;
}

function newClass(q: Question, seed: ClassSeed): ClassInfo {
  const key = q.key;
  const facts = populationFacts(seed.population, { account: key.account, region: key.region, keySpec: key.keySpec, keyUsage: key.keyUsage });
  const factsId = q.store.id(`F${populationFactsKey(seed.population)}|${key.account ?? ''}|${key.region ?? ''}|${key.keySpec ?? ''}|${key.keyUsage ?? ''}`);
  return new Class(q.policy, q.routes, key, seed, facts, factsId);
}

/** A class whose group and principal literals are worked out when first asked (a one-row question never asks its group). */
class Class implements ClassInfo {
  private path: Map<number, Literal[] | undefined> | undefined;
  private known: string | undefined;

  constructor(
    private readonly policy: CompiledPolicy,
    private readonly routes: Question['routes'],
    private readonly key: KeyRef,
    readonly seed: ClassSeed,
    readonly facts: ReadonlyMap<string, Fact>,
    readonly factsId: number,
  ) {}

  allowLiterals(st: CompiledStatement): readonly Literal[] | undefined {
    return this.allows().get(st.index);
  }

  get group(): string {
    if (this.known !== undefined) return this.known;
    const { seed, policy } = this;
    if (seed.kind === 'grantee') return (this.known = seed.key);
    const path = [...this.allows()]
      .sort((a, b) => a[0] - b[0])
      .map(([i, lits]) => `${i}:${lits?.map((l) => l.atom.id) ?? 'no'}`)
      .join(',');
    const denies = policy
      .memo('whoCanDenies', '', () => policy.statements.filter((st) => st.effect === 'Deny' && !st.inert && st.principalMode !== 'none'))
      .map((st) => decidePrincipal(st.principalMode as 'principal' | 'not-principal', st.principals, seed.population))
      .map((d) => (d === undefined ? '?' : d ? 'T' : 'F'))
      .join('');
    return (this.known = `${seed.kind}|${seed.requires}|${isExternal(seed, this.key.account)}|${this.factsId}|${path}|${denies}`);
  }

  /** The Allow statements on the class's path (by index) and their principal literals for it. */
  private allows(): Map<number, Literal[] | undefined> {
    if (this.path) return this.path;
    const path = new Map<number, Literal[] | undefined>();
    if (this.seed.kind !== 'grantee')
      for (const k of seedRoutes(this.seed))
        for (const st of this.routes.get(k) ?? []) if (!path.has(st.index)) path.set(st.index, allowPrincipal(this.seed, st, this.key.partition));
    return (this.path = path);
  }
}

/** A class's answer for an action, shared by its group and by actions with the same plan signature. */
export function pieceFor(cls: ClassInfo, index: PlanIndex, action: string, q: Question): Piece | undefined {
  if (cls.seed.kind === 'grantee' || !q.shares) return analyse(cls, index, action, q);
  const k = `${cls.group}#${index.signature}#${isKeyPolicyAction(action) ? 1 : 0}${isCrossAccountAction(action) ? 1 : 0}`;
  if (q.pieces.has(k)) return q.pieces.get(k);
  const piece = analyse(cls, index, action, q);
  q.pieces.set(k, piece);
  return piece;
}

/** A statement's conjunction for a class (its principal literals, conditions and Resource), from the store. */
function term(q: Question, cls: ClassInfo, prepared: Prepared, principal: readonly Literal[]): Conjunct | undefined {
  // At most one principal literal: its atom names it.
  return q.store.term(prepared, principal.length === 0 ? `${cls.factsId}` : `${cls.factsId}|${principal[0]!.atom.id}`, () => {
    const lits = statementLiterals(prepared, cls.seed.population, cls.facts);
    return lits && conjunction([...principal, ...lits]);
  });
}

/** A statement's conditions and Resource for a class, without its principals (undefined: they never hold). */
export function statementTerm(q: Question, cls: ClassInfo, prepared: Prepared): Conjunct | undefined {
  return term(q, cls, prepared, []);
}

/** Whether a class can perform an action at all (its kind and account allow it). */
function eligible(cls: ClassInfo, action: string, key: KeyRef): boolean {
  if (isExternal(cls.seed, key.account) && !isCrossAccountAction(action)) return false;
  return cls.seed.kind === 'grantee' || isKeyPolicyAction(action);
}

/** An Allow's clause for a class (undefined when it does not feed the class or can never hold). */
export function allowClause(q: Question, cls: ClassInfo, prepared: Prepared): Conjunct | undefined {
  const principal = cls.allowLiterals(prepared.planned.statement);
  return principal && term(q, cls, prepared, principal);
}

/** The Denies that can apply to a class for the action of an index, in policy order (once per group and plan). */
export function denyList(q: Question, cls: ClassInfo, index: PlanIndex): DenyList {
  const k = q.shares ? `${cls.group}#${index.signature}` : undefined;
  const known = k === undefined ? undefined : q.denyLists.get(k);
  if (known) return known;
  const terms: DenyTerm[] = [];
  for (const prepared of index.denies) {
    const st = prepared.planned.statement;
    if (st.principalMode === 'none') continue;
    const d = decidePrincipal(st.principalMode, st.principals, cls.seed.population);
    if (d === false) continue;
    const c = term(q, cls, prepared, d ? [] : [{ atom: principalAtom(st.principalMode, st.principals, q.key.partition), positive: true }]);
    if (c) terms.push({ conjunct: c, statement: st });
  }
  // Clauses are remembered when subtracting these Denies can cost more than looking the answer up, and never
  // for a grantee (a supplied grant's literal is not the policy's).
  let literals = 0;
  for (const d of terms) literals += d.conjunct.length;
  const id = cls.seed.kind === 'grantee' || literals <= REMEMBERED ? undefined : q.store.id(`D${terms.map((d) => q.store.conjunctId(d.conjunct)).join(',')}`);
  const list = { terms, id };
  if (k !== undefined) q.denyLists.set(k, list);
  return list;
}

function analyse(cls: ClassInfo, index: PlanIndex, action: string, q: Question): Piece | undefined {
  const { seed } = cls;
  if (!eligible(cls, action, q.key)) return undefined;
  const statements: StatementRef[] = [];
  const clauses: Conjunct[] = [];
  if (seed.kind === 'grantee') {
    const g = seed.grant!;
    const applies = g.role === 'retiring' ? action === 'kms:retiregrant' : g.grant.operations.has(action);
    if (!applies) return undefined;
    const constrained = g.role === 'grantee' && constraintsBind(action, q.key.keySpec) && (g.grant.equals || g.grant.subset);
    clauses.push(constrained ? [{ atom: { kind: 'grant', id: `g:${g.grant.label}`, grant: g.grant }, positive: true }] : []);
  } else {
    for (const prepared of allowsFor(seed, index)) {
      const c = allowClause(q, cls, prepared);
      if (!c) continue;
      clauses.push(c);
      statements.push(ref(prepared.planned.statement));
    }
  }
  if (clauses.length === 0) return undefined;
  const denies = denyList(q, cls, index);
  const results = absorb(clauses).map((c) => q.store.clause(c, denies.terms, denies.id, q.budget));
  const { residual, applied } = combine(results, denies.terms, q.budget);
  for (const j of applied) statements.push(ref(denies.terms[j]!.statement));
  return { residual, statements };
}

/** One Allow statement's answer for one class and action, with every Deny of the policy subtracted. */
export interface AllowAnswer {
  readonly seed: ClassSeed;
  /** The action, lower case. */
  readonly action: string;
  /** What remains of the statement's conditions: `any` is empty when the Denies remove everything it gives. */
  readonly residual: Residual;
  /** The Denies that shaped the answer. */
  readonly denies: readonly CompiledStatement[];
}

/**
 * What one Allow statement gives each class it feeds, action by action, judged with every Deny of the policy
 * (what `whoCan` answers for a policy of the statement and the Denies, without the rows): the lint rules ask
 * this of many statements, and it shares the question's classes, Deny lists and clause residuals.
 */
export function allowAnswers(q: Question, st: CompiledStatement, actions: readonly string[]): AllowAnswer[] {
  const classes = new Map<string, ClassInfo>();
  for (const seed of seedsOf(st, q.key)) if (!classes.has(seed.key)) classes.set(seed.key, classOf(q, seed));
  const out: AllowAnswer[] = [];
  for (const action of actions) {
    const planned = q.policy.plan(action).live.find((p) => p.statement === st);
    if (!planned) continue;
    const index = indexOf(q, action);
    const prepared = q.store.prepare(planned, q.key);
    // Classes of one group get the same answer.
    const byGroup = new Map<string, Omit<AllowAnswer, 'seed' | 'action'> | null>();
    for (const cls of classes.values()) {
      let answer = byGroup.get(cls.group);
      if (answer === undefined) {
        const c = eligible(cls, action, q.key) ? allowClause(q, cls, prepared) : undefined;
        const denies = c && denyList(q, cls, index);
        const combined = c && denies && combine([q.store.clause(c, denies.terms, denies.id, q.budget)], denies.terms, q.budget);
        answer = combined && denies ? { residual: combined.residual, denies: combined.applied.map((j) => denies.terms[j]!.statement) } : null;
        byGroup.set(cls.group, answer);
      }
      if (answer) out.push({ seed: cls.seed, action, ...answer });
    }
  }
  return out;
}

/**
 * Whether a Deny can hold for some request of an action: its principals name someone, and its conditions and
 * Resource can all hold. Set against an Allow of everything to everyone, it then takes something away.
 */
export function denyCanHold(q: Question, st: CompiledStatement, action: string): boolean {
  const planned = q.policy.plan(action).live.find((p) => p.statement === st);
  if (!planned || st.principalMode === 'none') return false;
  const everyone = classOf(q, everyoneSeed());
  if (decidePrincipal(st.principalMode, st.principals, everyone.seed.population) === false) return false;
  return statementTerm(q, everyone, q.store.prepare(planned, q.key)) !== undefined;
}

/** The classes an Allow can feed: those of its principals, and everyone for "*" and NotPrincipal. */
function seedsOf(st: CompiledStatement, key: KeyRef): ClassSeed[] {
  if (st.principalMode === 'not-principal') return [everyoneSeed()];
  return st.principals.flatMap((p) => seedFor(p, key.account, key.partition) ?? []);
}

/** The question's index of an action's plan (memoised on the policy, sharing prepared statements). */
export function indexOf(q: Question, action: string): PlanIndex {
  const key = q.key;
  return q.policy.memo('whoCanIndex', `${action}|${resourceFacts(key)}`, () => indexPlan(q.policy.plan(action), key, (p) => q.store.prepare(p, key)));
}
