/**
 * The who-can analysis's view of one action: the live statements, with their condition atoms prepared once
 * per action and key, indexed by the class keys their principals feed (so a class looks only at the
 * statements that can concern it), and a statement's literals for one class.
 */
import type { ActionPlan, CompiledStatement, PlannedStatement } from '../compile';
import { NO_LOOKUP } from '../conditions/variables';
import type { KeyRef } from '../keyRef';
import { resourceVerdict } from '../statements';
import { conditionAtom, resourceAtom, type ConditionAtom, type Literal } from './atoms';
import type { ClassSeed } from './classes';
import { decideAtom, type Fact, type Population } from './population';

/** A live statement with its atoms prepared once per action and key. */
export interface Prepared {
  readonly planned: PlannedStatement;
  /** Its signature (`signatureOf`): the same for every action that prepares the statement alike. */
  readonly signature: string;
  /** undefined: the Resource never matches the key. */
  readonly resource: Literal[] | undefined;
  readonly atoms: readonly ConditionAtom[];
}

/** Per action and key: the live statements indexed by the class keys their principals feed. */
export interface PlanIndex {
  readonly byKey: ReadonlyMap<string, readonly Prepared[]>;
  readonly everyone: readonly Prepared[];
  readonly denies: readonly Prepared[];
  /**
   * The live statements and which of their condition keys the action carries: two actions with the same
   * signature (and the same cross-account and key-policy standing) get the same answer for every class.
   */
  readonly signature: string;
}

/**
 * Prepares a live statement: its condition atoms and its Resource verdict for the key. A Resource that may
 * name the key (its ARN is unknown, SEMANTICS §1) or that uses variables stays in the residual as an atom.
 */
export function prepare(planned: PlannedStatement, key: KeyRef, signature = signatureOf(planned)): Prepared {
  const st = planned.statement;
  const verdict = st.resources.some((r) => r.template.dynamic) ? 'may' : resourceVerdict(st, key, NO_LOOKUP);
  const resource = verdict === 'matches' ? [] : verdict === 'may' ? [{ atom: resourceAtom(st), positive: true }] : undefined;
  return { planned, signature, resource, atoms: st.conditions.map((c, i) => conditionAtom(c, planned.keyPresent[i]!)) };
}

/**
 * The class keys an Allow's principal entries feed (`everyone` for "*" and NotPrincipal). The who-can index
 * routes statements by them, and classes that read the same keys are analysed alike (see `seedRoutes`).
 */
export function statementRoutes(st: CompiledStatement): string[] {
  if (st.principalMode === 'not-principal') return ['everyone'];
  if (st.principalMode !== 'principal') return [];
  const out: string[] = [];
  for (const pat of st.principals) {
    switch (pat.kind) {
      case 'any':
        out.push('everyone');
        break;
      case 'account':
        out.push(`account:${pat.account}`);
        break;
      case 'service':
        out.push(`service:${pat.service}`);
        break;
      case 'role':
        out.push(`role:${pat.account}/${pat.name}`);
        break;
      case 'session':
        out.push(`role:${pat.account}/${pat.role}`, `session:${pat.account}/${pat.role}/${pat.session}`);
        break;
      case 'user':
        out.push(`user:${pat.account}/${pat.name}`);
        break;
      case 'federated-user':
        out.push(`federated:${pat.account}/${pat.name}`);
        break;
      default:
        break;
    }
  }
  return out;
}

/** A planned statement's signature: its index and which of its condition keys the action carries. */
export function signatureOf(planned: PlannedStatement): string {
  let bits = `${planned.statement.index}:`;
  for (const b of planned.keyPresent) bits += b ? '1' : '0';
  return bits;
}

/** Indexes a plan's live statements by the class keys their principals feed; `prepareOne` may share prepared statements. */
export function indexPlan(plan: ActionPlan, key: KeyRef, prepareOne: (planned: PlannedStatement) => Prepared = (p) => prepare(p, key)): PlanIndex {
  const byKey = new Map<string, Prepared[]>();
  const everyone: Prepared[] = [];
  const denies: Prepared[] = [];
  const signature: string[] = [];
  for (const planned of plan.live) {
    const st = planned.statement;
    const p = prepareOne(planned);
    signature.push(p.signature);
    if (st.effect === 'Deny') {
      if (st.principalMode !== 'none') denies.push(p);
      continue;
    }
    for (const k of statementRoutes(st)) {
      const list = k === 'everyone' ? everyone : byKey.get(k);
      if (!list) byKey.set(k, [p]);
      else if (list[list.length - 1] !== p) list.push(p);
    }
  }
  return { byKey, everyone, denies, signature: signature.join(',') };
}

/** The class keys a class reads its allow statements from (see `statementRoutes`), most specific last. */
export function seedRoutes(seed: ClassSeed): string[] {
  const pop = seed.population;
  switch (seed.kind) {
    case 'everyone':
      return ['everyone'];
    case 'account':
    case 'external-account':
      return pop.kind === 'account' ? [`account:${pop.account}`] : [];
    case 'service':
      return pop.kind === 'exact' && pop.caller.kind === 'service' ? [`service:${pop.caller.service}`] : [];
    case 'principal':
    case 'external-principal': {
      if (pop.kind === 'role') return [`role:${pop.account}/${pop.role}`];
      if (pop.kind !== 'exact') return [];
      const c = pop.caller;
      if (c.kind === 'user') return [`user:${c.account}/${c.name}`];
      if (c.kind === 'federated-user') return [`federated:${c.account}/${c.name}`];
      if (c.kind === 'assumed-role') return [`role:${c.account}/${c.role}`, `session:${c.account}/${c.role}/${c.session}`];
      return [];
    }
    case 'grantee':
      return [];
  }
}

/** The allow statements that can feed a class's path, in policy order. */
export function allowsFor(seed: ClassSeed, index: PlanIndex): readonly Prepared[] {
  const routes = seedRoutes(seed);
  const get = (k: string): readonly Prepared[] => (k === 'everyone' ? index.everyone : (index.byKey.get(k) ?? []));
  if (routes.length <= 1) return routes.length === 0 ? [] : get(routes[0]!);
  const merged: Prepared[] = [];
  for (const k of routes) for (const p of get(k)) if (!merged.includes(p)) merged.push(p);
  return merged.sort((a, b) => a.planned.statement.index - b.planned.statement.index);
}

/** Literals of a statement's conditions and resource for a class; undefined when they can never hold. */
export function statementLiterals(p: Prepared, pop: Population, facts: ReadonlyMap<string, Fact>): Literal[] | undefined {
  if (!p.resource) return undefined;
  const out: Literal[] = [...p.resource];
  for (const atom of p.atoms) {
    const decided = decideAtom(atom, pop, facts);
    if (decided === false) return undefined;
    if (decided === undefined) out.push({ atom, positive: true });
  }
  return out;
}
