/**
 * Principal classes as populations, and what can be decided about a whole population: whether a principal
 * element names all of it, none of it, or only part (then the question stays in the residual as an atom), and
 * which condition keys have one value for every member (SEMANTICS §6 step 2: fix the principal keys).
 */
import { evaluateCondition } from '../conditions/match';
import { NO_LOOKUP } from '../conditions/variables';
import type { Values } from '../conditions/values';
import { PRINCIPAL_KEYS, derivePrincipalKey, deriveKeyFact, type KeyFacts } from '../context';
import { notPrincipalMatches, patternMatches, type Caller, type PrincipalPattern } from '../principals';
import type { Atom } from './atoms';

/** Who a class stands for. */
export type Population =
  /** Every principal of an account, the root user included. */
  | { readonly kind: 'account'; readonly account: string }
  /** One identity: a user, a session, a federated user, a service. */
  | { readonly kind: 'exact'; readonly caller: Caller }
  /** A role: every session of it. */
  | { readonly kind: 'role'; readonly account: string; readonly role: string }
  /** Every signed caller in every account, and every service. */
  | { readonly kind: 'everyone' };

/** Whether a caller belongs to a population. */
export function populationCovers(p: Population, c: Caller): boolean {
  switch (p.kind) {
    case 'account':
      return c.kind !== 'service' && c.kind !== 'anonymous' && c.account === p.account;
    case 'exact':
      return sameCaller(p.caller, c);
    case 'role':
      return (c.kind === 'role' || c.kind === 'assumed-role') && c.account === p.account && c.role === p.role;
    case 'everyone':
      return c.kind !== 'anonymous';
  }
}

function sameCaller(a: Caller, b: Caller): boolean {
  switch (a.kind) {
    case 'user':
      return b.kind === 'user' && a.account === b.account && a.name === b.name;
    case 'assumed-role':
      return b.kind === 'assumed-role' && a.account === b.account && a.role === b.role && a.session === b.session;
    case 'federated-user':
      return b.kind === 'federated-user' && a.account === b.account && a.name === b.name;
    case 'service':
      return b.kind === 'service' && a.service === b.service;
    case 'root':
      return b.kind === 'root' && a.account === b.account;
    default:
      return false;
  }
}

/** The population a policy principal names (for named-principal classes). */
export function populationOf(p: PrincipalPattern, partition: string): Population | undefined {
  switch (p.kind) {
    case 'user':
      return {
        kind: 'exact',
        caller: { kind: 'user', account: p.account, partition, name: p.name, arn: `arn:${partition}:iam::${p.account}:user/${p.name}` },
      };
    case 'role':
      return { kind: 'role', account: p.account, role: p.name };
    case 'session':
      return {
        kind: 'exact',
        caller: {
          kind: 'assumed-role',
          account: p.account,
          partition,
          role: p.role,
          session: p.session,
          arn: `arn:${partition}:sts::${p.account}:assumed-role/${p.role}/${p.session}`,
        },
      };
    case 'federated-user':
      return {
        kind: 'exact',
        caller: {
          kind: 'federated-user',
          account: p.account,
          partition,
          name: p.name,
          arn: `arn:${partition}:sts::${p.account}:federated-user/${p.name}`,
        },
      };
    case 'service':
      return { kind: 'exact', caller: { kind: 'service', service: p.service } };
    case 'account':
      return { kind: 'account', account: p.account };
    default:
      return undefined;
  }
}

const NAMED = new Set(['user', 'role', 'session', 'federated-user']);

/** Decides a principal element for a whole population: true (all), false (none), undefined (some). */
export function decidePrincipal(mode: 'principal' | 'not-principal', patterns: readonly PrincipalPattern[], pop: Population): boolean | undefined {
  if (pop.kind === 'exact') return mode === 'principal' ? patterns.some((p) => patternMatches(p, pop.caller)) : notPrincipalMatches(patterns, pop.caller);
  const any = patterns.some((p) => p.kind === 'any');
  if (pop.kind === 'everyone') {
    if (mode === 'principal') return any ? true : patterns.some((p) => p.kind !== 'never') ? undefined : false;
    return any ? false : undefined;
  }
  const account = pop.account;
  const accountListed = any || patterns.some((p) => p.kind === 'account' && p.account === account);
  if (pop.kind === 'role') {
    const roleListed = any || patterns.some((p) => p.kind === 'role' && p.account === account && p.name === pop.role);
    if (mode === 'principal') {
      if (accountListed || roleListed) return true;
      return patterns.some((p) => p.kind === 'session' && p.account === account && p.role === pop.role) ? undefined : false;
    }
    // NotPrincipal leaves a session out only when its session ARN is listed beside the role and the account:
    // so the whole role is covered unless some of its sessions are listed that way.
    if (any) return false;
    if (!accountListed || !roleListed) return true;
    return patterns.some((p) => p.kind === 'session' && p.account === account && p.role === pop.role) ? undefined : true;
  }
  if (mode === 'principal') {
    if (accountListed) return true;
    return patterns.some((p) => NAMED.has(p.kind) && 'account' in p && p.account === account) ? undefined : false;
  }
  if (!accountListed) return true;
  return any ? false : undefined;
}

/** A key's value for every member of a class: concrete values (undefined = absent) or "in this account" for ARNs. */
export type Fact = { readonly kind: 'values'; readonly values: Values } | { readonly kind: 'arn-in-account'; readonly account: string };

/**
 * What a population's facts (populationFacts) depend on besides the key: every role of an account has the
 * same facts (its ARN's account, its type), so the facts of its roles can be shared.
 */
export function populationFactsKey(pop: Population): string {
  if (pop.kind !== 'exact') return pop.kind === 'everyone' ? 'everyone' : `${pop.kind}|${pop.account}`;
  const c = pop.caller;
  return `exact|${'arn' in c ? c.arn : c.kind === 'service' ? c.service : c.kind === 'root' ? `${c.partition}:${c.account}:root` : c.kind}`;
}

/** The facts that hold for every member of a population, plus the key facts. */
export function populationFacts(pop: Population, key: KeyFacts): Map<string, Fact> {
  const facts = new Map<string, Fact>();
  for (const k of [
    'aws:resourceaccount',
    'aws:requestedregion',
    'aws:securetransport',
    'kms:keyspec',
    'kms:customermasterkeyspec',
    'kms:keyusage',
    'kms:customermasterkeyusage',
  ]) {
    const v = deriveKeyFact(key, k);
    if (v) facts.set(k, { kind: 'values', values: v });
  }
  const set = (k: string, values: Values): void => void facts.set(k, { kind: 'values', values });
  switch (pop.kind) {
    case 'everyone':
      break;
    case 'exact': {
      const c = pop.caller;
      for (const k of PRINCIPAL_KEYS) {
        // A user's or role's ARN may carry a path the policy did not write; only its account is certain.
        if (k === 'aws:principalarn' && (c.kind === 'user' || c.kind === 'role')) facts.set(k, { kind: 'arn-in-account', account: c.account });
        else set(k, derivePrincipalKey(c, k));
      }
      break;
    }
    case 'role':
      set('aws:principalaccount', [pop.account]);
      set('kms:calleraccount', [pop.account]);
      set('aws:principaltype', ['AssumedRole']);
      set('aws:principalisawsservice', ['false']);
      set('aws:principalservicename', undefined);
      set('aws:username', undefined);
      facts.set('aws:principalarn', { kind: 'arn-in-account', account: pop.account });
      break;
    case 'account':
      set('aws:principalaccount', [pop.account]);
      set('kms:calleraccount', [pop.account]);
      set('aws:principalisawsservice', ['false']);
      set('aws:principalservicename', undefined);
      facts.set('aws:principalarn', { kind: 'arn-in-account', account: pop.account });
      break;
  }
  return facts;
}

/** Decides an atom for a whole population, when the facts allow; undefined when it depends on the request. */
export function decideAtom(atom: Atom, pop: Population, facts: ReadonlyMap<string, Fact>): boolean | undefined {
  switch (atom.kind) {
    case 'principal':
      return decidePrincipal(atom.mode, atom.patterns, pop);
    case 'resource':
    case 'grant':
      return undefined;
    case 'condition': {
      const c = atom.condition;
      if (!atom.present) return evaluateCondition(c, undefined, NO_LOOKUP).holds;
      const fact = facts.get(c.keyLower);
      if (!fact) return undefined;
      if (fact.kind === 'arn-in-account') return decideArnInAccount(atom, fact.account);
      const lookupFacts = {
        get: (k: string): Values => {
          const f = facts.get(k);
          return f && f.kind === 'values' ? f.values : undefined;
        },
      };
      if (c.dynamic && c.variableKeys.some((k) => facts.get(k)?.kind !== 'values')) return undefined;
      return evaluateCondition(c, fact.values, lookupFacts).holds;
    }
  }
}

/**
 * For a principal ARN known only to lie in an account: a positive ARN or string test whose every value names
 * another account (in plain digits) can match no member, so the test is decided by its negation flag.
 */
function decideArnInAccount(atom: Atom & { kind: 'condition' }, account: string): boolean | undefined {
  const c = atom.condition;
  const op = c.operator;
  if (!op.valid || c.dynamic || op.ifExists || op.qualifier !== undefined) return undefined;
  if (op.family !== 'Arn' && !(op.family === 'String' && !op.ignoresCase)) return undefined;
  for (const acct of c.valueAccounts) if (acct === undefined || acct === account) return undefined;
  return op.negated;
}
