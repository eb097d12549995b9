/**
 * Lockout (SEMANTICS §6 "Lockout"): PutKeyPolicy cannot be used from another account and cannot be granted,
 * so a policy locks its key when no class of the key's own account, no service and nobody through `"*"` can
 * call kms:PutKeyPolicy after it. Recovery then needs AWS Support. The delegation class counts whenever its
 * residual can hold, because the root user's identity permission is implicit.
 *
 * When a sturdy delegation exists, only it is analysed (`holders` then lists just the account and `whoCan`
 * covers only the delegating statements).
 *
 * Fragile variants (a warning): the only principals left are named users or roles (deleting one leaves an
 * orphaned unique id and possibly no one), or the account's own access hangs on facts that change: tags,
 * aliases, time, network origin or kms:ViaService (no service calls PutKeyPolicy for you). Denies the
 * analysis kept as "unless" (too many alternatives to distribute) count as much as distributed ones: access
 * is sturdy only along a way that avoids them without facts that change.
 */
import { subPolicy, type CompiledPolicy } from './compile';
import type { Literal } from './residual/atoms';
import { extend, negate, type Conjunct } from './residual/dnf';
import { decideAtom, populationFacts } from './residual/population';
import { whoCan, type PrincipalClass, type WhoCanOptions, type WhoCanResult } from './residual/whoCan';

/** The lockout verdict. */
export interface LockoutResult {
  /** ok: someone in the account can still change the policy; fragile: only fragile ways remain; locked: nobody. */
  readonly status: 'ok' | 'fragile' | 'locked';
  /** Why, in sentences. */
  readonly reasons: readonly string[];
  /** The classes that can still call PutKeyPolicy. */
  readonly holders: readonly PrincipalClass[];
  /** The who-can answer for kms:PutKeyPolicy. */
  readonly whoCan: WhoCanResult;
}

const CHANGEABLE = [
  /^aws:resourcetag\//,
  /^kms:resourcealiases$/,
  /^kms:requestalias$/,
  /^aws:currenttime$/,
  /^aws:epochtime$/,
  /^aws:sourceip$/,
  /^aws:sourcevpce?$/,
  /^aws:vpcsourceip$/,
  /^kms:viaservice$/,
  /^aws:viaawsservice$/,
  /^aws:calledvia/,
  /^aws:principaltag\//,
];

function changeable(l: Literal): boolean {
  return l.atom.kind === 'condition' && CHANGEABLE.some((re) => re.test(l.atom.kind === 'condition' ? l.atom.condition.keyLower : ''));
}

/**
 * The usual case, answered cheaply: a statement delegating PutKeyPolicy to the key's account that no Deny
 * removes and that no changeable fact conditions. Only the delegating statements and the Denies are analysed.
 */
function sturdyDelegation(policy: CompiledPolicy, options: WhoCanOptions): LockoutResult | undefined {
  const account = options.account;
  if (!account) return undefined;
  const live = policy.plan('kms:putkeypolicy').live;
  const naming = live.filter(
    (p) =>
      p.statement.effect === 'Allow' &&
      p.statement.principalMode === 'principal' &&
      p.statement.principals.some((x) => x.kind === 'account' && x.account === account),
  );
  if (naming.length === 0) return undefined;
  const sub = subPolicy(
    policy,
    policy.statements.filter((st) => naming.some((p) => p.statement === st) || (st.effect === 'Deny' && !st.inert)),
  );
  const result = whoCan(sub, ['kms:PutKeyPolicy'], { ...options, keyState: 'Enabled', grants: [] });
  const holder = result.classes.find(
    (c) =>
      c.kind === 'account' &&
      c.principal === account &&
      c.decision !== 'denied' &&
      c.residual.unless.length === 0 &&
      c.residual.any.some((conj) => !conj.some(changeable)),
  );
  return holder ? { status: 'ok', reasons: [], holders: [holder], whoCan: result } : undefined;
}

/**
 * Whether an alternative can hold while every Deny kept as "unless" does not, using only literals `usable`
 * accepts: one negated literal per Deny, chosen greedily (a success is a satisfiable way; a failure proves
 * nothing, and is read as "not shown").
 */
function avoids(c: Conjunct, unless: readonly Conjunct[], usable: (l: Literal) => boolean): boolean {
  let way: Conjunct | undefined = c;
  for (const d of unless) {
    let next: Conjunct | undefined;
    for (const x of d) {
      const l = negate(x);
      next = usable(l) ? extend(way, l) : undefined;
      if (next) break;
    }
    if (!next) return false;
    way = next;
  }
  return true;
}

/** Whether some alternative of a class can hold for a principal of the key's account. */
function reachableInAccount(cls: PrincipalClass, account: string | undefined): Conjunct[] {
  if (cls.kind !== 'everyone' || account === undefined) return [...cls.residual.any];
  const facts = populationFacts({ kind: 'account', account }, {});
  return cls.residual.any.filter((c) => c.every((l) => decideAtom(l.atom, { kind: 'account', account }, facts) !== !l.positive));
}

/** Analyses a policy for lockout. */
export function lockout(policy: CompiledPolicy, options: WhoCanOptions = {}): LockoutResult {
  const quick = sturdyDelegation(policy, options);
  if (quick) return quick;
  const result = whoCan(policy, ['kms:PutKeyPolicy'], { ...options, keyState: 'Enabled', grants: [] });
  const account = result.key.account;
  const holders: PrincipalClass[] = [];
  const alternatives = new Map<PrincipalClass, Conjunct[]>();
  for (const cls of result.classes) {
    if (cls.decision === 'denied') continue;
    if (cls.kind !== 'account' && cls.kind !== 'principal' && cls.kind !== 'service' && cls.kind !== 'everyone') continue;
    const alts = reachableInAccount(cls, account);
    if (alts.length === 0) continue;
    holders.push(cls);
    alternatives.set(cls, alts);
  }
  if (holders.length === 0) {
    return {
      status: 'locked',
      reasons: [
        'No principal of the key\'s account, no service and nobody through "*" can call kms:PutKeyPolicy under this policy; only AWS Support could restore access.',
      ],
      holders,
      whoCan: result,
    };
  }
  const reasons: string[] = [];
  const sturdy = holders.filter(
    (h) => h.kind !== 'principal' && alternatives.get(h)!.some((c) => !c.some(changeable) && avoids(c, h.residual.unless, (l) => !changeable(l))),
  );
  if (sturdy.length > 0) return { status: 'ok', reasons, holders, whoCan: result };
  // Denies kept as "unless" that no way found avoids: access is not shown, nor its absence.
  const unclear = holders.filter((h) => !alternatives.get(h)!.some((c) => avoids(c, h.residual.unless, () => true)));
  if (unclear.length > 0) {
    reasons.push(
      `Whether ${unclear.map((h) => (h.kind === 'everyone' ? 'everyone' : h.principal)).join(', ')} can call kms:PutKeyPolicy could not be confirmed: the Denies that apply are too complex to analyse.`,
    );
  }
  if (holders.every((h) => h.kind === 'principal')) {
    reasons.push(`Only named principals can call kms:PutKeyPolicy (${holders.map((h) => h.principal).join(', ')}); if they are deleted, nobody can.`);
  }
  const conditional = holders.filter((h) => h.kind !== 'principal' && !unclear.includes(h));
  if (conditional.length > 0) {
    reasons.push(
      `Access to kms:PutKeyPolicy for ${conditional.map((h) => (h.kind === 'everyone' ? 'everyone' : h.principal)).join(', ')} depends on facts that change (tags, aliases, time, network or the calling service).`,
    );
  }
  return { status: 'fragile', reasons, holders, whoCan: result };
}
