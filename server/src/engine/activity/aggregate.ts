/**
 * The incremental aggregator: records go in one at a time (from a file being streamed, or from a page of
 * LookupEvents), activity groups come out at the end. It attributes each KMS event to the key(s) it names,
 * whether the record names a key by ARN, by key id or by alias, and folds it into the group of its principal
 * and operation. Records of other services, other keys and outside the window are counted, not kept;
 * unusable records are counted by reason. Memory is bounded by the number of groups (`maxGroups`).
 */
import { canonicalAction } from '../simulate/knowledge';
import { copyBucket, mergeBucket, newBucket, type Bucket } from './buckets';
import { addToGroup, newGroup, type ActivityGroup } from './groups';
import { AliasMap, aliasArnFor, aliasName, normaliseKeyArn, type KeyReference } from './keyRefs';
import { KMS_EVENT_SOURCE, readRecordMembers, readTrailRecord, RecordCache, type RecordReading, type TrailEvent } from './record';
import type { RecordMembers } from './recordText';

/** What to aggregate. */
export interface ActivityOptions {
  /** The key ARN to analyse; without it every key the trail names gets its own activity. */
  readonly key?: string;
  /** Aliases known to name the key (`alias/app-data` or alias ARNs), besides those the trail shows. */
  readonly aliases?: readonly string[];
  /** Oldest event time kept (epoch ms). */
  readonly since?: number;
  /** Newest event time kept (epoch ms). */
  readonly until?: number;
  /** Most groups kept, over all keys (default 50,000); events of further groups are counted as overflow. */
  readonly maxGroups?: number;
  /** Distinct samples kept per group for the simulator (default 8). */
  readonly samplesPerGroup?: number;
}

/** Counts over everything offered to the aggregator. */
export interface ActivityStats {
  /** Records offered (including unusable ones). */
  readonly records: number;
  /** KMS records read. */
  readonly kmsEvents: number;
  /** KMS events attributed to the analysed key(s) and kept. */
  readonly attributed: number;
  /** KMS events about other keys. */
  readonly otherKeys: number;
  /** Records of other AWS services. */
  readonly otherServices: number;
  /** KMS events that name no key (ListKeys, CreateKey, GenerateRandom…). */
  readonly noKey: number;
  /** KMS events outside the time window. */
  readonly outsideWindow: number;
  /** Events that name only an alias the trail never maps to a key. */
  readonly unresolvedAlias: number;
  /** Events not kept because the group limit was reached. */
  readonly overflow: number;
  /** KMS records passed over unread because their text does not name the analysed key (see `mayConcern`). */
  readonly unread: number;
  /** Unusable records by reason. */
  readonly skipped: Readonly<Record<string, number>>;
  /** Time of the oldest and newest KMS event read (epoch ms). */
  readonly first?: number;
  readonly last?: number;
}

/** The activity of one key. */
export interface KeyActivity {
  /** The key ARN, or the alias ARN when the trail never says which key an alias names. */
  readonly key: string;
  readonly keyKnown: boolean;
  /** Aliases seen naming the key. */
  readonly aliases: readonly string[];
  readonly events: number;
  readonly first?: number;
  readonly last?: number;
  /** Groups by principal and operation, most events first. */
  readonly groups: readonly ActivityGroup[];
}

/** What the aggregator found. */
export interface ActivitySummary {
  readonly stats: ActivityStats;
  /** Keys by number of events (only the analysed key when one was given). */
  readonly keys: readonly KeyActivity[];
  /** The analysed key, when one was given. */
  readonly target?: string;
  readonly since?: number;
  readonly until?: number;
  /** Aliases seen naming different keys over time (read as the key they named last). */
  readonly movedAliases: readonly string[];
  /** Aliases the trail never maps to a key, with their events (when a key was given). */
  readonly unresolvedAliases: readonly { readonly alias: string; readonly events: number }[];
  /** The most groups kept (`maxGroups`): events of further groups are counted as overflow, not analysed. */
  readonly groupLimit: number;
}

/** The most groups kept by default: a group holds counts, sessions and samples (KBs), so memory stays at a few hundred MB. */
export const DEFAULT_MAX_GROUPS = 50_000;
const DEFAULT_SAMPLES = 8;

/** Folds CloudTrail records, one at a time, into per-key activity. */
export class ActivityAggregator {
  private readonly target: string | undefined;
  private readonly aliasMap = new AliasMap();
  private readonly buckets = new Map<string, Bucket>();
  private readonly pending = new Map<string, Bucket>();
  private readonly skipped = new Map<string, number>();
  private readonly maxGroups: number;
  private readonly samples: number;
  private groups = 0;
  private records = 0;
  private kmsEvents = 0;
  private attributed = 0;
  private otherKeys = 0;
  private otherServices = 0;
  private noKey = 0;
  private outsideWindow = 0;
  private overflow = 0;
  private unreadRecords = 0;
  private readonly keyId: string | undefined;
  private readonly cache = new RecordCache();
  /** Event name → its key-policy action. */
  private readonly actions = new Map<string, string | undefined>();
  /** Alias ARN → alias name. */
  private readonly aliasNames = new Map<string, string>();
  /** Scratch lists of one event's keys and unmapped aliases (reused: fold runs once per event). */
  private readonly eventKeys: string[] = [];
  private readonly eventAliases: string[] = [];
  private first: number | undefined;
  private last: number | undefined;

  constructor(private readonly options: ActivityOptions = {}) {
    this.maxGroups = options.maxGroups ?? DEFAULT_MAX_GROUPS;
    this.samples = options.samplesPerGroup ?? DEFAULT_SAMPLES;
    if (options.key !== undefined) {
      const arn = normaliseKeyArn(options.key);
      if (!arn) throw new RangeError(`not a key ARN: ${options.key}`);
      this.target = arn;
      this.keyId = arn.slice(arn.lastIndexOf('/') + 1);
      for (const a of options.aliases ?? []) {
        const alias = aliasArnFor(a, arn);
        if (alias) this.aliasMap.learn(alias, arn);
      }
    }
  }

  /** Offers one record (a parsed CloudTrail record). */
  add(record: unknown): void {
    this.take(readTrailRecord(record, this.cache));
  }

  /** Offers one record read member by member (from its JSON text; see RecordText). */
  addMembers(record: RecordMembers): void {
    this.take(readRecordMembers(record, this.cache));
  }

  private take(reading: RecordReading): void {
    this.records++;
    if (reading.kind === 'event') this.fold(reading.event);
    else if (reading.kind === 'other-service') this.otherServices++;
    else this.skip(reading.reason, false);
  }

  /**
   * Whether a record must be parsed, judged from its JSON text. A record that does not mention
   * `kms.amazonaws.com` is not a KMS event (its eventSource would say so). With a key given, a KMS record
   * concerns it only if it names the key's id (every key ARN and key id of it does), or an alias without naming
   * a key ARN (an alias-only call), or manages an alias (CreateAlias, UpdateAlias, DeleteAlias, alias resources:
   * what moves an alias matters). Any other record is counted here (as another service's, or as unread) and
   * `false` is returned: the caller skips parsing it, which is most of the cost of reading a trail.
   */
  mayConcern(text: string): boolean {
    if (this.keyId !== undefined && (text.includes(this.keyId) || (text.includes('alias/') && (!text.includes(':key/') || text.includes('Alias"')))))
      return true;
    if (!text.includes(KMS_EVENT_SOURCE)) {
      this.records++;
      this.otherServices++;
      return false;
    }
    if (this.keyId === undefined) return true;
    this.records++;
    this.unreadRecords++;
    return false;
  }

  /** Counts a record the caller could not even parse (`reason` says why); `counted: false` when add() already counted it. */
  skip(reason: string, counted = true): void {
    if (counted) this.records++;
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  /** Offers an event already read. */
  addEvent(event: TrailEvent): void {
    this.records++;
    this.fold(event);
  }

  private fold(e: TrailEvent): void {
    this.kmsEvents++;
    if (this.first === undefined || e.time < this.first) this.first = e.time;
    if (this.last === undefined || e.time > this.last) this.last = e.time;
    const { since, until } = this.options;
    if ((since !== undefined && e.time < since) || (until !== undefined && e.time > until)) {
      this.outsideWindow++;
      return;
    }
    if (e.refs.length === 0) {
      this.noKey++;
      return;
    }
    this.learnAliases(e);
    // The keys the event names (an alias naming the key the trail maps it to), and the aliases never mapped.
    const keys = this.eventKeys;
    const unresolved = this.eventAliases;
    keys.length = 0;
    unresolved.length = 0;
    for (const ref of e.refs) {
      const key = ref.kind === 'key' ? ref.arn : this.aliasMap.keyOf(ref.arn);
      if (key !== undefined) {
        if (!keys.includes(key)) keys.push(key);
      } else if (!unresolved.includes(ref.arn)) unresolved.push(ref.arn);
    }
    if (this.target !== undefined) {
      if (keys.includes(this.target)) this.attribute(this.bucket(this.buckets, this.target, true), e, this.target, false);
      else if (keys.length > 0) this.otherKeys++;
      else {
        // Held under the first alias it names (one event, one count), until the trail maps the alias.
        this.attribute(this.bucket(this.pending, unresolved[0]!, false), e, unresolved[0]!, true);
      }
      return;
    }
    for (const key of keys) this.attribute(this.bucket(this.buckets, key, true), e, key, false);
    if (keys.length === 0) for (const alias of unresolved) this.attribute(this.bucket(this.pending, alias, false), e, alias, true);
  }

  /** Whether a reference names `key` (a key ARN, or with `isAlias` an alias ARN held before it is mapped). */
  private names(ref: KeyReference, key: string, isAlias: boolean): boolean {
    if (isAlias) return ref.arn === key;
    return ref.kind === 'key' ? ref.arn === key : this.aliasMap.keyOf(ref.arn) === key;
  }

  /** Alias → key from CreateAlias / UpdateAlias, and from records that name an alias together with its key. */
  private learnAliases(e: TrailEvent): void {
    let alias: string | undefined;
    let key: string | undefined;
    let keys = 0;
    for (const ref of e.refs) {
      if (ref.kind === 'alias') alias ??= ref.arn;
      else if (ref.role === 'target' || ref.role === 'resource' || ref.role === 'keyId') {
        if (ref.arn !== key) keys++;
        key = ref.arn;
      }
    }
    if (alias === undefined || key === undefined || keys !== 1 || e.name === 'ReEncrypt' || e.errorCode !== undefined) return;
    if (e.name === 'DeleteAlias') return;
    this.aliasMap.learn(alias, key);
  }

  private bucket(map: Map<string, Bucket>, key: string, keyKnown: boolean): Bucket {
    let b = map.get(key);
    if (!b) map.set(key, (b = newBucket(key, keyKnown)));
    return b;
  }

  /** Folds an event into the bucket of `key` (a key ARN, or with `isAlias` an alias not mapped yet). */
  private attribute(b: Bucket, e: TrailEvent, key: string, isAlias: boolean): void {
    for (const ref of e.refs) if (ref.kind === 'alias' && this.names(ref, key, isAlias)) b.aliases.add(this.aliasNameOf(ref.arn));
    let kept: boolean;
    if (e.name !== 'ReEncrypt') kept = this.addToGroupOf(b, e, e.name, this.actionOf(e), false);
    else {
      kept = false;
      for (const op of reEncryptOperations(e, (r) => this.names(r, key, isAlias))) kept = this.addToGroupOf(b, e, op.operation, op.action, op.sameKey) || kept;
    }
    if (!kept) {
      this.overflow++;
      return;
    }
    if (b.keyKnown) this.attributed++;
    b.events++;
    if (e.time < b.first) b.first = e.time;
    if (e.time > b.last) b.last = e.time;
  }

  /** Adds an event to the group of its principal and `operation`; false when the group limit keeps it out. */
  private addToGroupOf(b: Bucket, e: TrailEvent, operation: string, action: string | undefined, sameKey: boolean): boolean {
    const principal = e.principal.id;
    let byOperation = b.byPrincipal.get(principal);
    if (!byOperation) b.byPrincipal.set(principal, (byOperation = new Map()));
    let g = byOperation.get(operation);
    if (!g) {
      if (this.groups >= this.maxGroups) return false;
      this.groups++;
      g = newGroup(e.principal, operation, action, e.time);
      byOperation.set(operation, g);
      b.groups.set(`${principal}\u0001${operation}`, g);
    }
    addToGroup(g, e, this.samples, sameKey);
    return true;
  }

  /** The key-policy action of an event; none for records that are not calls of an action (service events). */
  private actionOf(e: TrailEvent): string | undefined {
    if (e.eventType === 'AwsServiceEvent') return undefined;
    let action = this.actions.get(e.name);
    if (action === undefined && !this.actions.has(e.name)) {
      action = canonicalAction(`kms:${e.name}`.toLowerCase());
      if (this.actions.size >= 1000) this.actions.clear();
      this.actions.set(e.name, action);
    }
    return action;
  }

  private aliasNameOf(aliasArn: string): string {
    let name = this.aliasNames.get(aliasArn);
    if (name === undefined) {
      name = aliasName(aliasArn);
      if (this.aliasNames.size >= 10_000) this.aliasNames.clear();
      this.aliasNames.set(aliasArn, name);
    }
    return name;
  }

  /** The counts so far. */
  get stats(): ActivityStats {
    return {
      records: this.records,
      kmsEvents: this.kmsEvents,
      attributed: this.attributed,
      otherKeys: this.otherKeys,
      otherServices: this.otherServices,
      noKey: this.noKey,
      outsideWindow: this.outsideWindow,
      unresolvedAlias: 0,
      overflow: this.overflow,
      unread: this.unreadRecords,
      skipped: Object.fromEntries(this.skipped),
      ...(this.first !== undefined ? { first: this.first } : {}),
      ...(this.last !== undefined ? { last: this.last } : {}),
    };
  }

  /** Resolves aliases learnt late and returns the activity. The aggregator can keep taking records afterwards. */
  finish(): ActivitySummary {
    const buckets = new Map<string, Bucket>();
    for (const [k, b] of this.buckets) buckets.set(k, copyBucket(b, this.samples));
    const unresolved: { alias: string; events: number }[] = [];
    let unresolvedEvents = 0;
    let attributedLate = 0;
    let otherLate = 0;
    let keptAsAlias = 0;
    for (const [alias, p] of this.pending) {
      const key = this.aliasMap.keyOf(alias);
      if (key !== undefined && (this.target === undefined || key === this.target)) {
        const into = buckets.get(key) ?? newBucket(key, true);
        buckets.set(key, into);
        mergeBucket(into, p, this.samples);
        attributedLate += p.events;
      } else if (key !== undefined) {
        otherLate += p.events;
      } else if (this.target !== undefined) {
        unresolved.push({ alias: aliasName(alias), events: p.events });
        unresolvedEvents += p.events;
      } else {
        buckets.set(alias, copyBucket(p, this.samples));
        keptAsAlias += p.events;
      }
    }
    if (this.target !== undefined && !buckets.has(this.target)) {
      buckets.set(this.target, newBucket(this.target, true));
    }
    const keys = [...buckets.values()].map((b): KeyActivity => ({
      key: b.key,
      keyKnown: b.keyKnown,
      aliases: [...new Set([...b.aliases, ...(b.keyKnown ? this.aliasMap.aliasesOf(b.key).map(aliasName) : [])])].sort(),
      events: b.events,
      ...(b.events > 0 ? { first: b.first, last: b.last } : {}),
      groups: [...b.groups.values()].sort(
        (x, y) => y.count - x.count || x.principal.id.localeCompare(y.principal.id) || x.operation.localeCompare(y.operation),
      ),
    }));
    keys.sort((a, b) => b.events - a.events || a.key.localeCompare(b.key));
    const base = this.stats;
    return {
      stats: {
        ...base,
        attributed: base.attributed + attributedLate + keptAsAlias,
        otherKeys: base.otherKeys + otherLate,
        unresolvedAlias: unresolvedEvents,
      },
      keys,
      ...(this.target !== undefined ? { target: this.target } : {}),
      ...(this.options.since !== undefined ? { since: this.options.since } : {}),
      ...(this.options.until !== undefined ? { until: this.options.until } : {}),
      movedAliases: this.aliasMap.movedAliases().map(aliasName),
      unresolvedAliases: unresolved,
      groupLimit: this.maxGroups,
    };
  }
}

/** The operations a ReEncrypt performed on one key: ReEncryptFrom on its source and ReEncryptTo on its destination. */
function reEncryptOperations(e: TrailEvent, matches: (r: KeyReference) => boolean): { operation: string; action: string; sameKey: boolean }[] {
  const to = e.refs.some((r) => r.role === 'destination' && matches(r));
  const resources = e.refs.filter((r) => r.role === 'resource');
  const otherResource = resources.some((r) => !matches(r));
  const from = e.refs.some((r) => r.role === 'source' && matches(r)) || (resources.some(matches) && (!to || !otherResource));
  const sameKey = from && to;
  const out: { operation: string; action: string; sameKey: boolean }[] = [];
  if (from) out.push({ operation: 'ReEncryptFrom', action: 'kms:ReEncryptFrom', sameKey });
  if (to) out.push({ operation: 'ReEncryptTo', action: 'kms:ReEncryptTo', sameKey });
  if (out.length === 0) out.push({ operation: 'ReEncryptFrom', action: 'kms:ReEncryptFrom', sameKey: false });
  return out;
}
