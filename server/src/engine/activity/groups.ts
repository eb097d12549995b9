/**
 * Activity groups: the events of one key by one principal for one operation, folded as they arrive
 * (count, first and last seen, how they came in, how they failed) with a few distinct samples kept for the
 * simulator. A group holds no event beyond its samples, so memory grows with principals and operations,
 * not with the length of the trail.
 */
import { isAccessDenied, requestAlias, type TrailEvent } from './record';
import type { EventPrincipal } from './principal';

/** One event kept for replay through the simulator. */
export interface EventSample {
  readonly time: number;
  readonly principal: EventPrincipal;
  readonly source: string;
  readonly region: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly request?: Readonly<Record<string, unknown>>;
  readonly sourceIp?: string;
  readonly vpcEndpointId?: string;
  readonly mfa?: boolean;
  /** The alias the request named the key by. */
  readonly alias?: string;
  /** True when a ReEncrypt re-encrypted under the same key. */
  readonly sameKey?: boolean;
}

/** What happened to the events of a group. */
export interface ActivityGroup {
  readonly principal: EventPrincipal;
  /** The operation on this key: the event name, except ReEncrypt which is ReEncryptFrom or ReEncryptTo. */
  readonly operation: string;
  /** The key-policy action (`kms:Decrypt`); undefined for records that are not calls of an action (service events). */
  readonly action: string | undefined;
  count: number;
  /** Calls that succeeded. */
  succeeded: number;
  /** Calls refused for lack of permission (AccessDenied…). */
  denied: number;
  /** Calls that failed for another reason (DisabledException, NotFoundException…). */
  failed: number;
  first: number;
  last: number;
  /** First and last refused call (NaN when none). */
  deniedFirst: number;
  deniedLast: number;
  /** Calls per source: `direct`, or the AWS service that made them. */
  readonly sources: Map<string, number>;
  /** Failures per error code, with one message each. */
  readonly errors: Map<string, { count: number; message?: string }>;
  /** The first session names in name order (assumed roles, at most five), and how many other distinct names. */
  readonly sessions: Set<string>;
  moreSessions: number;
  /** Every distinct session name seen (up to SESSIONS_COUNTED), for the count of others: order-independent, as a query's is. */
  readonly sessionNames: Set<string>;
  /** Encryption-context keys seen in the requests (what a kms:EncryptionContextKeys condition would name). */
  readonly contextKeys: Set<string>;
  readonly samples: EventSample[];
  readonly sampleKeys: Set<string>;
}

const MAX_SESSIONS = 5;
/** Distinct session names counted exactly per group; beyond, each new name's events are not told apart (bounded memory). */
export const SESSIONS_COUNTED = 1000;

/** A new, empty group. */
export function newGroup(principal: EventPrincipal, operation: string, action: string | undefined, time: number): ActivityGroup {
  return {
    principal,
    operation,
    action,
    count: 0,
    succeeded: 0,
    denied: 0,
    failed: 0,
    first: time,
    last: time,
    deniedFirst: NaN,
    deniedLast: NaN,
    sources: new Map(),
    errors: new Map(),
    sessions: new Set(),
    moreSessions: 0,
    sessionNames: new Set(),
    contextKeys: new Set(),
    samples: [],
    sampleKeys: new Set(),
  };
}

/** Folds one event into its group; keeps it as a sample when it differs from those kept (up to `maxSamples`). */
export function addToGroup(g: ActivityGroup, e: TrailEvent, maxSamples: number, sameKey: boolean): void {
  g.count++;
  if (e.time < g.first) g.first = e.time;
  if (e.time > g.last) g.last = e.time;
  g.sources.set(e.source, (g.sources.get(e.source) ?? 0) + 1);
  const code = e.errorCode;
  if (code === undefined) g.succeeded++;
  else {
    if (isAccessDenied(code)) {
      g.denied++;
      if (!(e.time >= g.deniedFirst)) g.deniedFirst = e.time;
      if (!(e.time <= g.deniedLast)) g.deniedLast = e.time;
    } else g.failed++;
    const err = g.errors.get(code);
    if (err) err.count++;
    else g.errors.set(code, { count: 1, ...(e.errorMessage ? { message: e.errorMessage } : {}) });
  }
  const session = e.principal.session;
  if (session !== undefined) noteSession(g, session);
  const ec = e.request?.encryptionContext;
  if (typeof ec === 'object' && ec !== null && !Array.isArray(ec)) for (const k of Object.keys(ec)) g.contextKeys.add(k);
  // One sample per distinct row of the aggregate query (activityRows.ts): the first call of each.
  if (g.samples.length < maxSamples) {
    const key = sampleKey(e, sameKey);
    if (!g.sampleKeys.has(key)) {
      g.sampleKeys.add(key);
      g.samples.push(eventSample(e, sameKey));
    }
  }
}

/** Counts a session name: the five first in name order are named, the other distinct names counted. */
export function noteSession(g: ActivityGroup, session: string): void {
  if (g.sessionNames.has(session)) return;
  if (g.sessionNames.size >= SESSIONS_COUNTED) {
    g.moreSessions++;
    return;
  }
  g.sessionNames.add(session);
  if (g.sessions.size < MAX_SESSIONS) {
    g.sessions.add(session);
    return;
  }
  g.moreSessions++;
  let largest: string | undefined;
  for (const s of g.sessions) if (largest === undefined || s > largest) largest = s;
  if (largest !== undefined && session < largest) {
    g.sessions.delete(largest);
    g.sessions.add(session);
  }
}

/** Merges `from` into `into` (same principal and operation). */
export function mergeGroups(into: ActivityGroup, from: ActivityGroup, maxSamples: number): void {
  into.count += from.count;
  into.succeeded += from.succeeded;
  into.denied += from.denied;
  into.failed += from.failed;
  if (from.first < into.first) into.first = from.first;
  if (from.last > into.last) into.last = from.last;
  if (from.denied > 0) {
    if (!(from.deniedFirst >= into.deniedFirst)) into.deniedFirst = from.deniedFirst;
    if (!(from.deniedLast <= into.deniedLast)) into.deniedLast = from.deniedLast;
  }
  for (const [s, n] of from.sources) into.sources.set(s, (into.sources.get(s) ?? 0) + n);
  for (const [c, e] of from.errors) {
    const mine = into.errors.get(c);
    if (mine) mine.count += e.count;
    else into.errors.set(c, { ...e });
  }
  const uncounted = from.moreSessions - Math.max(0, from.sessionNames.size - from.sessions.size);
  for (const s of from.sessionNames) noteSession(into, s);
  into.moreSessions += Math.max(0, uncounted);
  for (const k of from.contextKeys) into.contextKeys.add(k);
  const keys = [...from.sampleKeys];
  for (let i = 0; i < from.samples.length && into.samples.length < maxSamples; i++) {
    const key = keys[i] ?? String(i);
    if (into.sampleKeys.has(key)) continue;
    into.sampleKeys.add(key);
    into.samples.push(from.samples[i]!);
  }
}

/**
 * What makes two events different samples: the dimensions of a row of the aggregate query (activityRows.ts) —
 * the kind of record, how the call came, where, how it ended, the encryption-context keys and a same-key
 * ReEncrypt — so records and aggregates keep the same samples (the first call of each row).
 */
function sampleKey(e: TrailEvent, sameKey: boolean): string {
  return `${e.eventType === 'AwsServiceEvent' ? 's' : 'c'}\u0001${e.source}\u0001${e.region}\u0001${e.errorCode ?? ''}\u0001${contextKeysOf(e.request)}\u0001${sameKey ? 1 : 0}`;
}

/** The sorted encryption-context keys of a request, as one text (what the aggregate query groups by). */
export function contextKeysOf(request: Readonly<Record<string, unknown>> | undefined): string {
  const ec = request?.encryptionContext;
  if (typeof ec !== 'object' || ec === null || Array.isArray(ec)) return '';
  return JSON.stringify(Object.keys(ec).sort());
}

/** The sample of one event (what the simulator needs of it). `sameKey`: a ReEncrypt under the same key. */
export function eventSample(e: TrailEvent, sameKey = false): EventSample {
  const alias = requestAlias(e);
  return {
    time: e.time,
    principal: e.principal,
    source: e.source,
    region: e.region,
    ...(e.errorCode ? { errorCode: e.errorCode } : {}),
    ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
    ...(e.request ? { request: e.request } : {}),
    ...(e.sourceIp ? { sourceIp: e.sourceIp } : {}),
    ...(e.vpcEndpointId ? { vpcEndpointId: e.vpcEndpointId } : {}),
    ...(e.mfa !== undefined ? { mfa: e.mfa } : {}),
    ...(alias ? { alias } : {}),
    ...(sameKey ? { sameKey } : {}),
  };
}
