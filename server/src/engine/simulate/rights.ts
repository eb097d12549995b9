/**
 * Effective rights: what each principal of the key's account can do under the whole policy, every Allow and
 * every Deny counted, for the rules that judge a principal's rights rather than one statement's Action list
 * (KP506 full access, KP507 key destruction). The holders:
 * - each user, role, session, federated user or service an Allow names;
 * - each principal an aws:PrincipalArn test names (an Allow to "*" narrowed to an administrator role, or a
 *   Deny carve-out "unless aws:PrincipalArn is the admin role"), a wildcard pattern standing for the
 *   principals it matches (one made-up member of it);
 * - when an Allow names "*" (or uses NotPrincipal), any other principal of the account.
 * Each holder is one concrete caller, so the residual of SEMANTICS §6 is worked out for it alone: its identity
 * decides principal elements and the principal keys (aws:PrincipalArn as written, the account,
 * aws:PrincipalType…); other conditions stay as literals, and the Denies that may still apply are subtracted
 * (residual/clauses.ts). A holder can perform an action when something is left. A way through "*" counts for a
 * named holder only when an aws:PrincipalArn test in it names the holder (otherwise it is everyone's, counted
 * for the "any other principal" holder). No service calls PutKeyPolicy or destroys a key for a principal, so a
 * way to those that needs kms:ViaService does not count. The account's delegation statements (IAM decides
 * there) are left out, as the rules never judge them.
 */
import { allActions } from '../catalog';
import { hasCapability, isCryptoUse, namesOwnAccount } from '../facts';
import { statementName } from '../messages';
import type { CompiledPolicy, CompiledStatement, PlannedStatement } from './compile';
import { evaluateCondition } from './conditions/match';
import { NO_LOOKUP } from './conditions/variables';
import { PRINCIPAL_KEYS, derivePrincipalKey } from './context';
import { resolveKey, type KeyRef } from './keyRef';
import { patternMatches, type Caller, type PrincipalPattern } from './principals';
import type { ConditionAtom, Literal } from './residual/atoms';
import { subtractAll } from './residual/clauses';
import { conjunction, type Conjunct } from './residual/dnf';
import { prepare, type Prepared } from './residual/planIndex';
import type { WhoCanOptions } from './residual/whoCan';
import { principalVia } from './statements';

/** kms:PutKeyPolicy, lower case. */
export const PUT_KEY_POLICY_ACTION = 'kms:putkeypolicy';
/** The cryptographic operations a key user runs (facts isCryptoUse), lower case. */
export const USE_ACTIONS: readonly string[] = allActions()
  .filter(isCryptoUse)
  .map((a) => a.fullName.toLowerCase());
/** The key-policy actions that make the key unusable (ScheduleKeyDeletion, DisableKey…), lower case. */
export const DESTRUCTIVE_ACTIONS: readonly string[] = allActions()
  .filter((a) => hasCapability(a, 'disruptsAvailability'))
  .map((a) => a.fullName.toLowerCase());

/** A principal whose rights are judged. */
export interface RightsHolder {
  /** `named`: in a Principal element; `principal-arn`: in an aws:PrincipalArn test; `others`: anyone else through "*". */
  readonly kind: 'named' | 'principal-arn' | 'others';
  /** For people: the ARN or pattern as written, or "every principal of account …". */
  readonly label: string;
  /** Per action (lower case) the holder can perform: the Allow statements (indexes) that give it. */
  readonly actions: ReadonlyMap<string, readonly number[]>;
}

interface Witness {
  readonly kind: RightsHolder['kind'];
  readonly label: string;
  readonly caller: Caller;
  /** The principal keys derived so far (lower case → values; undefined = absent). */
  readonly keys: Map<string, readonly string[] | undefined>;
  /** Anyone else in an account that is not known: its account and ARN are unknown too. */
  readonly accountUnknown: boolean;
}

/** Actions that no AWS service calls on a principal's behalf: a way that needs kms:ViaService does not count. */
const NOT_VIA_SERVICE = new Set([PUT_KEY_POLICY_ACTION, ...DESTRUCTIVE_ACTIONS]);

/**
 * The effective rights the rules judge, in holder order (named, then aws:PrincipalArn, then anyone else): for
 * each holder that is a key user (can perform one of the `use` actions: the first found is kept) or is anyone
 * else through "*", every `gate` action it can perform; holders without a `gate` action are left out. Asking
 * about key use first keeps the work small: administrators who do not use the key are judged by no rule here.
 */
export function effectiveRights(policy: CompiledPolicy, gate: readonly string[], use: readonly string[], options: WhoCanOptions): RightsHolder[] {
  const judged = policy.statements.filter(
    (st) => !st.inert && !(st.effect === 'Allow' && st.principalMode === 'principal' && st.source && namesOwnAccount(st.source, options.account)),
  );
  const key = resolveKey({ ...options, ...(options.account ? { keyAccount: options.account } : {}) });
  const prepared = new Map<PlannedStatement, Prepared>();
  const planned = new Map<string, ReadonlyMap<CompiledStatement, PlannedStatement>>();
  // Each judged statement that applies to an action, prepared (conditions as atoms, Resource verdict) on first use.
  const prep = (action: string, st: CompiledStatement): Prepared | undefined => {
    let live = planned.get(action);
    if (!live) planned.set(action, (live = new Map(policy.plan(action).live.map((p) => [p.statement, p]))));
    const p = live.get(st);
    if (!p) return undefined;
    let x = prepared.get(p);
    if (!x) prepared.set(p, (x = prepare(p, key)));
    return x;
  };
  // Allows that name principals only (most of a policy) are found by the principals' keys; the rest are asked.
  const byName = new Map<string, CompiledStatement[]>();
  const others: CompiledStatement[] = [];
  for (const st of judged) {
    const keys = st.effect === 'Allow' && st.principalMode === 'principal' ? st.principals.map(nameKey) : [undefined];
    if (keys.some((k) => k === undefined)) {
      others.push(st);
      continue;
    }
    for (const k of keys as string[]) {
      const list = byName.get(k);
      if (!list) byName.set(k, [st]);
      else if (list[list.length - 1] !== st) list.push(st);
    }
  }
  const out: RightsHolder[] = [];
  for (const w of witnessesOf(judged, gate, key)) {
    // The statements whose principal element covers the holder (and whether an Allow names it), found once.
    const denies: CompiledStatement[] = [];
    const allows: { readonly st: CompiledStatement; readonly named: boolean }[] = [];
    for (const k of callerKeys(w.caller)) for (const st of byName.get(k) ?? []) if (!allows.some((a) => a.st === st)) allows.push({ st, named: true });
    for (const st of others) {
      // A Deny naming the holder's account covers it; an Allow naming the account is delegation (IAM decides).
      const via = principalVia(st, w.caller).via;
      if (via === 'none' || (via === 'account' && st.effect === 'Allow')) continue;
      if (st.effect === 'Deny') denies.push(st);
      else
        allows.push({
          st,
          named: w.kind === 'others' || (st.principalMode === 'principal' && st.principals.some((p) => p.kind !== 'any' && patternMatches(p, w.caller))),
        });
    }
    // In policy order, so the first statement that gives an action comes first.
    allows.sort((a, b) => a.st.index - b.st.index);
    if (allows.length === 0) continue;
    const rights = new Map<string, number[]>();
    const ask = (action: string): boolean => {
      const givers = allows.some(({ st }) => st.coveredActions.has(action)) ? giversOf(action, w, allows, denies, (st) => prep(action, st)) : [];
      if (givers.length > 0) rights.set(action, givers);
      return givers.length > 0;
    };
    if (!use.some(ask) && w.kind !== 'others') continue;
    const used = rights.size;
    gate.forEach(ask);
    if (rights.size > used) out.push({ kind: w.kind, label: w.label, actions: rights });
  }
  return out;
}

/** The Allows (indexes) that give a holder an action, the Denies that cover it subtracted. */
function giversOf(
  action: string,
  w: Witness,
  allows: readonly { readonly st: CompiledStatement; readonly named: boolean }[],
  denyStatements: readonly CompiledStatement[],
  prep: (st: CompiledStatement) => Prepared | undefined,
): number[] {
  const ways: { readonly index: number; readonly conjunct: Conjunct }[] = [];
  for (const { st, named } of allows) {
    const p = prep(st);
    const way = p && forHolder(p, w);
    // A way through "*" is the holder's own only when an aws:PrincipalArn test names it.
    if (!way || (!named && !way.pinned) || (NOT_VIA_SERVICE.has(action) && viaService(way.conjunct))) continue;
    ways.push({ index: st.index, conjunct: way.conjunct });
  }
  if (ways.length === 0) return [];
  const denies: Conjunct[] = [];
  for (const st of denyStatements) {
    const p = prep(st);
    const d = p && forHolder(p, w);
    if (!d) continue;
    if (d.conjunct.length === 0) return [];
    denies.push(d.conjunct);
  }
  const terms = denies.map((conjunct) => ({ conjunct }));
  return ways.flatMap(({ index, conjunct }) => (subtractAll(conjunct, terms).any.length === 0 ? [] : [index]));
}

/** The key a named principal is indexed by; undefined for "*", accounts and unusable principals. */
function nameKey(p: PrincipalPattern): string | undefined {
  switch (p.kind) {
    case 'role':
      return `role:${p.account}/${p.name}`;
    case 'session':
      return `session:${p.account}/${p.role}/${p.session}`;
    case 'user':
    case 'federated-user':
      return `${p.kind}:${p.account}/${p.name}`;
    case 'service':
      return `service:${p.service}`;
    default:
      return undefined;
  }
}

/** The keys of the named principals that name a caller (a session is named by its role too). */
function callerKeys(c: Caller): string[] {
  switch (c.kind) {
    case 'role':
      return [`role:${c.account}/${c.role}`];
    case 'assumed-role':
      return [`role:${c.account}/${c.role}`, `session:${c.account}/${c.role}/${c.session}`];
    case 'user':
    case 'federated-user':
      return [`${c.kind}:${c.account}/${c.name}`];
    case 'service':
      return [`service:${c.service}`];
    default:
      return [];
  }
}

/**
 * A statement's Resource and conditions for one holder: the literals its identity does not decide, whether a
 * positive aws:PrincipalArn test named it; undefined when a literal is false for it.
 */
function forHolder(p: Prepared, w: Witness): { readonly conjunct: Conjunct; readonly pinned: boolean } | undefined {
  if (!p.resource) return undefined;
  const open: Literal[] = [...p.resource];
  let pinned = false;
  for (const atom of p.atoms) {
    const d = decide(atom, w);
    if (d === false) return undefined;
    if (d === undefined) open.push({ atom, positive: true });
    else if (atom.condition.keyLower === 'aws:principalarn' && !atom.condition.operator.negated) pinned = true;
  }
  const conjunct = conjunction(open);
  return conjunct ? { conjunct, pinned } : undefined;
}

/**
 * The holders that can matter: the principals named by the Allows that give one of the `gate` actions, and,
 * when such an Allow names "*" (or uses NotPrincipal), the principals aws:PrincipalArn tests name and anyone
 * else. (A principal named only elsewhere can reach a gate action only through "*", as one of those.)
 */
function witnessesOf(statements: readonly CompiledStatement[], gate: readonly string[], key: KeyRef): Witness[] {
  const account = key.account;
  const out = new Map<string, Witness>();
  const add = (w: Witness | undefined): void => {
    if (w && !out.has(w.label)) out.set(w.label, w);
  };
  let everyone = false;
  for (const st of statements) {
    if (st.effect !== 'Allow' || !gate.some((a) => st.coveredActions.has(a))) continue;
    if (st.principalMode === 'not-principal' || st.principals.some((p) => p.kind === 'any')) everyone = true;
    if (st.principalMode !== 'principal') continue;
    st.principals.forEach((p, i) => {
      if (p.kind === 'service') add(witness('named', p.service, { kind: 'service', service: p.service }));
      if (p.kind !== 'user' && p.kind !== 'role' && p.kind !== 'session' && p.kind !== 'federated-user') return;
      if (account !== undefined && p.account !== account) return;
      add(namedWitness(st.principalTexts[i] ?? '', p, key.partition));
    });
  }
  // A role's session is its own identity with the role's rights too: a session named only where the key's use is
  // given (statement B) can hold what its role is given (statement A), which no witness above stands for.
  for (const st of statements) {
    if (st.effect !== 'Allow' || st.principalMode !== 'principal') continue;
    st.principals.forEach((p, i) => {
      if (p.kind === 'session' && (account === undefined || p.account === account)) add(namedWitness(st.principalTexts[i] ?? '', p, key.partition));
    });
  }
  if (!everyone) return [...out.values()];
  for (const st of statements) for (const value of principalArnValues(st)) add(arnWitness(value, account));
  const label = account ? `every principal of account ${account}` : 'any principal';
  const arn = `arn:${key.partition}:iam::${account ?? ''}:role/(another principal)`;
  add(witness('others', label, { kind: 'role', account: account ?? '', partition: key.partition, role: '(another principal)', arn }, account === undefined));
  return [...out.values()];
}

function namedWitness(label: string, p: CompiledStatement['principals'][number], partition: string): Witness | undefined {
  switch (p.kind) {
    case 'user':
      return witness('named', label, { kind: 'user', account: p.account, partition, name: p.name, arn: label });
    case 'role':
      return witness('named', label, { kind: 'role', account: p.account, partition, role: p.name, arn: label });
    case 'session':
      return witness('named', label, { kind: 'assumed-role', account: p.account, partition, role: p.role, session: p.session, arn: label });
    case 'federated-user':
      return witness('named', label, { kind: 'federated-user', account: p.account, partition, name: p.name, arn: label });
    default:
      return undefined;
  }
}

const IAM_ARN = /^arn:([^:*?]+):iam::([^:]*):(role|user)\/(.+)$/;

/**
 * A holder for a value of an aws:PrincipalArn test: a role or user ARN, a pattern standing for the principals
 * it matches (one made-up member of it, with `x` for each wildcard; an account wildcard is the key's account).
 */
function arnWitness(value: string, account: string | undefined): Witness | undefined {
  const m = IAM_ARN.exec(value);
  if (!m) return undefined;
  const [, partition, acct, type, rest] = m as unknown as [string, string, string, 'role' | 'user', string];
  const member = /[*?]/.test(acct) ? account : acct;
  if (!member || !/^\d{12}$/.test(member) || (account !== undefined && member !== account)) return undefined;
  const path = rest.replace(/[*?]/g, 'x');
  const name = path.slice(path.lastIndexOf('/') + 1);
  const arn = `arn:${partition}:iam::${member}:${type}/${path}`;
  const caller: Caller =
    type === 'role' ? { kind: 'role', account: member, partition, role: name, arn } : { kind: 'user', account: member, partition, name, arn };
  return witness('principal-arn', value, caller);
}

/** The values of a statement's positive aws:PrincipalArn tests (Allow) and negated ones (Deny carve-outs). */
function principalArnValues(st: CompiledStatement): string[] {
  const out: string[] = [];
  for (const c of st.conditions) {
    if (c.keyLower !== 'aws:principalarn' || !c.operator.valid || c.dynamic) continue;
    if (c.operator.family !== 'Arn' && c.operator.family !== 'String') continue;
    if (c.operator.negated === (st.effect === 'Allow')) continue;
    out.push(...c.values);
  }
  return out;
}

function witness(kind: Witness['kind'], label: string, caller: Caller, accountUnknown = false): Witness {
  return { kind, label, caller, keys: new Map(), accountUnknown };
}

/** A principal key's values for a holder (derived on first use); null when the holder does not decide the key. */
function keyOf(w: Witness, keyLower: string): readonly string[] | undefined | null {
  if (!PRINCIPAL_KEYS.includes(keyLower)) return null;
  // Anyone else in an unknown account: its account and ARN are not known either.
  if (w.accountUnknown && (keyLower === 'aws:principalaccount' || keyLower === 'kms:calleraccount' || keyLower === 'aws:principalarn')) return null;
  if (!w.keys.has(keyLower)) w.keys.set(keyLower, derivePrincipalKey(w.caller, keyLower));
  return w.keys.get(keyLower);
}

/** Decides a condition for a holder: true, false, or undefined when it depends on more than who the caller is. */
function decide(atom: ConditionAtom, w: Witness): boolean | undefined {
  const c = atom.condition;
  if (!atom.present) return evaluateCondition(c, undefined, NO_LOOKUP).holds;
  const values = c.dynamic ? null : keyOf(w, c.keyLower);
  return values === null ? undefined : evaluateCondition(c, values, NO_LOOKUP).holds;
}

/** Whether a way needs the request to come through a service (a positive kms:ViaService test). */
function viaService(c: Conjunct): boolean {
  return c.some((l: Literal) => {
    if (!l.positive || l.atom.kind !== 'condition' || !l.atom.present) return false;
    const c = l.atom.condition;
    return c.keyLower === 'kms:viaservice' && c.operator.valid && !c.operator.negated && !c.operator.ifExists && c.operator.family === 'String';
  });
}

/** The Allow statements (indexes, in order) that give a holder any of `actions`. */
export function givenBy(h: RightsHolder, actions: readonly string[]): number[] {
  const out = new Set<number>();
  for (const a of actions) for (const i of h.actions.get(a) ?? []) out.add(i);
  return [...out].sort((x, y) => x - y);
}

/** Whether a holder can perform any of `actions`. */
export function holds(h: RightsHolder, actions: readonly string[]): boolean {
  return actions.some((a) => h.actions.has(a));
}

/** A holder as messages name it: its ARN, the principals an aws:PrincipalArn pattern matches, or everyone else. */
export function holderName(h: RightsHolder): string {
  return h.kind === 'principal-arn' ? `the principals aws:PrincipalArn ${/[*?]/.test(h.label) ? 'matches' : 'names'} (${h.label})` : h.label;
}

/** "this statement", "statement 2 (Sid "Users")", "this statement and statement 3"… for the statements `indexes`. */
export function statementsPhrase(indexes: readonly number[], self: number, policy: CompiledPolicy): string {
  const others = indexes
    .filter((i) => i !== self)
    .map((i) => {
      const st = policy.statements.find((s) => s.index === i);
      return statementName(i, st?.sid);
    });
  const named = others.length === 0 ? '' : others.length === 1 ? others[0]! : `statements ${others.map((o) => o.replace(/^statement /, '')).join(', ')}`;
  if (!indexes.includes(self)) return named;
  return named ? `this statement and ${named}` : 'this statement';
}
