/**
 * The who-can analysis's view of one action: the live statements, with their condition atoms prepared once
 * per action and key, indexed by the class keys their principals feed (so a class looks only at the
 * statements that can concern it), and a statement's literals for one class.
 */
import type { ActionPlan, PlannedStatement } from '../compile';
import { NO_LOOKUP } from '../conditions/variables';
import type { KeyRef } from '../keyRef';
import { resourceVerdict } from '../statements';
import { conditionAtom, resourceAtom, type ConditionAtom, type Literal } from './atoms';
import type { ClassSeed } from './classes';
import { decideAtom, type Fact, type Population } from './population';

/** A live statement with its atoms prepared once per action and key. */
export interface Prepared {
  readonly planned: PlannedStatement;
  /** undefined: the Resource never matches the key. */
  readonly resource: Literal[] | undefined;
  readonly atoms: readonly ConditionAtom[];
}

/** Per action and key: the live statements indexed by the class keys their principals feed. */
export interface PlanIndex {
  readonly byKey: ReadonlyMap<string, readonly Prepared[]>;
  readonly everyone: readonly Prepared[];
  readonly denies: readonly Prepared[];
}

/**
 * Prepares a live statement: its condition atoms and its Resource verdict for the key. A Resource that may
 * name the key (its ARN is unknown, SEMANTICS §1) or that uses variables stays in the residual as an atom.
 */
export function prepare(planned: PlannedStatement, key: KeyRef): Prepared {
  const st = planned.statement;
  const verdict = st.resources.some((r) => r.template.dynamic) ? 'may' : resourceVerdict(st, key, NO_LOOKUP);
  const resource = verdict === 'matches' ? [] : verdict === 'may' ? [{ atom: resourceAtom(st), positive: true }] : undefined;
  return { planned, resource, atoms: st.conditions.map((c, i) => conditionAtom(c, planned.keyPresent[i]!)) };
}

/** Indexes a plan's live statements by the class keys their principals feed. */
export function indexPlan(plan: ActionPlan, key: KeyRef): PlanIndex {
  const byKey = new Map<string, Prepared[]>();
  const everyone: Prepared[] = [];
  const denies: Prepared[] = [];
  const push = (k: string, p: Prepared): void => {
    const list = byKey.get(k);
    if (!list) byKey.set(k, [p]);
    else if (list[list.length - 1] !== p) list.push(p);
  };
  for (const planned of plan.live) {
    const st = planned.statement;
    const p = prepare(planned, key);
    if (st.effect === 'Deny') {
      if (st.principalMode !== 'none') denies.push(p);
      continue;
    }
    if (st.principalMode === 'not-principal') {
      everyone.push(p);
      continue;
    }
    if (st.principalMode !== 'principal') continue;
    let any = false;
    for (const pat of st.principals) {
      switch (pat.kind) {
        case 'any':
          any = true;
          break;
        case 'account':
          push(`account:${pat.account}`, p);
          break;
        case 'service':
          push(`service:${pat.service}`, p);
          break;
        case 'role':
          push(`role:${pat.account}/${pat.name}`, p);
          break;
        case 'session':
          push(`role:${pat.account}/${pat.role}`, p);
          push(`session:${pat.account}/${pat.role}/${pat.session}`, p);
          break;
        case 'user':
          push(`user:${pat.account}/${pat.name}`, p);
          break;
        case 'federated-user':
          push(`federated:${pat.account}/${pat.name}`, p);
          break;
        default:
          break;
      }
    }
    if (any) everyone.push(p);
  }
  return { byKey, everyone, denies };
}

/** The allow statements that can feed a class's path, in policy order. */
export function allowsFor(seed: ClassSeed, index: PlanIndex): readonly Prepared[] {
  const pop = seed.population;
  const get = (k: string): readonly Prepared[] => index.byKey.get(k) ?? [];
  switch (seed.kind) {
    case 'everyone':
      return index.everyone;
    case 'account':
    case 'external-account':
      return pop.kind === 'account' ? get(`account:${pop.account}`) : [];
    case 'service':
      return pop.kind === 'exact' && pop.caller.kind === 'service' ? get(`service:${pop.caller.service}`) : [];
    case 'principal':
    case 'external-principal': {
      if (pop.kind === 'role') return get(`role:${pop.account}/${pop.role}`);
      if (pop.kind !== 'exact') return [];
      const c = pop.caller;
      if (c.kind === 'user') return get(`user:${c.account}/${c.name}`);
      if (c.kind === 'federated-user') return get(`federated:${c.account}/${c.name}`);
      if (c.kind === 'assumed-role') {
        const merged = [...get(`role:${c.account}/${c.role}`)];
        for (const p of get(`session:${c.account}/${c.role}/${c.session}`)) if (!merged.includes(p)) merged.push(p);
        return merged.sort((a, b) => a.planned.statement.index - b.planned.statement.index);
      }
      return [];
    }
    case 'grantee':
      return [];
  }
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
