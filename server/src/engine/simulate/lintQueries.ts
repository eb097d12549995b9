/**
 * The simulator questions the lint rules that need it (public key, lockout, delegation, dead statements) ask
 * of a policy: the compiled policy (once per parsed policy; its per-action plans are then shared too), who-can
 * options from the policy's facts, and the lockout verdict once per lint.
 */
import { compiledOf, type CompiledPolicy, type CompiledStatement } from './compile';
import { knownActions, isKeyPolicyAction } from './knowledge';
import { resolveKey, type KeyRef } from './keyRef';
import { lockout, type LockoutResult } from './lockout';
import { allowAnswers, denyCanHold, openQuestion, type AllowAnswer } from './residual/analyse';
import { DESTRUCTIVE_ACTIONS, PUT_KEY_POLICY_ACTION, USE_ACTIONS, effectiveRights, type RightsHolder } from './rights';
import type { WhoCanOptions } from './residual/whoCan';
import { namesOwnAccount, type PolicyFacts } from '../facts';
import { memoByObject } from '../memo';

/** The policy, compiled (once per parsed policy). */
export function compiledPolicy(facts: PolicyFacts): CompiledPolicy {
  return compiledOf(facts.policy);
}

/** Who-can options from the policy's facts (the key's account given or inferred). */
export function whoCanOptions(facts: PolicyFacts): WhoCanOptions {
  const c = facts.context;
  const account = facts.account;
  return {
    ...(account ? { account } : {}),
    ...(c.region ? { region: c.region } : {}),
    ...(c.partition ? { partition: c.partition } : {}),
    ...(c.keyArn ? { key: c.keyArn } : {}),
    ...(c.keySpec ? { keySpec: c.keySpec } : {}),
    ...(c.keyUsage ? { keyUsage: c.keyUsage } : {}),
  };
}

/** The key as a lint knows it (given or inferred facts), for rules that match Resource entries against it. */
export function lintKey(facts: PolicyFacts): KeyRef {
  const o = whoCanOptions(facts);
  return resolveKey({ ...o, ...(o.account ? { keyAccount: o.account } : {}) });
}

const KEY_POLICY_ACTIONS: readonly string[] = knownActions()
  .map((a) => a.toLowerCase())
  .filter((a) => isKeyPolicyAction(a));

/** Every action a key policy can allow (lower case). */
export function keyPolicyActions(): readonly string[] {
  return KEY_POLICY_ACTIONS;
}

/**
 * The key-policy actions a statement applies to (its Action/NotAction covers them; it is not inert). What a
 * statement covers is its own, whichever policy or sub-policy asks: worked out once per compiled statement.
 */
export const statementActions: (st: CompiledStatement) => readonly string[] = memoByObject((st: CompiledStatement) =>
  st.inert ? [] : keyPolicyActions().filter((a) => st.coveredActions.has(a)),
);

/** One who-can question per lint, shared by the rules that judge Allow statements one by one. */
const lintQuestion = memoByObject((facts: PolicyFacts) => ({
  question: openQuestion(compiledPolicy(facts), whoCanOptions(facts)),
  answers: new Map<number, AllowAnswer[]>(),
}));

/**
 * What an Allow statement gives each class it feeds, for each key-policy action it covers, judged with every
 * Deny of the policy (KP600, KP603 and KP604 ask it of many statements): worked out once per statement and
 * lint, in one analysis whose work budget and Deny subtractions the statements share.
 */
export function allowAnswersOf(facts: PolicyFacts, st: CompiledStatement): readonly AllowAnswer[] {
  const lint = lintQuestion(facts);
  let answers = lint.answers.get(st.index);
  if (!answers) lint.answers.set(st.index, (answers = allowAnswers(lint.question, st, statementActions(st))));
  return answers;
}

/** Whether a Deny can hold for some request of an action (KP605: it then takes something away). */
export function denyMatches(facts: PolicyFacts, st: CompiledStatement, action: string): boolean {
  return denyCanHold(lintQuestion(facts).question, st, action);
}

/**
 * True when the policy plainly allows `action` to the key's account: an Allow naming the account with no
 * condition, on Resource "*", and no Deny covering the action at all. The simulator would answer the same
 * (the account class allowed, nothing residual); this answers the usual delegation statement without it.
 */
export function plainlyDelegated(policy: CompiledPolicy, action: string, account: string | undefined): boolean {
  if (!account) return false;
  const live = policy.plan(action).live;
  if (live.some((p) => p.statement.effect === 'Deny')) return false;
  return live.some(
    ({ statement: st }) =>
      st.effect === 'Allow' &&
      st.principalMode === 'principal' &&
      st.conditions.length === 0 &&
      !st.resourceNegated &&
      st.resources.some((r) => r.any) &&
      st.principals.some((x) => x.kind === 'account' && x.account === account),
  );
}

/**
 * The effective rights KP506 and KP507 share, once per lint: for every key user (and anyone else through "*"),
 * whether it can call PutKeyPolicy or a destructive action; empty when no Allow gives either outside the account's
 * delegation, which is most policies.
 */
export const rightsOf: (facts: PolicyFacts) => readonly RightsHolder[] = memoByObject((facts: PolicyFacts) => {
  const policy = compiledPolicy(facts);
  const judged = [PUT_KEY_POLICY_ACTION, ...DESTRUCTIVE_ACTIONS];
  const grants = (st: CompiledStatement): boolean =>
    st.effect === 'Allow' && !st.inert && judged.some((a) => st.coveredActions.has(a)) && !(st.source && namesOwnAccount(st.source, facts.account));
  const gates = policy.statements.filter(grants);
  if (gates.length === 0) return [];
  const uses = policy.statements.filter(
    (st) =>
      st.effect === 'Allow' && !st.inert && USE_ACTIONS.some((a) => st.coveredActions.has(a)) && !(st.source && namesOwnAccount(st.source, facts.account)),
  );
  if (cannotMeet(gates, uses)) return [];
  return effectiveRights(policy, judged, USE_ACTIONS, whoCanOptions(facts));
});

/**
 * The one caller a literal principal stands for: a user, a role (without a path) or one of its sessions (a role
 * and its sessions are one), a federated user, or a service; null for a principal that matches nobody; undefined
 * for any other pattern (an account, "*", a role with a path), which may stand for many callers.
 */
function identityOf(p: CompiledStatement['principals'][number]): string | null | undefined {
  switch (p.kind) {
    case 'user':
      return `user ${p.account} ${p.name}`;
    case 'role':
      return p.hasPath ? undefined : `role ${p.account} ${p.name}`;
    case 'session':
      return `role ${p.account} ${p.role}`;
    case 'federated-user':
      return `federated-user ${p.account} ${p.name}`;
    case 'service':
      return `service ${p.service}`;
    case 'never':
      return null;
    default:
      return undefined;
  }
}

/**
 * True when no principal can both perform a judged action and use the key, read from the Principal elements alone:
 * every statement giving either names only single callers (users, roles and their sessions, federated users,
 * services), and no caller is named on both sides (an account, a pattern, "*" or NotPrincipal on either side
 * leaves the question to the simulator). Most policies that separate administrators from users — with the
 * services that use the key in statements of their own, as CloudWatch Logs and CloudTrail do — are decided here
 * without simulating.
 */
function cannotMeet(gates: readonly CompiledStatement[], uses: readonly CompiledStatement[]): boolean {
  const named = (sts: readonly CompiledStatement[]): Set<string> | undefined => {
    const out = new Set<string>();
    for (const st of sts) {
      if (st.principalMode !== 'principal') return undefined;
      for (const p of st.principals) {
        const id = identityOf(p);
        if (id === undefined) return undefined;
        if (id !== null) out.add(id);
      }
    }
    return out;
  };
  const admins = named(gates);
  const users = admins && named(uses);
  return admins !== undefined && users !== undefined && ![...admins].some((a) => users.has(a));
}

/**
 * The lockout verdict, once per lint (KP601 and KP602 share it); undefined when the account is plainly
 * delegated kms:PutKeyPolicy (the usual first statement), which is not a lockout and not fragile.
 */
export const lockoutOf: (facts: PolicyFacts) => LockoutResult | undefined = memoByObject((facts: PolicyFacts) => {
  const policy = compiledPolicy(facts);
  return plainlyDelegated(policy, 'kms:putkeypolicy', facts.account) ? undefined : lockout(policy, whoCanOptions(facts));
});
