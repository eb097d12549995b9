/**
 * Role chains: who can reach an action on the key by assuming roles. An edge P → R holds when R's trust
 * policy, P's identity policies, boundary and SCPs and R's account's RCPs allow P sts:AssumeRole on R — the
 * join of join.ts with the trust policy as the resource policy (a trust policy naming P within R's account
 * suffices alone; naming P's account needs P's own allow; another account needs both).
 * The search runs backwards from the roles that can act, breadth first, so paths come shortest first, up to
 * a depth bound. Trust policies are indexed by what they name (a role, a user, an account, everyone): a role's
 * possible assumers are looked up, never found by trying every principal, and an account's assumers are only
 * its principals whose policies can cover sts:AssumeRole at all.
 */
import type { CompiledPolicy } from '../simulate/compile';
import type { KeyRef } from '../simulate/keyRef';
import type { NamedPrincipal, RoleChain } from './answer';
import { joinCell, type ActionGates, type Target } from './join';
import type { IamData, IamPrincipal, OrgData } from './model';
import { principalSubject } from './subjects';
import type { NamedQuestion } from './whoCanNamed';

const STS = 'sts:assumerole';
const GATES: ActionGates = { action: STS, resourcePolicyAction: true, crossAccount: true, rcpApplies: true };
/** Chains kept per principal (shortest first) and per role on the search's frontier. */
const MAX_CHAINS = 5;

/** The chains found, by principal ARN, and notes on what the search could not see. */
export interface ChainResult {
  readonly byPrincipal: ReadonlyMap<string, readonly RoleChain[]>;
  readonly caveats: readonly string[];
}

/** The supplied principals indexed the ways trust policies name them. */
class Directory {
  readonly byArn = new Map<string, IamPrincipal>();
  private readonly byName = new Map<string, IamPrincipal>();
  private readonly assumers = new Map<string, IamPrincipal[]>();

  constructor(private readonly iam: IamData) {
    for (const a of iam.accounts.values())
      for (const p of a.principals) {
        this.byArn.set(p.arn, p);
        this.byName.set(`${p.kind}:${p.account}/${p.name}`, p);
      }
  }

  named(kind: 'user' | 'role', account: string, name: string): IamPrincipal | undefined {
    return this.byName.get(`${kind}:${account}/${name}`);
  }

  supplied(account: string): boolean {
    return this.iam.accounts.has(account);
  }

  /** The principals of an account whose policies can allow sts:AssumeRole (a missing document may). */
  assumersIn(account: string): readonly IamPrincipal[] {
    let list = this.assumers.get(account);
    if (!list) {
      list = (this.iam.accounts.get(account)?.principals ?? []).filter((p) => p.identity.some((r) => !r.compiled || !r.mayCover || r.mayCover(STS)));
      this.assumers.set(account, list);
    }
    return list;
  }

  allAssumers(): IamPrincipal[] {
    return [...this.iam.accounts.keys()].flatMap((a) => this.assumersIn(a));
  }
}

/** Who R's trust policy may admit, with notes on accounts whose data is missing. */
function candidates(dir: Directory, role: IamPrincipal, trust: CompiledPolicy, notes: Set<string>): IamPrincipal[] {
  const out = new Set<IamPrincipal>();
  for (const { statement: st } of trust.plan(STS).live) {
    if (st.effect !== 'Allow') continue;
    if (st.principalMode === 'not-principal') {
      for (const p of dir.allAssumers()) out.add(p);
      continue;
    }
    for (const pat of st.principals) {
      switch (pat.kind) {
        case 'any':
          for (const p of dir.allAssumers()) out.add(p);
          notes.add(`${role.name}'s trust policy admits every principal ("*"): principals of accounts not supplied may assume it too.`);
          break;
        case 'account':
          if (dir.supplied(pat.account)) for (const p of dir.assumersIn(pat.account)) out.add(p);
          else notes.add(unsupplied(role, pat.account));
          break;
        case 'user':
        case 'role': {
          const p = dir.named(pat.kind, pat.account, pat.name);
          if (p) out.add(p);
          else if (!dir.supplied(pat.account)) notes.add(unsupplied(role, pat.account));
          break;
        }
        case 'session': {
          const p = dir.named('role', pat.account, pat.role);
          if (p) out.add(p);
          else if (!dir.supplied(pat.account)) notes.add(unsupplied(role, pat.account));
          break;
        }
        default:
          break;
      }
    }
  }
  out.delete(role);
  return [...out];
}

function unsupplied(role: IamPrincipal, account: string): string {
  return `${role.name}'s trust policy admits principals of account ${account}, whose IAM data was not supplied: they may reach the key through it.`;
}

/** A path on the search's frontier: from a role to the key. */
interface Partial {
  readonly path: readonly string[];
  readonly actions: readonly string[];
  readonly conditional: boolean;
}

/** Finds the role chains to the roles that can act on the key (`direct`: the principals' own rows, by ARN). */
export function roleChains(
  q: NamedQuestion,
  iam: IamData,
  org: OrgData | undefined,
  direct: ReadonlyMap<string, NamedPrincipal>,
  maxDepth: number,
): ChainResult {
  const dir = new Directory(iam);
  const notes = new Set<string>();
  const byPrincipal = new Map<string, RoleChain[]>();
  let frontier = new Map<string, Partial[]>();
  for (const row of direct.values()) {
    if (row.kind !== 'role') continue;
    const actions = row.cells.filter((c) => c.decision !== 'denied').map((c) => c.action);
    if (actions.length > 0) frontier.set(row.arn, [{ path: [row.arn], actions, conditional: row.cells.some((c) => c.decision === 'conditional') }]);
  }
  const expanded = new Set(frontier.keys());
  for (let depth = 1; depth <= maxDepth && frontier.size > 0; depth++) {
    const next = new Map<string, Partial[]>();
    for (const [roleArn, partials] of frontier) {
      const role = dir.byArn.get(roleArn)!;
      const trust = role.trust?.compiled?.();
      if (!trust) continue;
      const target = roleTarget(role, trust, q.partition, org);
      for (const p of candidates(dir, role, trust, notes)) {
        const subject = principalSubject(
          p,
          q.partition,
          { account: role.account, region: undefined, keySpec: undefined, keyUsage: undefined },
          { tags: role.tags },
          org,
        );
        const edge = joinCell(q.cache, subject, target, GATES);
        if (edge.decision === 'denied') continue;
        const own = direct.get(p.arn);
        for (const partial of partials) {
          if (partial.path.includes(p.arn)) continue;
          const chain: RoleChain = {
            path: [p.arn, ...partial.path],
            actions: partial.actions,
            conditional: partial.conditional || edge.decision !== 'allowed',
          };
          const needed = chain.actions.some((a) => own?.cells.find((c) => c.action === a)?.decision !== 'allowed');
          const list = byPrincipal.get(p.arn) ?? [];
          if (needed && list.length < MAX_CHAINS) byPrincipal.set(p.arn, [...list, chain]);
          if (p.kind === 'role' && !expanded.has(p.arn)) {
            const queued = next.get(p.arn) ?? [];
            if (queued.length < MAX_CHAINS) next.set(p.arn, [...queued, chain]);
          }
        }
      }
    }
    for (const k of next.keys()) expanded.add(k);
    frontier = next;
    if (depth === maxDepth && next.size > 0) notes.add(`Role chains were followed ${maxDepth} roles deep; longer chains were not searched.`);
  }
  return { byPrincipal, caveats: [...notes] };
}

/** A role as the join's target for sts:AssumeRole: its trust policy, its ARN as the resource, its account's RCPs. */
function roleTarget(role: IamPrincipal, trust: CompiledPolicy, partition: string, org: OrgData | undefined): Target {
  const resource: KeyRef = { account: role.account, region: undefined, partition, arn: role.arn, keySpec: undefined, keyUsage: undefined };
  const rcps = org?.accounts.get(role.account)?.rcps;
  return {
    policy: trust,
    policyName: `${role.name} trust policy`,
    policySource: 'trust',
    resource,
    account: role.account,
    ...(rcps ? { rcps } : {}),
    grants: [],
  };
}
