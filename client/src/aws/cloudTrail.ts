/**
 * A key's CloudTrail history: LookupEvents filtered on the key ARN as resource name, paged to the
 * end (or to `maxEvents`). CloudTrail keeps 90 days of management events per Region and answers
 * about 2 lookups per second per account, so the SDK's retries absorb throttling.
 */
import { LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { call, type SessionClients } from './clients';
import type { KeyEvent, KeyEventsResult } from './types';

/** Options of `lookupKeyEvents`. */
export interface LookupKeyEventsOptions {
  /** Oldest event time; CloudTrail's own floor (90 days) applies when absent. */
  readonly since?: Date;
  /** Newest event time; now when absent. */
  readonly until?: Date;
  readonly signal?: AbortSignal;
  /** Called after each page with the number of events so far. */
  readonly onProgress?: (eventsSoFar: number) => void;
  /** Stop after this many events (default 5000). */
  readonly maxEvents?: number;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Turns one LookupEvents entry into a {@link KeyEvent}, reading its CloudTrail record when it parses. */
export function toKeyEvent(e: Event): KeyEvent {
  let record: Record<string, unknown> | undefined;
  try {
    record = obj(JSON.parse(e.CloudTrailEvent ?? ''));
  } catch {
    record = undefined;
  }
  const identity = obj(record?.userIdentity);
  const parameters = obj(record?.requestParameters);
  const context = obj(parameters?.encryptionContext);
  return {
    eventId: e.EventId ?? str(record?.eventID) ?? '',
    time: e.EventTime ?? new Date(str(record?.eventTime) ?? 0),
    name: e.EventName ?? str(record?.eventName) ?? '',
    source: e.EventSource ?? str(record?.eventSource) ?? '',
    username: e.Username,
    accessKeyId: e.AccessKeyId,
    readOnly: e.ReadOnly === undefined ? undefined : e.ReadOnly === 'true',
    identityType: str(identity?.type),
    principalArn: str(identity?.arn),
    principalAccount: str(identity?.accountId),
    invokedBy: str(identity?.invokedBy),
    sourceIp: str(record?.sourceIPAddress),
    userAgent: str(record?.userAgent),
    errorCode: str(record?.errorCode),
    errorMessage: str(record?.errorMessage),
    encryptionContext:
      context === undefined
        ? undefined
        : Object.fromEntries(Object.entries(context).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    record,
  };
}

/** Looks up the CloudTrail events whose resource is `keyArn`, newest first, in the key's Region. */
export async function lookupKeyEvents(clients: SessionClients, keyArn: string, options: LookupKeyEventsOptions = {}): Promise<KeyEventsResult> {
  const region = keyArn.split(':')[3];
  if (!keyArn.startsWith('arn:') || region === undefined || region === '') {
    throw new TypeError(`lookupKeyEvents needs a key ARN (arn:aws:kms:<region>:<account>:key/<id>); got ${keyArn}`);
  }
  const max = options.maxEvents ?? 5000;
  const client = clients.cloudTrail(region);
  const events: KeyEvent[] = [];
  let token: string | undefined;
  do {
    const out = await call(
      'cloudtrail:LookupEvents',
      (o) =>
        client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: keyArn }],
            StartTime: options.since,
            EndTime: options.until,
            MaxResults: 50,
            NextToken: token,
          }),
          o,
        ),
      options.signal,
    );
    for (const e of out.Events ?? []) {
      if (events.length >= max) return { events, truncated: true };
      events.push(toKeyEvent(e));
    }
    options.onProgress?.(events.length);
    token = out.NextToken;
  } while (token !== undefined && token !== '');
  return { events, truncated: false };
}
