/**
 * The join's subjects: a supplied account's users, roles and root user, with the facts every request of
 * theirs carries (SEMANTICS §6 step 2, fixed principal keys) and the resource's known facts:
 * - aws:PrincipalArn is the user's or role's ARN, path included (a role's sessions carry the role's ARN);
 * - a user's aws:PrincipalTag/* are its tags, every other tag key absent; a role's stay in the residual, as a
 *   session may carry session tags that override the role's;
 * - aws:ResourceTag/* are the resource's tags and kms:ResourceAliases its aliases, when supplied.
 */
import type { Values } from '../simulate/conditions/values';
import type { KeyFacts } from '../simulate/context';
import type { Caller } from '../simulate/principals';
import { populationFacts, populationFactsKey, type Fact, type Population } from '../simulate/residual/population';
import type { Subject } from './join';
import type { IamPrincipal, OrgData } from './model';

/** What is known about the resource besides its account and ARN. */
export interface ResourceFacts {
  /** Its tags; undefined = unknown. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Its aliases (alias/name), for kms:ResourceAliases; undefined = unknown. */
  readonly aliases?: readonly string[];
}

const ABSENT: Fact = { kind: 'values', values: undefined };

/**
 * The facts of a subject: its own (its ARN, a user's tags, the resource's facts), then its population's
 * (shared), then the absences this module's comment lists.
 */
class FactView implements ReadonlyMap<string, Fact> {
  constructor(
    private readonly population: ReadonlyMap<string, Fact>,
    private readonly own: ReadonlyMap<string, Fact>,
    private readonly userTags: boolean,
    private readonly resource: ResourceFacts,
  ) {}

  get(k: string): Fact | undefined {
    const known = this.own.get(k) ?? this.population.get(k);
    if (known) return known;
    if (this.userTags && k.startsWith('aws:principaltag/')) return ABSENT;
    if (this.resource.tags && k.startsWith('aws:resourcetag/')) return ABSENT;
    return undefined;
  }

  has(k: string): boolean {
    return this.get(k) !== undefined;
  }

  get size(): number {
    return [...this.keys()].length;
  }

  forEach(fn: (value: Fact, key: string, map: ReadonlyMap<string, Fact>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  *entries(): MapIterator<[string, Fact]> {
    yield* this.own.entries();
    for (const e of this.population.entries()) if (!this.own.has(e[0])) yield e;
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<Fact> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, Fact]> {
    return this.entries();
  }
}

function values(v: Values): Fact {
  return { kind: 'values', values: v };
}

/**
 * The facts for a population with a known ARN and tags, against a resource. What every member of the
 * population has (its account, its type; populationFacts) is built once per population and resource when
 * `shared` is given (a question's JoinCache.populationFacts): one map for all the roles of an account, not one
 * per role (thousands of maps the garbage collector would copy).
 */
export function subjectFacts(
  population: Population,
  key: KeyFacts,
  arn: string | undefined,
  userTags: Readonly<Record<string, string>> | undefined,
  resource: ResourceFacts,
  shared?: Map<string, ReadonlyMap<string, Fact>>,
): ReadonlyMap<string, Fact> {
  const id = `${populationFactsKey(population)}|${key.account ?? ''}|${key.region ?? ''}|${key.keySpec ?? ''}|${key.keyUsage ?? ''}`;
  let common = shared?.get(id);
  if (!common) {
    common = populationFacts(population, key);
    shared?.set(id, common);
  }
  const own = new Map<string, Fact>();
  if (arn) own.set('aws:principalarn', values([arn]));
  if (userTags) for (const [k, v] of Object.entries(userTags)) own.set(`aws:principaltag/${k.toLowerCase()}`, values([v]));
  if (resource.tags) for (const [k, v] of Object.entries(resource.tags)) own.set(`aws:resourcetag/${k.toLowerCase()}`, values([v]));
  if (resource.aliases) own.set('kms:resourcealiases', values(resource.aliases.length > 0 ? resource.aliases : undefined));
  return new FactView(common, own, userTags !== undefined, resource);
}

/** The population of a supplied user or role. */
export function populationOfPrincipal(p: IamPrincipal, partition: string): Population {
  if (p.kind === 'role') return { kind: 'role', account: p.account, role: p.name };
  const caller: Caller = { kind: 'user', account: p.account, partition, name: p.name, arn: p.arn };
  return { kind: 'exact', caller };
}

/** A supplied user or role as a subject of the join, against a resource. */
export function principalSubject(
  p: IamPrincipal,
  partition: string,
  key: KeyFacts,
  resource: ResourceFacts,
  org: OrgData | undefined,
  shared?: Map<string, ReadonlyMap<string, Fact>>,
): Subject {
  const population = populationOfPrincipal(p, partition);
  const scps = org?.accounts.get(p.account)?.scps;
  return {
    arn: p.arn,
    account: p.account,
    kind: p.kind,
    population,
    facts: subjectFacts(population, key, p.arn, p.kind === 'user' ? p.tags : undefined, resource, shared),
    identity: p.identity,
    ...(p.boundary ? { boundary: p.boundary } : {}),
    ...(scps ? { scps } : {}),
    routes: [`account:${p.account}`, `${p.kind}:${p.account}/${p.name}`],
  };
}

/** An account's root user as a subject: every identity permission, no boundary, its account's SCPs. */
export function rootSubject(account: string, partition: string, key: KeyFacts, resource: ResourceFacts, org: OrgData | undefined): Subject {
  const population: Population = { kind: 'exact', caller: { kind: 'root', account, partition } };
  const scps = org?.accounts.get(account)?.scps;
  return {
    arn: `arn:${partition}:iam::${account}:root`,
    account,
    kind: 'root',
    population,
    facts: subjectFacts(population, key, undefined, undefined, resource),
    identity: undefined,
    ...(scps ? { scps } : {}),
    routes: [`account:${account}`],
  };
}
