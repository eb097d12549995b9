/**
 * One CloudTrail record → one KMS event, as the activity analysis needs it: when, which operation, who
 * (principal.ts), through which AWS service, whether it failed and why, and which keys it names
 * (keyRefs.ts). Records of other services are recognised cheaply and left alone; KMS records with missing
 * or malformed fields are refused with a reason the caller counts, never thrown.
 */
import { completeReference, partitionOfRegion, type KeyReference, type RecordPlace } from './keyRefs';
import { isServicePrincipal, readIdentity, type EventPrincipal, type IdentityProblem } from './principal';

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
  | 'not an object'
  | 'missing eventName'
  | 'missing or invalid eventTime'
  | 'missing awsRegion'
  | 'missing userIdentity'
  | 'userIdentity without arn';

/** The result of reading one record. */
export type RecordReading =
  | { readonly kind: 'event'; readonly event: TrailEvent }
  | { readonly kind: 'other-service' }
  | { readonly kind: 'skipped'; readonly reason: SkipReason | 'missing eventSource' };

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
  /** Role → reference text (with the place, for short forms) → completed reference (null: names no key). */
  readonly references = new Map<string, Map<string, KeyReference | null>>();
  /** Entries in `references`. */
  referenceCount = 0;
  /** Entries kept per map before it is cleared (a trail with endless distinct callers stays bounded). */
  readonly limit: number;
  constructor(limit = 10_000) {
    this.limit = limit;
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
  const source = r.eventSource;
  if (typeof source !== 'string' || source === '') return { kind: 'skipped', reason: 'missing eventSource' };
  if (source !== KMS_EVENT_SOURCE) return { kind: 'other-service' };
  const name = str(r.eventName);
  if (!name) return { kind: 'skipped', reason: 'missing eventName' };
  const timeText = r.eventTime;
  const time = typeof timeText === 'string' ? Date.parse(timeText) : NaN;
  if (Number.isNaN(time)) return { kind: 'skipped', reason: 'missing or invalid eventTime' };
  const region = str(r.awsRegion);
  if (!region) return { kind: 'skipped', reason: 'missing awsRegion' };
  const identity = obj(r.userIdentity);
  const principal = cache ? cachedIdentity(identity, cache) : readIdentity(identity);
  if (typeof principal === 'string') return { kind: 'skipped', reason: principal };
  const request = obj(r.requestParameters);
  const recipient = str(r.recipientAccountId);
  const partition = partitionFrom(r, region);
  const place: RecordPlace = { partition, region, account: recipient ?? principal.account };
  const sourceIp = str(r.sourceIPAddress);
  const errorCode = str(r.errorCode);
  const errorMessage = str(r.errorMessage);
  const eventType = str(r.eventType);
  const vpce = str(r.vpcEndpointId);
  const mfaText = obj(obj(identity?.sessionContext)?.attributes)?.mfaAuthenticated;
  const eventId = str(r.eventID);
  // One object shape for every event (absent fields are undefined): the aggregator's hot path stays monomorphic.
  const event: TrailEvent = {
    time,
    name,
    region,
    partition,
    principal,
    source: sourceOf(identity, principal, sourceIp),
    refs: referencesOf(r.resources, request, place, cache),
    errorCode,
    errorMessage,
    recipientAccount: recipient,
    eventType,
    request,
    sourceIp,
    vpcEndpointId: vpce,
    mfa: mfaText === 'true' || mfaText === true ? true : mfaText === 'false' || mfaText === false ? false : undefined,
    eventId,
  };
  return { kind: 'event', event };
}

function partitionFrom(r: Record<string, unknown>, region: string): string {
  const arn = str(obj(r.userIdentity)?.arn);
  if (arn?.startsWith('arn:')) {
    const end = arn.indexOf(':', 4);
    if (end > 4) return arn.slice(4, end);
  }
  return partitionOfRegion(region);
}

function cachedIdentity(identity: Record<string, unknown> | undefined, cache: RecordCache): EventPrincipal | IdentityProblem {
  if (!identity) return 'missing userIdentity';
  const arn = identity.arn;
  const issuerArn = obj(obj(identity.sessionContext)?.sessionIssuer)?.arn;
  // Users and sessions are told apart by their ARN (and, for a session, its role's ARN, which has the path).
  const id = typeof arn === 'string' && (identity.type === 'AssumedRole' || identity.type === 'IAMUser')
    ? (typeof issuerArn === 'string' ? `${arn} ${issuerArn}` : arn)
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
function sourceOf(identity: Record<string, unknown> | undefined, principal: EventPrincipal, sourceIp: string | undefined): string {
  if (principal.kind === 'service') return 'direct';
  const invokedBy = str(identity?.invokedBy);
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
  const complete = (text: string, role: KeyReference['role']): KeyReference | undefined => {
    if (!cache) return completeReference(text, role, place);
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
  };
  if (Array.isArray(resources)) {
    for (const item of resources) {
      const arn = str(obj(item)?.ARN);
      if (!arn) continue;
      const ref = complete(arn, 'resource');
      if (ref) out.push(ref);
    }
  }
  if (request) {
    for (const [field, role] of REQUEST_REFS) {
      const v = request[field];
      if (typeof v !== 'string') continue;
      const ref = complete(v, role);
      if (ref) out.push(ref);
    }
  }
  return out;
}

/** The alias name a request named its key by (`kms:RequestAlias`), when it did. */
export function requestAlias(event: TrailEvent): string | undefined {
  const keyId = event.request?.keyId;
  if (typeof keyId !== 'string') return undefined;
  if (keyId.startsWith('alias/')) return keyId;
  const m = /:(alias\/.+)$/.exec(keyId);
  return m ? m[1] : undefined;
}
