/**
 * One CloudTrail record → one KMS event, as the activity analysis needs it: when, which operation, who
 * (principal.ts), through which AWS service, whether it failed and why, and which keys it names
 * (keyRefs.ts). A record is read member by member (recordText.ts): parsed already, or from its JSON text,
 * where only the members read are parsed and a caller's identity is read once per distinct text. Records of
 * other services are recognised cheaply and left alone; KMS records with missing or malformed fields are
 * refused with a reason the caller counts, never thrown.
 */
import { completeReference, partitionOfRegion, type KeyReference, type RecordPlace } from './keyRefs';
import { isServicePrincipal, readIdentity, type EventPrincipal, type IdentityProblem } from './principal';
import { ParsedMembers, TextMemo, type RecordMembers } from './recordText';

/** The `eventSource` of KMS records. */
export const KMS_EVENT_SOURCE = 'kms.amazonaws.com';

/** A KMS event read from a CloudTrail record. */
export interface TrailEvent {
  /** Epoch milliseconds. */
  readonly time: number;
  /** The API operation (`eventName`), e.g. `Decrypt`. */
  readonly name: string;
  readonly region: string;
  readonly partition: string;
  readonly principal: EventPrincipal;
  /** `direct`, the service principal that called on the principal's behalf (`s3.amazonaws.com`), or `AWS Internal`. */
  readonly source: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** Every key and alias the record names. */
  readonly refs: readonly KeyReference[];
  /** The account that owns the resource (`recipientAccountId`). */
  readonly recipientAccount?: string;
  /** `AwsApiCall`, `AwsServiceEvent`… */
  readonly eventType?: string;
  /** The request parameters as recorded (KMS never logs plaintext or ciphertext). */
  readonly request?: Readonly<Record<string, unknown>>;
  readonly sourceIp?: string;
  readonly vpcEndpointId?: string;
  /** `userIdentity.sessionContext.attributes.mfaAuthenticated`. */
  readonly mfa?: boolean;
  readonly eventId?: string;
}

/** Why a KMS record was not usable. */
export type SkipReason =
  'not an object' | 'missing eventName' | 'missing or invalid eventTime' | 'missing awsRegion' | 'missing userIdentity' | 'userIdentity without arn';

/** The result of reading one record. */
export type RecordReading =
  | { readonly kind: 'event'; readonly event: TrailEvent }
  | { readonly kind: 'other-service' }
  | { readonly kind: 'skipped'; readonly reason: SkipReason | 'missing eventSource' | 'invalid JSON' };

/** The top-level members a record is read from; a reader that parses records partially needs only these. */
export const RECORD_MEMBERS: readonly string[] = [
  'eventSource',
  'eventName',
  'eventTime',
  'awsRegion',
  'userIdentity',
  'requestParameters',
  'resources',
  'recipientAccountId',
  'sourceIPAddress',
  'errorCode',
  'errorMessage',
  'eventType',
  'vpcEndpointId',
  'eventID',
];

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * Memo of what records repeat (the same callers, the same key references), owned by whoever reads many
 * records in a row (the aggregator). Reading with a cache gives the same results, faster, and shares the
 * principal objects between events.
 */
export class RecordCache {
  /** Identity text → principal. */
  readonly principals = new Map<string, EventPrincipal | IdentityProblem>();
  /** userIdentity JSON text → what it says (records read from text repeat their callers' identities verbatim). */
  readonly identities: TextMemo<IdentityFacts>;
  /** `resources` JSON text → its value (most records of a key list the same resources; the value is only read). */
  readonly resources: TextMemo<unknown>;
  /** Role → reference text (with the place, for short forms) → completed reference (null: names no key). */
  readonly references = new Map<string, Map<string, KeyReference | null>>();
  /** Entries in `references`. */
  referenceCount = 0;
  /** Entries kept per map before it is cleared (a trail with endless distinct callers stays bounded). */
  readonly limit: number;
  constructor(limit = 10_000) {
    this.limit = limit;
    this.identities = new TextMemo(limit);
    this.resources = new TextMemo(limit);
  }
}

/** Whether an error code is an authorization failure (the caller was refused). */
export function isAccessDenied(code: string | undefined): boolean {
  return code !== undefined && /^(Client\.)?(AccessDenied|UnauthorizedOperation|UnauthorizedAccess)/.test(code);
}

/** Reads one CloudTrail record (the parsed JSON object). Never throws. */
export function readTrailRecord(raw: unknown, cache?: RecordCache): RecordReading {
  const r = obj(raw);
  if (!r) return { kind: 'skipped', reason: 'not an object' };
  return readRecordMembers(new ParsedMembers(r), cache);
}

/** Reads one CloudTrail record member by member. Never throws: a member that is not JSON refuses the record. */
export function readRecordMembers(r: RecordMembers, cache?: RecordCache): RecordReading {
  try {
    return readMembers(r, cache);
  } catch (e) {
    if (e instanceof SyntaxError) return { kind: 'skipped', reason: 'invalid JSON' };
    throw e;
  }
}

function readMembers(r: RecordMembers, cache: RecordCache | undefined): RecordReading {
  const source = r.value('eventSource');
  if (typeof source !== 'string' || source === '') return { kind: 'skipped', reason: 'missing eventSource' };
  if (source !== KMS_EVENT_SOURCE) return { kind: 'other-service' };
  const name = str(r.value('eventName'));
  if (!name) return { kind: 'skipped', reason: 'missing eventName' };
  const timeText = r.value('eventTime');
  const time = typeof timeText === 'string' ? eventTimeOf(timeText) : NaN;
  if (Number.isNaN(time)) return { kind: 'skipped', reason: 'missing or invalid eventTime' };
  const region = str(r.value('awsRegion'));
  if (!region) return { kind: 'skipped', reason: 'missing awsRegion' };
  const identity = identityOf(r, cache);
  const principal = identity.principal;
  if (typeof principal === 'string') return { kind: 'skipped', reason: principal };
  const request = obj(r.value('requestParameters'));
  const recipient = str(r.value('recipientAccountId'));
  const partition = identity.partition ?? partitionOfRegion(region);
  const place: RecordPlace = { partition, region, account: recipient ?? principal.account };
  const sourceIp = str(r.value('sourceIPAddress'));
  // One object shape for every event (absent fields are undefined): the aggregator's hot path stays monomorphic.
  const event: TrailEvent = {
    time,
    name,
    region,
    partition,
    principal,
    source: sourceOf(identity, principal, sourceIp),
    refs: referencesOf(cache ? r.memoised('resources', cache.resources, sameValue, undefined) : r.value('resources'), request, place, cache),
    errorCode: str(r.value('errorCode')),
    errorMessage: str(r.value('errorMessage')),
    recipientAccount: recipient,
    eventType: str(r.value('eventType')),
    request,
    sourceIp,
    vpcEndpointId: str(r.value('vpcEndpointId')),
    mfa: identity.mfa,
    eventId: str(r.value('eventID')),
  };
  return { kind: 'event', event };
}

function sameValue(value: unknown): unknown {
  return value;
}

/** What a record's userIdentity says, as reading the record needs it. */
interface IdentityFacts {
  readonly principal: EventPrincipal | IdentityProblem;
  /** The partition of the identity's ARN, when it has one. */
  readonly partition: string | undefined;
  readonly invokedBy: string | undefined;
  /** `sessionContext.attributes.mfaAuthenticated`. */
  readonly mfa: boolean | undefined;
}

/** The identity of a record (with a cache, remembered by its text when the record is read from text). */
function identityOf(r: RecordMembers, cache: RecordCache | undefined): IdentityFacts {
  if (!cache) {
    const identity = obj(r.value('userIdentity'));
    return identityFacts(identity, readIdentity(identity));
  }
  return r.memoised('userIdentity', cache.identities, readCachedIdentity, cache);
}

function readCachedIdentity(value: unknown, cache: RecordCache): IdentityFacts {
  const identity = obj(value);
  return identityFacts(identity, cachedIdentity(identity, cache));
}

function identityFacts(identity: Record<string, unknown> | undefined, principal: EventPrincipal | IdentityProblem): IdentityFacts {
  const arn = str(identity?.arn);
  const end = arn?.startsWith('arn:') ? arn.indexOf(':', 4) : -1;
  const mfa = obj(obj(identity?.sessionContext)?.attributes)?.mfaAuthenticated;
  return {
    principal,
    partition: end > 4 ? arn!.slice(4, end) : undefined,
    invokedBy: str(identity?.invokedBy),
    mfa: mfa === 'true' || mfa === true ? true : mfa === 'false' || mfa === false ? false : undefined,
  };
}

/**
 * The epoch milliseconds of an event time. CloudTrail writes `2026-10-01T12:00:00Z`, read here digit by
 * digit (Date.parse is a good part of the cost of a record); any other form, or a field out of range, is
 * left to Date.parse, so both ways agree.
 */
export function eventTimeOf(text: string): number {
  if (
    text.length === 20 &&
    text.charCodeAt(19) === 0x5a &&
    text.charCodeAt(4) === 0x2d &&
    text.charCodeAt(7) === 0x2d &&
    text.charCodeAt(10) === 0x54 &&
    text.charCodeAt(13) === 0x3a &&
    text.charCodeAt(16) === 0x3a
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    // Date.UTC reads years below 100 as 19xx: those go to Date.parse.
    if (
      year >= 100 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59
    ) {
      return Date.UTC(year, month - 1, day, hour, minute, second);
    }
  }
  return Date.parse(text);
}

/** The number `count` decimal digits at `at` make, or -1 when one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const d = text.charCodeAt(at + k) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function cachedIdentity(identity: Record<string, unknown> | undefined, cache: RecordCache): EventPrincipal | IdentityProblem {
  if (!identity) return 'missing userIdentity';
  const arn = identity.arn;
  const issuerArn = obj(obj(identity.sessionContext)?.sessionIssuer)?.arn;
  // Users and sessions are told apart by their ARN (and, for a session, its role's ARN, which has the path).
  const id =
    typeof arn === 'string' && (identity.type === 'AssumedRole' || identity.type === 'IAMUser')
      ? typeof issuerArn === 'string'
        ? `${arn} ${issuerArn}`
        : arn
      : `${String(identity.type)}|${String(arn)}|${String(identity.accountId)}|${String(identity.invokedBy)}|${String(identity.principalId)}|${String(issuerArn)}`;
  let p = cache.principals.get(id);
  if (p === undefined) {
    p = readIdentity(identity);
    if (cache.principals.size >= cache.limit) cache.principals.clear();
    cache.principals.set(id, p);
  }
  return p;
}

/**
 * How the call reached KMS: an AWS service acting for the principal (`invokedBy`, or a service name where
 * the source address would be), or a direct call. A service acting as itself calls directly.
 */
function sourceOf(identity: IdentityFacts, principal: EventPrincipal, sourceIp: string | undefined): string {
  if (principal.kind === 'service') return 'direct';
  const invokedBy = identity.invokedBy;
  if (invokedBy) return invokedBy;
  if (sourceIp && isServicePrincipal(sourceIp)) return sourceIp;
  return 'direct';
}

const REQUEST_REFS: readonly (readonly [string, KeyReference['role']])[] = [
  ['keyId', 'keyId'],
  ['sourceKeyId', 'source'],
  ['destinationKeyId', 'destination'],
  ['targetKeyId', 'target'],
  ['aliasName', 'aliasName'],
];

function referencesOf(resources: unknown, request: Record<string, unknown> | undefined, place: RecordPlace, cache: RecordCache | undefined): KeyReference[] {
  const out: KeyReference[] = [];
  if (Array.isArray(resources)) {
    for (const item of resources) {
      const arn = str(obj(item)?.ARN);
      if (!arn) continue;
      const ref = cache ? cachedReference(arn, 'resource', place, cache) : completeReference(arn, 'resource', place);
      if (ref) out.push(ref);
    }
  }
  if (request) {
    for (const [field, role] of REQUEST_REFS) {
      const v = request[field];
      if (typeof v !== 'string') continue;
      const ref = cache ? cachedReference(v, role, place, cache) : completeReference(v, role, place);
      if (ref) out.push(ref);
    }
  }
  return out;
}

/** completeReference, remembered. */
function cachedReference(text: string, role: KeyReference['role'], place: RecordPlace, cache: RecordCache): KeyReference | undefined {
  // An ARN completes the same anywhere; a key id or alias name depends on the record's Region and account.
  const id = text.startsWith('arn:') ? text : `${text}|${place.region}|${place.account ?? ''}|${place.partition}`;
  let byText = cache.references.get(role);
  if (!byText) cache.references.set(role, (byText = new Map()));
  let ref = byText.get(id);
  if (ref === undefined) {
    ref = completeReference(text, role, place) ?? null;
    if (cache.referenceCount >= cache.limit) {
      cache.references.clear();
      cache.referenceCount = 0;
      cache.references.set(role, (byText = new Map()));
    }
    byText.set(id, ref);
    cache.referenceCount++;
  }
  return ref ?? undefined;
}

/** The alias name a request named its key by (`kms:RequestAlias`), when it did. */
export function requestAlias(event: Pick<TrailEvent, 'request'>): string | undefined {
  const keyId = event.request?.keyId;
  if (typeof keyId !== 'string') return undefined;
  if (keyId.startsWith('alias/')) return keyId;
  const m = /:(alias\/.+)$/.exec(keyId);
  return m ? m[1] : undefined;
}
