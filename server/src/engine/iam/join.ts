/**
 * One principal's cell for one action: the residual formula of AWS's evaluation logic (SEMANTICS §2) over
 * every policy that decides it, built from the who-can analysis's literals (residual/planIndex, dnf):
 *
 *   allow  = direct ∨ (account ∧ iam) ∨ grants,   iam = identity ∧ boundary
 *   direct = resource policy naming the principal (or "*"); from another account ∧ iam; a role ∧ boundary
 *   result = allow ∧ every SCP level ∧ every RCP level ∧ ¬(each Deny of the resource policy, identity
 *            policies, boundary, SCPs and RCPs)
 *
 * The same join answers "can this principal assume that role?" with the trust policy as the resource policy,
 * the role's ARN as the resource and sts:AssumeRole as the action (chains.ts).
 * Facts known for the principal (its account, ARN, a user's tags) and for the resource (the key's tags and
 * aliases) are substituted; what the request decides stays in the residual.
 */
import type { CompiledPolicy, CompiledStatement, PlannedStatement } from '../simulate/compile';
import { constraintsBind, type CompiledGrant } from '../simulate/grants';
import type { KeyRef } from '../simulate/keyRef';
import type { PrincipalPattern } from '../simulate/principals';
import { principalAtom, resourceAtom, type Literal } from '../simulate/residual/atoms';
import { NO_LOOKUP } from '../simulate/conditions/variables';
import { resourceVerdict } from '../simulate/statements';
import { absorb, conjunction, FALSE, isFalse, isTrue, negation, subtract, type Budget, type Conjunct, type Residual } from '../simulate/residual/dnf';
import { indexPlan, prepare, type PlanIndex, type Prepared } from '../simulate/residual/planIndex';
import { decideAtom, decidePrincipal, type Fact, type Population } from '../simulate/residual/population';
import type { DecidingStatement, PolicySourceKind } from './answer';
import type { OrgPolicy, PolicyRef } from './model';
import { allowReason, label, whyNoAllow } from './reasons';

/** Who asks: a user, a role (every session of it) or an account's root user. */
export interface Subject {
  readonly arn: string;
  readonly account: string;
  readonly kind: 'user' | 'role' | 'root';
  readonly population: Population;
  /** Facts for every request of the subject (principal keys, a user's tags, the resource's facts). */
  readonly facts: ReadonlyMap<string, Fact>;
  /** Identity policies; the root user has every identity permission (undefined). */
  readonly identity: readonly PolicyRef[] | undefined;
  readonly boundary?: PolicyRef;
  /** SCP levels of the subject's account; undefined = not supplied (nothing assumed). */
  readonly scps?: readonly (readonly OrgPolicy[])[];
  /** The keys a resource policy's statements are routed by that can name the subject (planIndex statementRoutes). */
  readonly routes: readonly string[];
}

/** What is asked about: a key (or a role) with its resource policy. */
export interface Target {
  readonly policy: CompiledPolicy;
  /** How the answer names the resource policy ("key policy", "DeployRole trust policy"). */
  readonly policyName: string;
  readonly policySource: PolicySourceKind;
  readonly resource: KeyRef;
  readonly account: string;
  /** RCP levels of the resource's account; undefined = not supplied. */
  readonly rcps?: readonly (readonly OrgPolicy[])[];
  readonly grants: readonly CompiledGrant[];
  /** False when the principals' statements prepared for it are not worth keeping (one of thousands of roles). */
  readonly keep?: boolean;
}

/** How an action stands for the target whatever the policies say. */
export interface ActionGates {
  /** Lower case. */
  readonly action: string;
  /** As the answer writes it (kms:Decrypt). */
  readonly display: string;
  /** Whether the resource policy can authorize it (not for RetireGrant or IAM-only actions). */
  readonly resourcePolicyAction: boolean;
  readonly crossAccount: boolean;
  /** Why the target refuses it whatever the policies say (the key state), if it does. */
  readonly blocked?: string;
  /** Whether RCPs can restrict it (not RetireGrant). */
  readonly rcpApplies: boolean;
}

/** One term of the formula: a conjunction and the statement it came from. */
interface Term {
  readonly conj: Conjunct;
  readonly ref: DecidingStatement;
}

/** A principal × action cell before it is written as JSON. */
export interface JoinedCell {
  readonly residual: Residual;
  readonly decision: 'allowed' | 'conditional' | 'denied';
  readonly decidedBy: readonly DecidingStatement[];
  /** Why, for people (without the residual's conditions). */
  readonly reason: string;
  /** Policies that decide the cell but whose documents were not supplied. */
  readonly missing: readonly string[];
  /** True when only a missing policy could allow it (the residual assumes it does). */
  readonly needsMissing?: boolean;
}

/** Work one question shares: statements prepared once per policy, action and resource. */
export class JoinCache {
  private readonly prepared = new Map<CompiledPolicy, Map<string, Prepared[]>>();
  private readonly indexes = new Map<CompiledPolicy, Map<string, PlanIndex>>();
  private readonly fixed = new Map<Prepared, Map<string, Term | null>>();
  /** The literal operations all cells may still spend on subtracting Denies (exact either way). */
  readonly budget: Budget = { left: 20_000_000 };

  /** The live statements of a policy for an action and resource, prepared (and kept unless `keep` is false). */
  live(policy: CompiledPolicy, action: string, resource: KeyRef, keep = true): readonly Prepared[] {
    if (!keep) {
      // One of thousands of resources (roles): the statements' atoms are prepared once, their Resource each time.
      const shared = this.live(policy, action, NO_RESOURCE);
      return shared.map((p) => ({ ...p, resource: resourceLiterals(p.planned.statement, resource) }));
    }
    let byAction = this.prepared.get(policy);
    if (!byAction) this.prepared.set(policy, (byAction = new Map()));
    const k = `${action}|${resource.arn ?? ''}`;
    let list = byAction.get(k);
    if (!list) byAction.set(k, (list = policy.plan(action).live.map((p: PlannedStatement) => prepare(p, resource))));
    return list;
  }

  /** The facts every member of a population has against one resource (subjects.ts): built once per account's roles, per user. */
  readonly populationFacts = new Map<string, ReadonlyMap<string, Fact>>();

  /** The term of a statement that reads the same for every subject (null: it never holds), per policy name. */
  fixedTerm(p: Prepared, source: PolicySourceKind, name: string): Term | null {
    let byName = this.fixed.get(p);
    if (!byName) this.fixed.set(p, (byName = new Map()));
    let t = byName.get(name);
    if (t === undefined) {
      const conj = p.resource && conjunction(p.resource);
      t = conj ? { conj, ref: ref(source, name, p.planned.statement) } : null;
      byName.set(name, t);
    }
    return t;
  }

  /**
   * The resource policy's live statements that can concern a subject: those routed to it, to its account or
   * to everyone, and every Deny (indexed once per policy, action and resource, so a subject reads only its own).
   */
  concerning(policy: CompiledPolicy, action: string, resource: KeyRef, routes: readonly string[]): readonly Prepared[] {
    let byAction = this.indexes.get(policy);
    if (!byAction) this.indexes.set(policy, (byAction = new Map()));
    const k = `${action}|${resource.arn ?? ''}`;
    let index = byAction.get(k);
    if (!index) byAction.set(k, (index = indexPlan(policy.plan(action), resource)));
    const out = new Set<Prepared>(index.everyone);
    for (const r of routes) for (const p of index.byKey.get(r) ?? []) out.add(p);
    for (const p of index.denies) out.add(p);
    return [...out];
  }
}

const TRUE_LIST: readonly Conjunct[] = [[]];
/** The resource of statements prepared for any resource (their Resource is read again for each). */
const NO_RESOURCE: KeyRef = { account: undefined, region: undefined, partition: 'aws', arn: undefined, keySpec: undefined, keyUsage: undefined };

/** A statement's Resource literals for a resource whose ARN is known (planIndex `prepare`'s reading). */
function resourceLiterals(st: CompiledStatement, resource: KeyRef): Literal[] | undefined {
  if (st.resources.some((r) => r.template.dynamic)) return [{ atom: resourceAtom(st), positive: true }];
  return resourceVerdict(st, resource, NO_LOOKUP) === 'matches' ? [] : undefined;
}
/** Past this many alternatives a conjunction of policies is not distributed: the cell is reported too complex. */
const MAX_ALTERNATIVES = 256;

/** A statement's literals for the subject (conditions, Resource), or undefined when they never hold. */
function literalsFor(p: Prepared, subject: Subject): Literal[] | undefined {
  if (!p.resource) return undefined;
  const out: Literal[] = [...p.resource];
  for (const atom of p.atoms) {
    const d = decideAtom(atom, subject.population, subject.facts);
    if (d === false) return undefined;
    if (d === undefined) out.push({ atom, positive: true });
  }
  return out;
}

/** The principal literals of a resource-policy statement for the subject (undefined: it never names it). */
function principalLiterals(
  mode: 'principal' | 'not-principal',
  patterns: readonly PrincipalPattern[],
  subject: Subject,
  partition: string,
): Literal[] | undefined {
  const d = decidePrincipal(mode, patterns, subject.population);
  if (d === false) return undefined;
  return d ? [] : [{ atom: principalAtom(mode, patterns, partition), positive: true }];
}

function ref(source: PolicySourceKind, policy: string, st: CompiledStatement): DecidingStatement {
  return { source, policy, index: st.index, ...(st.sid !== undefined ? { sid: st.sid } : {}), effect: st.effect === 'Deny' ? 'Deny' : 'Allow' };
}

/** The Allow terms and Deny terms of identity-like policies (no Principal) for the subject. */
function policyTerms(
  cache: JoinCache,
  refs: readonly { readonly name: string; readonly compiled: (() => CompiledPolicy) | undefined; readonly mayCover?: (action: string) => boolean }[],
  source: PolicySourceKind,
  gates: ActionGates,
  target: Target,
  subject: Subject,
  missing: string[],
): { allows: Term[]; denies: Term[]; missing: boolean } {
  const allows: Term[] = [];
  const denies: Term[] = [];
  const before = missing.length;
  for (const r of refs) {
    if (!r.compiled) {
      missing.push(r.name);
      continue;
    }
    if (r.mayCover && !r.mayCover(gates.action)) continue;
    const policy = r.compiled();
    for (const p of cache.live(policy, gates.action, target.resource, target.keep !== false)) {
      const st = p.planned.statement;
      // A statement without conditions or Principal reads the same for every subject: its term is built once.
      const fixed = target.keep !== false && st.principalMode === 'none' && p.atoms.length === 0 ? cache.fixedTerm(p, source, r.name) : undefined;
      if (fixed !== undefined) {
        if (fixed) (st.effect === 'Deny' ? denies : allows).push(fixed);
        continue;
      }
      let lits = literalsFor(p, subject);
      if (!lits) continue;
      // RCPs name principals ("*" as AWS requires, or more).
      if (st.principalMode !== 'none') {
        const pl = principalLiterals(st.principalMode, st.principals, subject, target.resource.partition);
        if (!pl) continue;
        lits = [...pl, ...lits];
      }
      const conj = conjunction(lits);
      if (!conj) continue;
      (st.effect === 'Deny' ? denies : allows).push({ conj, ref: ref(source, r.name, st) });
    }
  }
  return { allows, denies, missing: missing.length > before };
}

/** The disjunction of terms, absorbed. */
function or(terms: readonly Term[]): Conjunct[] {
  return absorb(terms.map((t) => t.conj));
}

/** a ∧ b in DNF; undefined when it would be too large to list. */
function and(a: readonly Conjunct[], b: readonly Conjunct[]): Conjunct[] | undefined {
  if (a.length === 0 || b.length === 0) return [];
  if (a.length === 1 && a[0]!.length === 0) return [...b];
  if (b.length === 1 && b[0]!.length === 0) return [...a];
  if (a.length * b.length > MAX_ALTERNATIVES * 4) return undefined;
  const out: Conjunct[] = [];
  for (const x of a)
    for (const y of b) {
      const c = conjunction([...x, ...y]);
      if (c) out.push(c);
    }
  const absorbed = absorb(out);
  return absorbed.length > MAX_ALTERNATIVES ? undefined : absorbed;
}

/** The subject's cell for one action on the target. */
export function joinCell(cache: JoinCache, subject: Subject, target: Target, gates: ActionGates): JoinedCell {
  const missing: string[] = [];
  const external = subject.account !== target.account;
  const denied = (reason: string, decidedBy: DecidingStatement[] = []): JoinedCell => ({ residual: FALSE, decision: 'denied', decidedBy, reason, missing });
  if (gates.blocked) return denied(gates.blocked);
  if (external && !gates.crossAccount) return denied(`${gates.display} cannot be called on a resource of another account, whatever the policies say`);

  // The resource policy: direct and account terms, and its Denies.
  const direct: Term[] = [];
  const account: Term[] = [];
  const denies: Term[] = [];
  for (const p of cache.concerning(target.policy, gates.action, target.resource, subject.routes)) {
    const st = p.planned.statement;
    if (st.principalMode === 'none') continue;
    const lits = literalsFor(p, subject);
    if (!lits) continue;
    const add = (into: Term[], principal: Literal[] | undefined): void => {
      const conj = principal && conjunction([...principal, ...lits]);
      if (conj) into.push({ conj, ref: ref(target.policySource, target.policyName, st) });
    };
    if (st.effect === 'Deny') {
      add(denies, principalLiterals(st.principalMode, st.principals, subject, target.resource.partition));
      continue;
    }
    if (!gates.resourcePolicyAction) continue;
    if (st.principalMode === 'not-principal') {
      add(direct, principalLiterals('not-principal', st.principals, subject, target.resource.partition));
      continue;
    }
    const own = st.principals.filter((pt) => pt.kind === 'account' && pt.account === subject.account);
    const others = st.principals.filter((pt) => !(pt.kind === 'account' && pt.account === subject.account));
    if (own.length > 0) add(account, []);
    if (others.length > 0) add(direct, principalLiterals('principal', others, subject, target.resource.partition));
  }

  // The subject's own policies.
  const identity = subject.identity ? policyTerms(cache, subject.identity, 'identity', gates, target, subject, missing) : undefined;
  const boundary = subject.boundary ? policyTerms(cache, [subject.boundary], 'boundary', gates, target, subject, missing) : undefined;
  const iamList = identity ? or(identity.allows) : TRUE_LIST;
  const boundaryList = boundary ? or(boundary.allows) : TRUE_LIST;
  let tooComplex = false;
  const both = (a: readonly Conjunct[], b: readonly Conjunct[]): Conjunct[] => {
    const r = and(a, b);
    if (r === undefined) tooComplex = true;
    return r ?? [...a];
  };

  // Grants: to the subject directly, or to its account (then its IAM must allow too).
  const grantDirect: Conjunct[] = [];
  const grantAccount: Conjunct[] = [];
  const grantRefs: DecidingStatement[] = [];
  for (const g of target.grants) {
    const retiring = gates.action === 'kms:retiregrant' && g.retiring && decidePrincipal('principal', [g.retiring], subject.population) !== false;
    const granted = g.operations.has(gates.action) && decidePrincipal('principal', [g.grantee], subject.population) !== false;
    if (!retiring && !granted) continue;
    const principal = retiring ? [] : (principalLiterals('principal', [g.grantee], subject, target.resource.partition) ?? []);
    const constrained = !retiring && constraintsBind(gates.action, target.resource.keySpec) && (g.equals || g.subset);
    const conj = conjunction([...principal, ...(constrained ? [{ atom: { kind: 'grant', id: `g:${g.label}`, grant: g } as const, positive: true }] : [])]);
    if (!conj) continue;
    (g.grantee.kind === 'account' && !retiring ? grantAccount : grantDirect).push(conj);
    grantRefs.push({ source: 'grant', policy: g.label, effect: 'Allow' });
  }

  const scpLevels = subject.scps ?? [];
  const rcpLevels = gates.rcpApplies ? (target.rcps ?? []) : [];
  const guardDenies: Term[] = [];
  const guardAllows: Term[] = [];
  const levelLists: Conjunct[][] = [];
  let guardMissing: string | undefined;
  for (const [kind, levels] of [
    ['scp', scpLevels],
    ['rcp', rcpLevels],
  ] as const) {
    levels.forEach((level, l) => {
      const t = policyTerms(cache, level, kind, gates, target, subject, missing);
      guardDenies.push(...t.denies);
      guardAllows.push(...t.allows);
      if (t.allows.length === 0) guardMissing ??= `no ${kind.toUpperCase()} at level ${l} of the organization allows it (every level must)`;
      levelLists.push(or(t.allows));
    });
  }
  const directList = or(direct);
  const accountList = or(account);
  const paths = { direct: false, account: false, grant: false };
  const compose = (iamL: readonly Conjunct[], boundaryL: readonly Conjunct[]): Conjunct[] => {
    const iam = both(iamL, boundaryL);
    const directPart = external ? both(directList, iam) : subject.kind === 'role' && boundary ? both(directList, boundaryL) : directList;
    const accountPart = both(accountList, iam);
    const grantPart = [...grantDirect, ...both(grantAccount, iam)];
    Object.assign(paths, { direct: directPart.length > 0, account: accountPart.length > 0, grant: grantPart.length > 0 });
    let a = absorb([...directPart, ...accountPart, ...grantPart]);
    for (const level of levelLists) a = both(a, level);
    return a;
  };
  let allow = compose(iamList, boundaryList);
  // A policy whose document is missing may allow: the cell is then unknown unless nothing else would allow it.
  let needsMissing = false;
  if (allow.length === 0 && (identity?.missing || boundary?.missing)) {
    allow = compose(identity?.missing ? TRUE_LIST : iamList, boundary?.missing ? TRUE_LIST : boundaryList);
    needsMissing = allow.length > 0;
  }
  const allDenies = [...denies, ...(identity?.denies ?? []), ...(boundary?.denies ?? []), ...guardDenies];
  const hard = allDenies.find((d) => d.conj.length === 0);
  if (hard) return denied(`denied by ${label(hard.ref)}`, [hard.ref]);
  if (allow.length === 0) {
    const reason =
      guardMissing ??
      whyNoAllow(gates, target.policyName, subject.account, {
        external,
        named: direct.length > 0 || account.length > 0,
        boundaryEmpty: boundary !== undefined && boundaryList.length === 0,
        iamEmpty: iamList.length === 0,
      });
    return denied(reason);
  }
  let residual: Residual = { any: allow, unless: [] };
  const shaping: DecidingStatement[] = [];
  for (const d of allDenies) {
    const before = residual;
    residual = subtract(residual, d.conj, negation(d.conj), cache.budget);
    if (residual !== before) shaping.push(d.ref);
    if (isFalse(residual)) break;
  }
  const used = [...direct, ...account, ...(identity?.allows ?? []), ...(boundary?.allows ?? []), ...guardAllows].map((t) => t.ref);
  const decidedBy = [...used, ...grantRefs, ...shaping];
  if (tooComplex) residual = { any: residual.any, unless: residual.unless, tooComplex: true };
  if (isFalse(residual)) return withMissing(denied(`denied by ${shaping.map(label).join(', ') || 'the Denies'} whenever an Allow holds`, shaping), missing);
  const cell: JoinedCell = {
    residual,
    decision: isTrue(residual) && !residual.tooComplex ? 'allowed' : 'conditional',
    decidedBy,
    reason: allowReason(
      paths.direct ? direct[0]?.ref : undefined,
      paths.account ? account[0]?.ref : undefined,
      paths.grant ? grantRefs[0] : undefined,
      external,
    ),
    missing,
    ...(needsMissing ? { needsMissing } : {}),
  };
  return withMissing(cell, missing);
}

/** A cell that depends on policies whose documents are missing can be neither allowed nor denied for lack of an allow. */
function withMissing(cell: JoinedCell, missing: readonly string[]): JoinedCell {
  if (missing.length === 0) return cell;
  const names = [...new Set(missing)];
  return {
    ...cell,
    decision: 'conditional',
    reason: `${cell.needsMissing ? 'nothing supplied allows it' : cell.reason}; but the policy documents of ${names.join(', ')} were not supplied (they may allow or deny it)`,
    missing: names,
  };
}
