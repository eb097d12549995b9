/**
 * The endpoint's CloudTrail: one event per KMS call made against it (successful or not), plus any
 * seeded history, held per account and Region. Events carry the CloudTrail record as an object;
 * LookupEvents serializes it into the `CloudTrailEvent` JSON string, as CloudTrail does.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Caller } from './identities';

/** One recorded event. */
export interface TrailEvent {
  readonly eventId: string;
  readonly eventTime: Date;
  readonly eventName: string;
  readonly eventSource: string;
  /** Account whose trail holds the event. */
  readonly accountId: string;
  readonly region: string;
  /** CloudTrail's user name; empty for AWS services acting as themselves. */
  readonly username: string;
  readonly accessKeyId?: string;
  readonly readOnly: boolean;
  readonly resources: readonly { readonly type: string; readonly name: string }[];
  /** The CloudTrail record (eventVersion, userIdentity, requestParameters, …). */
  readonly record: Readonly<Record<string, unknown>>;
  /** Insertion order, to order events with equal times. */
  readonly seq: number;
}

/** Every event the endpoint has recorded. */
export class TrailStore {
  private readonly events: TrailEvent[] = [];
  private nextSeq = 1;

  /** Adds an event (seq is assigned here). */
  add(event: Omit<TrailEvent, 'seq'>): void {
    this.events.push({ ...event, seq: this.nextSeq++ });
  }

  /** Events of one account and Region, newest first. */
  eventsOf(accountId: string, region: string): TrailEvent[] {
    return this.events
      .filter((e) => e.accountId === accountId && e.region === region)
      .sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime() || b.seq - a.seq);
  }

  /** Every event held in one account's trail, all Regions, oldest first (the query tables' rows). */
  eventsOfAccount(accountId: string): TrailEvent[] {
    return this.events.filter((e) => e.accountId === accountId).sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime() || a.seq - b.seq);
  }

  /** Number of events held, all accounts and Regions. */
  get size(): number {
    return this.events.length;
  }
}

const READ_ONLY = /^(Describe|Get|List|Encrypt|Decrypt|GenerateDataKey|GenerateMac|VerifyMac|GenerateRandom|ReEncrypt|Sign|Verify)/;

/** Whether CloudTrail marks a KMS operation read-only (KMS marks its cryptographic calls so). */
export function isReadOnly(eventName: string): boolean {
  return READ_ONLY.test(eventName);
}

/** CloudTrail's `YYYY-MM-DDTHH:MM:SSZ` time format. */
export function trailTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A stable IAM-style unique id for a principal ARN (AIDA… for users, AROA… for roles). */
export function principalId(arn: string): string {
  const digest = createHash('sha256')
    .update(arn)
    .digest('hex')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 17);
  const session = /:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  if (session !== null) return `AROA${digest}:${session[1]}`;
  if (arn.endsWith(':root')) return arn.split(':')[4] ?? digest;
  return `AIDA${digest}`;
}

/** The CloudTrail `userIdentity` of a caller; `invokedBy` when an AWS service called on its behalf. */
export function userIdentity(caller: Caller, invokedBy?: string): Record<string, unknown> {
  if (caller.identityType === 'AWSService') return { type: 'AWSService', invokedBy: invokedBy ?? caller.userName };
  const identity: Record<string, unknown> = {
    type: caller.identityType,
    principalId: principalId(caller.arn),
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
  };
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller.arn);
  if (session !== null) {
    const roleArn = `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
    identity.sessionContext = {
      sessionIssuer: { type: 'Role', principalId: principalId(roleArn), arn: roleArn, accountId: session[2], userName: session[3] },
      attributes: { mfaAuthenticated: 'false' },
    };
  } else if (caller.identityType === 'IAMUser') {
    identity.userName = caller.userName;
  }
  if (invokedBy !== undefined) identity.invokedBy = invokedBy;
  return identity;
}

/** What {@link kmsEvent} needs to know about one call. */
export interface KmsCall {
  readonly caller: Caller;
  readonly region: string;
  readonly eventName: string;
  readonly time: Date;
  /** Account that owns the key(s) touched; the caller's when none. */
  readonly recipientAccountId: string;
  readonly resourceArns: readonly string[];
  readonly requestParameters: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly sourceIPAddress: string;
  readonly userAgent: string;
  readonly invokedBy?: string;
  readonly requestId?: string;
  readonly eventId?: string;
}

/** Builds the trail event of one KMS call, held in the trail of `accountId`. */
export function kmsEvent(call: KmsCall, accountId: string): Omit<TrailEvent, 'seq'> {
  const eventId = call.eventId ?? randomUUID();
  const readOnly = isReadOnly(call.eventName);
  const resources = call.resourceArns.map((arn) => ({
    type: arn.includes(':alias/') ? 'AWS::KMS::Alias' : 'AWS::KMS::Key',
    name: arn,
    accountId: arn.split(':')[4] ?? accountId,
  }));
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: userIdentity(call.caller, call.invokedBy),
    eventTime: trailTime(call.time),
    eventSource: 'kms.amazonaws.com',
    eventName: call.eventName,
    awsRegion: call.region,
    sourceIPAddress: call.sourceIPAddress,
    userAgent: call.userAgent,
    ...(call.errorCode !== undefined && { errorCode: call.errorCode, errorMessage: call.errorMessage ?? '' }),
    requestParameters: call.requestParameters,
    responseElements: call.responseElements ?? null,
    requestID: call.requestId ?? randomUUID(),
    eventID: eventId,
    readOnly,
    resources: resources.map((r) => ({ accountId: r.accountId, type: r.type, ARN: r.name })),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: call.recipientAccountId,
    eventCategory: 'Management',
  };
  return {
    eventId,
    eventTime: call.time,
    eventName: call.eventName,
    eventSource: 'kms.amazonaws.com',
    accountId,
    region: call.region,
    username: call.caller.identityType === 'AWSService' ? '' : call.caller.userName,
    accessKeyId: call.caller.accessKeyId === '' ? undefined : call.caller.accessKeyId,
    readOnly,
    resources: resources.map((r) => ({ type: r.type, name: r.name })),
    record,
  };
}

/**
 * CloudTrail's requestParameters for a KMS call: member names in camelCase, blobs (plaintext and
 * ciphertext) left out, as CloudTrail never logs them.
 */
export function requestParameters(input: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (name === 'Plaintext' || name === 'CiphertextBlob' || name === 'GrantTokens' || name === 'GrantToken') continue;
    out[name.charAt(0).toLowerCase() + name.slice(1)] = value;
  }
  return Object.keys(out).length === 0 ? null : out;
}
