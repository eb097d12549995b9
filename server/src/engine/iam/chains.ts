/**
 * Role chains: who can reach an action on the key by assuming roles. An edge P → R holds when R's trust
 * policy, P's identity policies, boundary and SCPs and R's account's RCPs allow P sts:AssumeRole on R — the
 * join of join.ts with the trust policy as the resource policy (a trust policy naming P within R's account
 * suffices alone; naming P's account needs P's own allow; another account needs both).
 * The search runs backwards from the roles that can act, breadth first, so paths come shortest first, up to
 * a depth bound. Trust policies are indexed by what they name (a role, a user, an account, everyone): a role's
 * possible assumers are looked up, never found by trying every principal, and an account's assumers are only
 * its principals whose identity policies and permissions boundary can both allow sts:AssumeRole on the role
 * (the join needs both, so the others would only be joined to be denied — again for every role tried).
 */
import type { CompiledPolicy } from '../simulate/compile';
import { resourceEntryVerdict } from '../simulate/statements';
import type { KeyRef } from '../simulate/keyRef';
import type { NamedPrincipal, RoleChain } from './answer';
import { joinCell, type ActionGates, type JoinedCell, type Target } from './join';
import type { IamData, IamPrincipal, OrgData, PolicyRef } from './model';
import { principalSubject } from './subjects';
import type { NamedQuestion } from './whoCanNamed';

const STS = 'sts:assumerole';
const GATES: ActionGates = { action: STS, display: 'sts:AssumeRole', resourcePolicyAction: true, crossAccount: true, rcpApplies: true };
/** Chains kept per principal (shortest first). */
const MAX_CHAINS = 2;
/** Paths a role carries onward on the search's frontier (the shortest one reaches it first). */
const MAX_CARRIED = 1;
/**
 * The trust checks (joins) one search may make: about four per principal of a large account. Past it the
 * search stops and says so; the chains found are still real, shortest first.
 */
export const CHAIN_BUDGET = 25_000;

/** The chains found, by principal ARN, and notes on what the search could not see. */
export interface ChainResult {
  readonly byPrincipal: ReadonlyMap<string, readonly RoleChain[]>;
  readonly caveats: readonly string[];
}

/** The Resources of some policies' sts:AssumeRole Allows; undefined when a missing document may allow anything. */
type AssumeResources = readonly { readonly negated: boolean; readonly sources: readonly string[] }[] | undefined;

/**
 * Principals of an account of one kind whose own policies allow sts:AssumeRole on the same Resources: one test
 * per role for all of them.
 */
interface AssumerGroup {
  readonly kind: 'user' | 'role';
  /** The Resources of their identity policies' sts:AssumeRole Allows. */
  readonly identity: AssumeResources;
  /** The same for their permissions boundary (undefined: none, or its document missing): it must allow too. */
  readonly boundary: AssumeResources;
  /** Its members still worth asking about (the search drops those it has nothing more to learn from). */
  members: IamPrincipal[];
}

/** The supplied principals indexed the ways trust policies name them. */
class Directory {
  readonly byArn = new Map<string, IamPrincipal>();
  private readonly byName = new Map<string, IamPrincipal>();
  private readonly groups = new Map<string, readonly AssumerGroup[]>();

  constructor(
    private readonly iam: IamData,
    /** Whether the search has nothing more to learn from a principal, for good (then it is dropped from the groups). */
    private readonly done: (p: IamPrincipal) => boolean,
  ) {
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

  /** The account's principals that can allow themselves sts:AssumeRole, grouped by kind and the Resources they may assume. */
  private groupsIn(account: string): readonly AssumerGroup[] {
    let groups = this.groups.get(account);
    if (groups) return groups;
    const bySignature = new Map<string, AssumerGroup>();
    for (const p of this.iam.accounts.get(account)?.principals ?? []) {
      const identity = assumeResources(p.identity);
      if (identity && identity.length === 0) continue;
      const boundary = p.boundary ? assumeResources([p.boundary]) : undefined;
      const signature = JSON.stringify([p.kind, identity ?? '?', boundary ?? '?']);
      const g = bySignature.get(signature);
      if (g) g.members.push(p);
      else bySignature.set(signature, { kind: p.kind, identity, boundary, members: [p] });
    }
    this.groups.set(account, (groups = [...bySignature.values()]));
    return groups;
  }

  /**
   * The principals of an account whose own policies may let them assume the role (before the join decides).
   * `trustAlone`: the trust admits the role's own account's users by itself ("*", NotPrincipal), and a user's
   * boundary does not cut what a resource policy grants it directly; everywhere else the boundary must allow.
   */
  *assumersOf(account: string, role: RoleTest, trustAlone = false): Iterable<IamPrincipal> {
    const groups = this.groupsIn(account);
    let emptied = false;
    for (const g of groups) {
      if (!role.mayName(g.identity)) continue;
      if (!role.mayName(g.boundary) && !(trustAlone && g.kind === 'user')) continue;
      const alive = g.members.filter((p) => !this.done(p));
      if (alive.length < g.members.length) g.members = alive;
      emptied ||= alive.length === 0;
      yield* alive;
    }
    // A group whose members are all done stays so: it is not tested against the roles still to come.
    if (emptied)
      this.groups.set(
        account,
        groups.filter((g) => g.members.length > 0),
      );
  }

  /** Every supplied account's principals that may assume the role, under a trust that admits everyone. */
  *allAssumersOf(role: RoleTest): Iterable<IamPrincipal> {
    for (const account of this.iam.accounts.keys()) yield* this.assumersOf(account, role, account === role.account);
  }

  /** Whether one principal's own policies (identity and boundary) may let it assume the role. */
  mayAssume(p: IamPrincipal, role: RoleTest): boolean {
    return role.mayName(assumeResources(p.identity)) && (!p.boundary || role.mayName(assumeResources([p.boundary])));
  }
}

/** The Resources of the sts:AssumeRole Allows of some policies. */
function assumeResources(policies: readonly PolicyRef[]): { negated: boolean; sources: string[] }[] | undefined {
  const out: { negated: boolean; sources: string[] }[] = [];
  for (const r of policies) {
    if (!r.compiled) return undefined;
    if (r.mayCover && !r.mayCover(STS)) continue;
    for (const { statement } of r.compiled().plan(STS).live)
      if (statement.effect === 'Allow') out.push({ negated: statement.resourceNegated, sources: statement.resources.map((x) => x.source) });
  }
  return out;
}

/**
 * One role as the assumer index tests it: whether Resources may name its ARN (NotResource and policy variables
 * may). Verdicts are kept per Resource entry: an account's groups repeat a few dozen patterns (role/team-*).
 */
class RoleTest {
  private readonly verdicts = new Map<string, boolean>();

  constructor(private readonly role: KeyRef) {}

  get account(): string | undefined {
    return this.role.account;
  }

  mayName(resources: AssumeResources): boolean {
    if (!resources) return true;
    for (const r of resources) {
      if (r.negated) return true;
      for (const x of r.sources) if (this.entryMayName(x)) return true;
    }
    return false;
  }

  private entryMayName(entry: string): boolean {
    let v = this.verdicts.get(entry);
    if (v === undefined) {
      v = entry === '*' || entry.includes('${') || resourceEntryVerdict(entry, this.role).verdict !== 'not';
      this.verdicts.set(entry, v);
    }
    return v;
  }
}

/**
 * Who R's trust policy may admit, with notes on accounts whose data is missing: each with whether the trust
 * names it by ARN within R's account (then the trust may suffice alone; everyone else needs an allow of its
 * own, and those whose policies cannot name R are left out before the join is asked).
 */
function candidates(dir: Directory, role: IamPrincipal, roleRef: KeyRef, trust: CompiledPolicy, notes: Set<string>): IamPrincipal[] {
  const out = new Set<IamPrincipal>();
  const test = new RoleTest(roleRef);
  const named = (p: IamPrincipal | undefined, account: string): void => {
    if (p) {
      if (p.account === role.account || dir.mayAssume(p, test)) out.add(p);
    } else if (!dir.supplied(account)) notes.add(unsupplied(role, account));
  };
  for (const { statement: st } of trust.plan(STS).live) {
    if (st.effect !== 'Allow') continue;
    if (st.principalMode === 'not-principal') {
      for (const p of dir.allAssumersOf(test)) out.add(p);
      continue;
    }
    for (const pat of st.principals) {
      switch (pat.kind) {
        case 'any':
          for (const p of dir.allAssumersOf(test)) out.add(p);
          notes.add(`${role.name}'s trust policy admits every principal ("*"): principals of accounts not supplied may assume it too.`);
          break;
        case 'account':
          if (dir.supplied(pat.account)) for (const p of dir.assumersOf(pat.account, test)) out.add(p);
          else notes.add(unsupplied(role, pat.account));
          break;
        case 'user':
        case 'role':
          named(dir.named(pat.kind, pat.account, pat.name), pat.account);
          break;
        case 'session':
          named(dir.named('role', pat.account, pat.role), pat.account);
          break;
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
  const notes = new Set<string>();
  const byPrincipal = new Map<string, RoleChain[]>();
  let joins = 0;
  let frontier = new Map<string, Partial[]>();
  // The roles to search from at the next depth, with the paths they carry.
  let next = new Map<string, Partial[]>();
  // No role needs searching from P: it is a user, a role searched from already, or one queued with the paths it carries.
  const searched = (p: IamPrincipal): boolean => p.kind === 'user' || expanded.has(p.arn) || (next.get(p.arn)?.length ?? 0) >= MAX_CARRIED;
  // A principal is done, for good, when it is searched and needs no more chains (every action allowed, or its chains full).
  const done = (p: IamPrincipal): boolean => searched(p) && ((lacking.get(p.arn)?.size ?? 0) === 0 || (byPrincipal.get(p.arn)?.length ?? 0) >= MAX_CHAINS);
  const dir = new Directory(iam, done);
  for (const row of direct.values()) {
    if (row.kind !== 'role') continue;
    const actions = row.cells.filter((c) => c.decision !== 'denied').map((c) => c.action);
    if (actions.length > 0) frontier.set(row.arn, [{ path: [row.arn], actions, conditional: row.cells.some((c) => c.decision === 'conditional') }]);
  }
  const expanded = new Set<string>();
  for (const k of frontier.keys()) expanded.add(k);
  // The actions each principal cannot perform outright: a chain is worth showing for those only.
  const lacking = new Map<string, Set<string>>();
  for (const row of direct.values()) lacking.set(row.arn, new Set(row.cells.filter((c) => c.decision !== 'allowed').map((c) => c.action)));
  for (let depth = 1; depth <= maxDepth && frontier.size > 0; depth++) {
    next = new Map<string, Partial[]>();
    for (const [roleArn, partials] of frontier) {
      const role = dir.byArn.get(roleArn)!;
      const trust = role.trust?.compiled?.();
      if (!trust) continue;
      const target = roleTarget(role, trust, q.partition, org);
      const offered = [...new Set(partials.flatMap((x) => x.actions))];
      for (const p of candidates(dir, role, target.resource, trust, notes)) {
        const own = lacking.get(p.arn);
        const needs = own !== undefined && offered.some((a) => own.has(a));
        const found = byPrincipal.get(p.arn)?.length ?? 0;
        // Nothing more to learn from P: its chains are full (or it needs none of these actions) and it is no role to search from.
        if (searched(p) && (!needs || found >= MAX_CHAINS)) continue;
        if (++joins > CHAIN_BUDGET) {
          notes.add(`The role-chain search stopped after ${CHAIN_BUDGET.toLocaleString('en-US')} trust checks: longer or rarer chains may exist.`);
          return { byPrincipal, caveats: [...notes] };
        }
        const edge = assumeEdge(q, org, p, role, target);
        if (edge.decision === 'denied') continue;
        for (const partial of partials) {
          if (partial.path.includes(p.arn)) continue;
          const chain: RoleChain = {
            path: [p.arn, ...partial.path],
            actions: partial.actions,
            conditional: partial.conditional || edge.decision !== 'allowed',
          };
          const list = byPrincipal.get(p.arn) ?? [];
          if (own && chain.actions.some((a) => own.has(a)) && list.length < MAX_CHAINS) byPrincipal.set(p.arn, [...list, chain]);
          if (p.kind === 'role' && !expanded.has(p.arn)) {
            const queued = next.get(p.arn) ?? [];
            if (queued.length < MAX_CARRIED) next.set(p.arn, [...queued, chain]);
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

/** One edge P → R of the search: whether P may call sts:AssumeRole on R (the join, R's trust policy as its target). */
export function assumeEdge(q: NamedQuestion, org: OrgData | undefined, p: IamPrincipal, role: IamPrincipal, target: Target): JoinedCell {
  const subject = principalSubject(
    p,
    q.partition,
    { account: role.account, region: undefined, keySpec: undefined, keyUsage: undefined },
    { tags: role.tags },
    org,
    q.cache.populationFacts,
  );
  return joinCell(q.cache, subject, target, GATES);
}

/**
 * The principals the search asks about as R's assumers (before it drops those it has learnt enough from).
 * Everyone it leaves out must be one the join denies: the search relies on it, and a test checks it.
 */
export function trustCandidates(iam: IamData, role: IamPrincipal, target: Target): IamPrincipal[] {
  return candidates(new Directory(iam, () => false), role, target.resource, target.policy, new Set());
}

/** A role as the join's target for sts:AssumeRole: its trust policy, its ARN as the resource, its account's RCPs. */
export function roleTarget(role: IamPrincipal, trust: CompiledPolicy, partition: string, org: OrgData | undefined): Target {
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
