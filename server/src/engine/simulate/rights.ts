/**
 * Effective rights: what each principal of the key's account can do under the whole policy, every Allow and
 * every Deny counted, for the rules that judge a principal's rights rather than one statement's Action list
 * (KP506 full access, KP507 key destruction). A who-can answer over the actions in question is read for a
 * set of holders:
 * - each user, role, session, federated user or service an Allow names;
 * - each principal an aws:PrincipalArn test names (an Allow to "*" narrowed to an administrator role, or a
 *   Deny carve-out "unless aws:PrincipalArn is the admin role"), a wildcard pattern standing for the
 *   principals it matches;
 * - when an Allow names "*" (or uses NotPrincipal), any other principal of the account.
 * A holder can perform an action when a way to it (a conjunction of the residual) can hold for the holder:
 * the holder's identity decides principal elements and the principal keys (aws:PrincipalArn, the account,
 * aws:PrincipalType…); other conditions are taken to be satisfiable. A way through "*" counts for a named
 * holder only when an aws:PrincipalArn test in it names the holder (otherwise it is everyone's, counted for
 * the "any other principal" holder). No service calls PutKeyPolicy or destroys a key for a principal, so a way
 * to those that needs kms:ViaService does not count. The account's delegation statements (IAM decides there)
 * are left out, as the rules never judge them.
 */
import { allActions } from '../catalog';
import { hasCapability, isCryptoUse, namesOwnAccount } from '../facts';
import { subPolicy, type CompiledPolicy, type CompiledStatement } from './compile';
import { evaluateCondition } from './conditions/match';
import { NO_LOOKUP } from './conditions/variables';
import { PRINCIPAL_KEYS, derivePrincipalKey } from './context';
import { resolveKey } from './keyRef';
import { notPrincipalMatches, patternMatches, type Caller } from './principals';
import type { Atom, Literal } from './residual/atoms';
import type { Conjunct } from './residual/dnf';
import { populationCovers } from './residual/population';
import { whoCan, type WhoCanOptions } from './residual/whoCan';
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
  /** The principal keys this holder decides (lower case → values; undefined = absent). */
  readonly keys: ReadonlyMap<string, readonly string[] | undefined>;
}

/** Actions that no AWS service calls on a principal's behalf: a way that needs kms:ViaService does not count. */
const NOT_VIA_SERVICE = new Set([PUT_KEY_POLICY_ACTION, ...DESTRUCTIVE_ACTIONS]);

/**
 * The effective rights of every holder over `actions`, in holder order (named, then aws:PrincipalArn, then
 * anyone else); holders with no right are left out.
 */
export function effectiveRights(policy: CompiledPolicy, actions: readonly string[], options: WhoCanOptions): RightsHolder[] {
  const judged = subPolicy(
    policy,
    policy.statements.filter(
      (st) => !(st.effect === 'Allow' && st.principalMode === 'principal' && st.source && namesOwnAccount(st.source, options.account)),
    ),
  );
  const witnesses = witnessesOf(judged, options);
  if (witnesses.length === 0) return [];
  const result = whoCan(judged, actions, options);
  const byIndex = new Map(judged.statements.map((st) => [st.index, st]));
  const out: RightsHolder[] = [];
  for (const w of witnesses) {
    const rights = new Map<string, number[]>();
    for (const row of result.classes) {
      if (row.decision === 'denied' || (row.kind !== 'principal' && row.kind !== 'everyone' && row.kind !== 'service')) continue;
      if (!populationCovers(row.population, w.caller)) continue;
      const ways = row.residual.any.filter((c) => possible(c, w) && (row.kind !== 'everyone' || w.kind === 'others' || namesHolder(c, w)));
      if (ways.length === 0 || row.residual.unless.some((c) => certain(c, w))) continue;
      for (const action of row.actions) {
        const a = action.toLowerCase();
        if (NOT_VIA_SERVICE.has(a) && ways.every(viaService)) continue;
        const givers = row.statements.flatMap((ref) => {
          const st = byIndex.get(ref.index);
          return ref.effect === 'Allow' && st && st.coveredActions.has(a) && principalVia(st, w.caller).via !== 'none' ? [ref.index] : [];
        });
        const list = rights.get(a) ?? [];
        for (const i of givers) if (!list.includes(i)) list.push(i);
        rights.set(
          a,
          list.sort((x, y) => x - y),
        );
      }
    }
    if (rights.size > 0) out.push({ kind: w.kind, label: w.label, actions: rights });
  }
  return out;
}

/** The holders a policy gives rise to. */
function witnessesOf(policy: CompiledPolicy, options: WhoCanOptions): Witness[] {
  const key = resolveKey({ ...options, ...(options.account ? { keyAccount: options.account } : {}) });
  const account = key.account;
  const out = new Map<string, Witness>();
  const add = (w: Witness | undefined): void => {
    if (w && !out.has(w.label)) out.set(w.label, w);
  };
  let everyone = false;
  for (const st of policy.statements) {
    if (st.inert) continue;
    if (st.effect === 'Allow' && (st.principalMode === 'not-principal' || st.principals.some((p) => p.kind === 'any'))) everyone = true;
    if (st.effect === 'Allow' && st.principalMode === 'principal') {
      st.principals.forEach((p, i) => {
        if (p.kind === 'service') add(witness('named', p.service, { kind: 'service', service: p.service }));
        if (p.kind !== 'user' && p.kind !== 'role' && p.kind !== 'session' && p.kind !== 'federated-user') return;
        if (account !== undefined && p.account !== account) return;
        add(namedWitness(st.principalTexts[i] ?? '', p, key.partition));
      });
    }
  }
  for (const st of policy.statements) for (const value of principalArnValues(st)) add(arnWitness(value, account));
  if (everyone) {
    const label = account ? `every principal of account ${account}` : 'any principal';
    const arn = `arn:${key.partition}:iam::${account ?? ''}:role/(another principal)`;
    add(
      witness(
        'others',
        label,
        { kind: 'role', account: account ?? '', partition: key.partition, role: '(another principal)', arn },
        account === undefined,
      ),
    );
  }
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
    type === 'role'
      ? { kind: 'role', account: member, partition, role: name, arn }
      : { kind: 'user', account: member, partition, name, arn };
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
  const keys = new Map<string, readonly string[] | undefined>();
  for (const k of PRINCIPAL_KEYS) {
    // Anyone else in an unknown account: its account and ARN are not known either.
    if (accountUnknown && (k === 'aws:principalaccount' || k === 'kms:calleraccount' || k === 'aws:principalarn')) continue;
    keys.set(k, derivePrincipalKey(caller, k));
  }
  return { kind, label, caller, keys };
}

/** Decides an atom for a holder: true, false, or undefined when it depends on more than who the caller is. */
function decide(atom: Atom, w: Witness): boolean | undefined {
  switch (atom.kind) {
    case 'principal':
      return atom.mode === 'principal'
        ? atom.patterns.some((p) => patternMatches(p, w.caller))
        : notPrincipalMatches(atom.patterns, w.caller);
    case 'condition': {
      const c = atom.condition;
      if (!atom.present) return evaluateCondition(c, undefined, NO_LOOKUP).holds;
      if (c.dynamic || !w.keys.has(c.keyLower)) return undefined;
      return evaluateCondition(c, w.keys.get(c.keyLower), NO_LOOKUP).holds;
    }
    default:
      return undefined;
  }
}

/** Whether a conjunction can hold for the holder. */
function possible(c: Conjunct, w: Witness): boolean {
  return c.every((l) => decide(l.atom, w) !== !l.positive);
}

/** Whether a conjunction holds for the holder whatever else the request says. */
function certain(c: Conjunct, w: Witness): boolean {
  return c.every((l) => decide(l.atom, w) === l.positive);
}

/** Whether a way through "*" names the holder by an aws:PrincipalArn test (it is then the holder's own). */
function namesHolder(c: Conjunct, w: Witness): boolean {
  return c.some(
    (l) => l.positive && l.atom.kind === 'condition' && l.atom.condition.keyLower === 'aws:principalarn' && decide(l.atom, w) === true,
  );
}

/** Whether a way needs the request to come through a service (a positive kms:ViaService test). */
function viaService(c: Conjunct): boolean {
  return c.some((l: Literal) => {
    if (!l.positive || l.atom.kind !== 'condition' || !l.atom.present) return false;
    const c = l.atom.condition;
    return (
      c.keyLower === 'kms:viaservice' && c.operator.valid && !c.operator.negated && !c.operator.ifExists && c.operator.family === 'String'
    );
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
  return h.kind === 'principal-arn'
    ? `the principals aws:PrincipalArn ${/[*?]/.test(h.label) ? 'matches' : 'names'} (${h.label})`
    : h.label;
}

/** "this statement", "statement 2 (Sid "Users")", "this statement and statement 3"… for the statements `indexes`. */
export function statementsPhrase(indexes: readonly number[], self: number, policy: CompiledPolicy): string {
  const others = indexes
    .filter((i) => i !== self)
    .map((i) => {
      const st = policy.statements.find((s) => s.index === i);
      return st?.sid !== undefined ? `statement ${i} ("${st.sid}")` : `statement ${i}`;
    });
  const named =
    others.length === 0
      ? ''
      : others.length === 1
        ? others[0]!
        : `statements ${others.map((o) => o.replace(/^statement /, '')).join(', ')}`;
  if (!indexes.includes(self)) return named;
  return named ? `this statement and ${named}` : 'this statement';
}
