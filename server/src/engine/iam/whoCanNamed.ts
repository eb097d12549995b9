/**
 * whoCanNamed(policy, actions, options) → the named who-can answer (answer.ts): every user, role and root user
 * of the supplied accounts, per action, allowed / conditional / denied, following AWS's evaluation logic
 * (SEMANTICS §2; join.ts): key policy (direct grants, delegation to the account), identity policies, permission
 * boundaries, SCPs and RCPs, explicit denies anywhere, cross-account both sides, supplied grants; role chains
 * to the roles that can act (chains.ts); and rows for the services, accounts and everyone the key policy admits
 * beyond the supplied data (unnamedRows.ts), so nothing the unnamed answer shows is lost.
 * Cost: one join per principal and action, each reading only the principal's own policies (those whose Action
 * lists can cover the action are compiled, once): linear in principals × their statements.
 */
import { normaliseAction, type CompiledPolicy } from '../simulate/compile';
import { compileGrant } from '../simulate/grants';
import { canonicalAction, expandActions, isCrossAccountAction, isKeyPolicyAction } from '../simulate/knowledge';
import { resolveKey } from '../simulate/keyRef';
import { stateBlocks, stateReason } from '../simulate/keyState';
import { whoCan, type WhoCanOptions } from '../simulate/residual/whoCan';
import { SimulationInputError } from '../simulate/types';
import type { NamedPrincipal, NamedWhoCanAnswer } from './answer';
import { cellJson } from './cellJson';
import { roleChains } from './chains';
import { JoinCache, joinCell, type ActionGates, type Subject, type Target } from './join';
import type { IamData, IamPrincipal, OrgData } from './model';
import { principalSubject, rootSubject, type ResourceFacts } from './subjects';
import { unnamedRows } from './unnamedRows';

/** What a named who-can question knows besides the key policy. */
export interface NamedWhoCanOptions extends WhoCanOptions {
  /** The accounts' authorization details. */
  readonly iam: IamData;
  /** SCPs and RCPs by account; undefined = not supplied. */
  readonly org?: OrgData;
  /** The key's tags (aws:ResourceTag/*); undefined = unknown (such conditions stay residual). */
  readonly tags?: Readonly<Record<string, string>>;
  /** The key's aliases (alias/name) for kms:ResourceAliases; undefined = unknown. */
  readonly aliases?: readonly string[];
  /** The longest role chain followed (default 3). */
  readonly maxChainDepth?: number;
}

/** The default bound on role chains (roles assumed in a row). */
export const DEFAULT_CHAIN_DEPTH = 3;

/** A named who-can question ready to join: the key as a target, and the gates of each action. */
export interface NamedQuestion {
  readonly cache: JoinCache;
  readonly target: Target;
  readonly keyFacts: { account: string; region: string | undefined; keySpec: string | undefined; keyUsage: string | undefined };
  readonly resource: ResourceFacts;
  readonly partition: string;
  readonly actions: readonly string[];
  readonly gates: readonly ActionGates[];
}

/** Prepares the question: the key, its policy and grants as the join's target, and each action's gates. */
export function namedQuestion(policy: CompiledPolicy, actions: readonly string[], options: NamedWhoCanOptions): NamedQuestion {
  const key = resolveKey({ ...options, ...(options.account ? { keyAccount: options.account } : {}) });
  if (!key.account) throw new SimulationInputError("The key's account is unknown: give the key ARN or the key account.");
  const expanded = expandActions(actions.map(normaliseAction)).map((a) => canonicalAction(a.toLowerCase()) ?? a);
  const state = options.keyState ?? 'Enabled';
  const target: Target = {
    policy,
    policyName: 'key policy',
    policySource: 'key-policy',
    resource: key,
    account: key.account,
    ...(options.org?.accounts.get(key.account)?.rcps ? { rcps: options.org.accounts.get(key.account)!.rcps! } : {}),
    grants: (options.grants ?? []).map(compileGrant),
  };
  const gates = expanded.map((display): ActionGates => {
    const action = display.toLowerCase();
    return {
      action,
      display,
      resourcePolicyAction: isKeyPolicyAction(action),
      crossAccount: isCrossAccountAction(action),
      ...(stateBlocks(state, action) ? { blocked: stateReason(state, display) } : {}),
      rcpApplies: action !== 'kms:retiregrant',
    };
  });
  return {
    cache: new JoinCache(),
    target,
    keyFacts: { account: key.account, region: key.region, keySpec: key.keySpec, keyUsage: key.keyUsage },
    resource: { ...(options.tags ? { tags: options.tags } : {}), ...(options.aliases ? { aliases: options.aliases } : {}) },
    partition: key.partition,
    actions: expanded,
    gates,
  };
}

/** A supplied principal (or root user) as the join's subject for the question. */
export function subjectFor(q: NamedQuestion, p: IamPrincipal | { readonly root: string }, org: OrgData | undefined): Subject {
  return 'root' in p
    ? rootSubject(p.root, q.partition, q.keyFacts, q.resource, org)
    : principalSubject(p, q.partition, q.keyFacts, q.resource, org, q.cache.populationFacts);
}

/** Answers who can perform the actions (names or globs) on the key, by name. */
export function whoCanNamed(policy: CompiledPolicy, actions: readonly string[], options: NamedWhoCanOptions): NamedWhoCanAnswer {
  const q = namedQuestion(policy, actions, options);
  const { iam, org } = options;
  const keyAccount = q.target.account;
  const principals: NamedPrincipal[] = [];
  const direct = new Map<string, NamedPrincipal>();
  for (const [account, data] of iam.accounts) {
    for (const p of [{ root: account } as const, ...data.principals]) {
      const subject = subjectFor(q, p, org);
      const cells = q.gates.map((g, i) => cellJson(q.actions[i]!, joinCell(q.cache, subject, q.target, g)));
      const row: NamedPrincipal =
        'root' in p
          ? { arn: subject.arn, account, kind: 'root', name: `root (${account})`, cells, chains: [] }
          : { arn: p.arn, account, kind: p.kind, name: p.name, path: p.path, cells, chains: [] };
      principals.push(row);
      direct.set(row.arn, row);
    }
  }
  const chains = roleChains(q, iam, org, direct, options.maxChainDepth ?? DEFAULT_CHAIN_DEPTH);
  const named = principals.map((row) => {
    const found = chains.byPrincipal.get(row.arn);
    if (!found || found.length === 0) return row;
    const reached = new Set(found.flatMap((c) => c.actions));
    const cells = row.cells.map((c) =>
      c.decision === 'denied' && reached.has(c.action)
        ? {
            ...c,
            via: 'chain' as const,
            reason: `${c.reason} Reachable by assuming roles: ${found
              .find((x) => x.actions.includes(c.action))!
              .path.map(shortName)
              .join(' → ')}.`,
          }
        : c,
    );
    return { ...row, cells, chains: found };
  });

  const supplied = new Set(iam.accounts.keys());
  const unnamed = whoCan(policy, q.actions, options);
  const others = unnamedRows(unnamed, supplied, keyAccount);
  const all = [...named, ...others];
  const counts: Record<string, { allowed: number; conditional: number; denied: number }> = {};
  q.actions.forEach((a, i) => {
    const c = { allowed: 0, conditional: 0, denied: 0 };
    for (const p of all) c[p.cells[i]!.decision]++;
    counts[a] = c;
  });
  return {
    actions: q.actions,
    key: q.target.resource.arn ?? `arn:${q.partition}:kms:${q.keyFacts.region ?? '<region>'}:${keyAccount}:key/<key-id>`,
    accounts: [...supplied],
    principals: all,
    counts,
    notSupplied: notSupplied(options, keyAccount, others),
    caveats: [...caveats(options, named, unnamed.blockedByKeyState), ...chains.caveats],
  };
}

/** "ci-runner" for an ARN. */
export function shortName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function notSupplied(options: NamedWhoCanOptions, keyAccount: string, others: readonly NamedPrincipal[]): string[] {
  const out: string[] = [];
  const accounts = new Set<string>([keyAccount]);
  for (const p of others) if (p.account) accounts.add(p.account);
  for (const a of accounts) if (!options.iam.accounts.has(a)) out.push(`IAM data of account ${a}${a === keyAccount ? " (the key's)" : ''} not supplied`);
  if (!options.org) out.push('SCPs not supplied', 'RCPs not supplied');
  else {
    for (const a of options.iam.accounts.keys()) if (!options.org.accounts.get(a)?.scps) out.push(`SCPs of account ${a} not supplied`);
    if (!options.org.accounts.get(keyAccount)?.rcps) out.push(`RCPs of account ${keyAccount} (the key's) not supplied`);
  }
  if (!options.tags) out.push("the key's tags not supplied (aws:ResourceTag conditions stay conditional)");
  if (!options.aliases) out.push("the key's aliases not supplied (kms:ResourceAliases conditions stay conditional)");
  if (!options.grants) out.push('grants not supplied');
  return out;
}

function caveats(options: NamedWhoCanOptions, named: readonly NamedPrincipal[], blocked: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of options.iam.accounts.values()) {
    if (a.missingPolicies.length > 0) {
      const shown = a.missingPolicies.slice(0, 5).join(', ');
      const more = a.missingPolicies.length > 5 ? ` and ${a.missingPolicies.length - 5} more` : '';
      out.push(
        `Account ${a.account} (${a.file}): ${shown}${more} ${a.missingPolicies.length === 1 ? 'is' : 'are'} referenced but not supplied (AWS managed policies need --filter AWSManagedPolicy); the cells of principals holding them are conditional, never allowed or denied for lack of them.`,
      );
    }
  }
  for (const f of options.iam.truncated) out.push(`${f} says more pages follow (IsTruncated): principals and policies on later pages are missing.`);
  if (named.some((p) => p.kind === 'role'))
    out.push("Roles' tags are not taken as aws:PrincipalTag: a session may carry session tags that override them, so such conditions stay conditional.");
  out.push('Session policies, VPC endpoint policies and the caller’s network are not known: conditions on them stay conditional.');
  if (blocked.length > 0) out.push(`The key state refuses ${blocked.join(', ')} whatever the policies say.`);
  return out;
}
