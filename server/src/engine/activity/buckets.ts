/**
 * The aggregator's buckets: the groups of one key (or of an alias the trail has not mapped to a key yet),
 * its aliases, event count and time span, as records are folded in; copied and merged when the activity is
 * read out.
 */
import { mergeGroups, newGroup, type ActivityGroup } from './groups';

/** The activity of one key (or of an alias not yet mapped to a key) while records are folded in. */
export interface Bucket {
  readonly key: string;
  readonly keyKnown: boolean;
  /** Groups by `<principal id>\u0001<operation>`. */
  readonly groups: Map<string, ActivityGroup>;
  /** The same groups by principal id, then operation: found per event without building the joined id. */
  readonly byPrincipal: Map<string, Map<string, ActivityGroup>>;
  readonly aliases: Set<string>;
  events: number;
  first: number;
  last: number;
}

/** An empty bucket. */
export function newBucket(key: string, keyKnown: boolean, aliases: Iterable<string> = []): Bucket {
  return {
    key,
    keyKnown,
    groups: new Map(),
    byPrincipal: new Map(),
    aliases: new Set(aliases),
    events: 0,
    first: Infinity,
    last: -Infinity,
  };
}

/** A copy of a bucket (its groups copied: the aggregator keeps folding into the original). */
export function copyBucket(b: Bucket, samples: number): Bucket {
  const c = newBucket(b.key, b.keyKnown, b.aliases);
  mergeBucket(c, b, samples);
  return c;
}

/** Folds `from` into `into`. */
export function mergeBucket(into: Bucket, from: Bucket, samples: number): void {
  for (const [id, g] of from.groups) {
    const mine = into.groups.get(id);
    if (mine) mergeGroups(mine, g, samples);
    else {
      const copy = newGroup(g.principal, g.operation, g.action, g.first);
      mergeGroups(copy, g, samples);
      into.groups.set(id, copy);
    }
  }
  for (const a of from.aliases) into.aliases.add(a);
  into.events += from.events;
  if (from.first < into.first) into.first = from.first;
  if (from.last > into.last) into.last = from.last;
}
