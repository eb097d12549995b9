/**
 * The principal classes of a who-can answer (SEMANTICS §6 step 3), each defined by the path its allow takes,
 * so that one requirement holds for the whole class:
 * - `account`: IAM principals of the key's account, through delegation (a statement naming the account);
 *   each needs its own IAM allow, except the root user;
 * - `principal`: a named user, role, session or federated user of the key's account; nothing else needed;
 * - `external-principal`: a named principal of another account; needs its account's IAM allow and a
 *   cross-account action;
 * - `external-account`: every principal of another account named as an account; same requirement;
 * - `service`: a service principal named under "Service";
 * - `everyone`: `"*"` or NotPrincipal: every signed caller and every service; callers from other accounts also
 *   need their own IAM allow and a cross-account action;
 * - `grantee`: the grantee (or retiring principal) of a supplied grant.
 */
import type { CompiledPolicy } from '../compile';
import type { CompiledGrant } from '../grants';
import { patternLabel, type PrincipalPattern } from '../principals';
import { populationOf, type Population } from './population';

/** The kind of a principal class. */
export type ClassKind = 'account' | 'principal' | 'external-principal' | 'external-account' | 'service' | 'everyone' | 'grantee';

/** What a member needs besides the key policy. */
export type Requirement =
  /** Nothing. */
  | 'none'
  /** An allow in the member's own IAM policies (the root user always has it). */
  | 'iam'
  /** Members from other accounts need their own IAM allow (and a cross-account action); others nothing. */
  | 'iam-if-external';

/** A class before analysis. */
export interface ClassSeed {
  readonly key: string;
  /** ARN, account id, service principal or "*". */
  readonly principal: string;
  readonly kind: ClassKind;
  readonly population: Population;
  readonly requires: Requirement;
  /** For named classes: the pattern. For grantees: the grant and its role. */
  readonly pattern?: PrincipalPattern;
  readonly grant?: { readonly grant: CompiledGrant; readonly role: 'grantee' | 'retiring' };
}

const NAMED = new Set(['user', 'role', 'session', 'federated-user']);

/**
 * Every class the policy (and the grants) can give rise to. `account` is the key's account; when it is unknown
 * every named account is treated as possibly the key's own (and the result says so).
 */
export function seedClasses(policy: CompiledPolicy, grants: readonly CompiledGrant[], account: string | undefined, partition: string): ClassSeed[] {
  const seeds = new Map<string, ClassSeed>();
  const add = (s: ClassSeed): void => {
    if (!seeds.has(s.key)) seeds.set(s.key, s);
  };
  for (const st of policy.statements) {
    if (st.effect !== 'Allow' || st.inert) continue;
    if (st.principalMode === 'not-principal') add(everyoneSeed());
    else
      for (const p of st.principals) {
        const seed = seedFor(p, account, partition);
        if (seed) add(seed);
      }
  }
  grants.forEach((g, i) => {
    const pop = populationOf(g.grantee, partition);
    if (pop)
      add({
        key: `grant:${i}`,
        principal: g.grant.grantee,
        kind: 'grantee',
        population: pop,
        requires: g.grantee.kind === 'account' ? 'iam' : 'none',
        grant: { grant: g, role: 'grantee' },
      });
    const rpop = g.retiring ? populationOf(g.retiring, partition) : undefined;
    if (rpop && g.grant.retiringPrincipal) {
      add({
        key: `retire:${i}`,
        principal: g.grant.retiringPrincipal,
        kind: 'grantee',
        population: rpop,
        requires: 'none',
        grant: { grant: g, role: 'retiring' },
      });
    }
  });
  return [...seeds.values()];
}

/** The class a policy principal gives rise to (undefined for unusable principals). */
export function seedFor(p: PrincipalPattern, account: string | undefined, partition: string): ClassSeed | undefined {
  if (p.kind === 'any') return everyoneSeed();
  if (p.kind === 'account') {
    const own = account === undefined || p.account === account;
    return {
      key: `account:${p.account}`,
      principal: p.account,
      kind: own ? 'account' : 'external-account',
      population: { kind: 'account', account: p.account },
      requires: 'iam',
      pattern: p,
    };
  }
  if (p.kind === 'service') {
    return {
      key: `service:${p.service}`,
      principal: p.service,
      kind: 'service',
      population: populationOf(p, partition)!,
      requires: 'none',
      pattern: p,
    };
  }
  if (NAMED.has(p.kind) && 'account' in p) {
    const own = account === undefined || p.account === account;
    const label = patternLabel(p, partition);
    return {
      key: `named:${label}`,
      principal: label,
      kind: own ? 'principal' : 'external-principal',
      population: populationOf(p, partition)!,
      requires: own ? 'none' : 'iam',
      pattern: p,
    };
  }
  return undefined;
}

/** The class of every caller ("*" and NotPrincipal). */
export function everyoneSeed(): ClassSeed {
  return { key: 'everyone', principal: '*', kind: 'everyone', population: { kind: 'everyone' }, requires: 'iam-if-external' };
}

/** True for classes whose members are all outside the key's account. */
export function isExternal(seed: ClassSeed, account: string | undefined): boolean {
  if (account === undefined) return false;
  if (seed.kind === 'external-account' || seed.kind === 'external-principal') return true;
  if (seed.kind === 'grantee') {
    const p = seed.population;
    const acct = p.kind === 'account' || p.kind === 'role' ? p.account : p.kind === 'exact' && 'account' in p.caller ? p.caller.account : undefined;
    return acct !== undefined && acct !== account;
  }
  return false;
}

/** Whether a statement's principal entries feed this class's allow path, and which entries. */
export function pathPatterns(seed: ClassSeed, patterns: readonly PrincipalPattern[]): PrincipalPattern[] {
  switch (seed.kind) {
    case 'account':
    case 'external-account':
      return patterns.filter((p) => p.kind === 'account' && seed.pattern?.kind === 'account' && p.account === seed.pattern.account);
    case 'principal':
    case 'external-principal':
      return patterns.filter((p) => NAMED.has(p.kind));
    case 'service':
      return patterns.filter((p) => p.kind === 'service' && seed.pattern?.kind === 'service' && p.service === seed.pattern.service);
    case 'everyone':
      return patterns.filter((p) => p.kind === 'any');
    case 'grantee':
      return [];
  }
}
