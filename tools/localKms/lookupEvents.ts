/**
 * CloudTrail_20131101.LookupEvents over the endpoint's trail: one lookup attribute at most,
 * a time window (default and floor: the last 90 days), newest first, MaxResults 1–50 (default 50),
 * and NextToken paging bound to the query it came from.
 */
import { createHash } from 'node:crypto';
import { ServiceError } from './errors';
import { authorize, type OpContext } from './ops/context';
import type { Input } from './ops/input';
import type { TrailEvent, TrailStore } from './trail';

const DAY_MS = 86_400_000;

const ATTRIBUTES: Readonly<Record<string, (e: TrailEvent, value: string) => boolean>> = {
  EventId: (e, v) => e.eventId === v,
  EventName: (e, v) => e.eventName === v,
  ReadOnly: (e, v) => String(e.readOnly) === v,
  Username: (e, v) => e.username === v,
  ResourceType: (e, v) => e.resources.some((r) => r.type === v),
  ResourceName: (e, v) => e.resources.some((r) => r.name === v),
  EventSource: (e, v) => e.eventSource === v,
  AccessKeyId: (e, v) => e.accessKeyId === v,
};

function readTime(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new ServiceError('SerializationException', `${name} must be a timestamp.`);
  }
  return date;
}

function readFilter(input: Input): ((e: TrailEvent) => boolean) | undefined {
  const attributes = input.LookupAttributes;
  if (attributes === undefined || attributes === null) return undefined;
  if (!Array.isArray(attributes)) throw new ServiceError('SerializationException', 'LookupAttributes must be a list.');
  if (attributes.length === 0) return undefined;
  if (attributes.length > 1) {
    throw new ServiceError('InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
  }
  const attribute = attributes[0] as Record<string, unknown>;
  const test = typeof attribute?.AttributeKey === 'string' ? ATTRIBUTES[attribute.AttributeKey] : undefined;
  if (test === undefined) {
    throw new ServiceError('InvalidLookupAttributesException', `The lookup attribute key ${String(attribute?.AttributeKey)} is not valid.`);
  }
  const value = attribute.AttributeValue;
  if (typeof value !== 'string' || value.length < 1 || value.length > 2000) {
    throw new ServiceError('InvalidLookupAttributesException', 'The lookup attribute value must be 1 to 2000 characters.');
  }
  return (e) => test(e, value);
}

function queryFingerprint(input: Input): string {
  const { NextToken: _ignored, MaxResults: _max, ...query } = input;
  return createHash('sha256').update(JSON.stringify(query)).digest('hex').slice(0, 16);
}

/** Answers LookupEvents for the caller's account and the request's Region. */
export function lookupEvents(input: Input, ctx: OpContext, trail: TrailStore): Record<string, unknown> {
  authorize(ctx, 'cloudtrail:LookupEvents');
  const max = input.MaxResults ?? 50;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50) {
    throw new ServiceError('InvalidMaxResultsException', 'MaxResults must be an integer from 1 to 50.');
  }
  const floor = new Date(ctx.now.getTime() - 90 * DAY_MS);
  const start = readTime(input.StartTime, 'StartTime') ?? floor;
  const end = readTime(input.EndTime, 'EndTime') ?? ctx.now;
  if (start > end) throw new ServiceError('InvalidTimeRangeException', 'StartTime must be earlier than EndTime.');
  if (input.EventCategory !== undefined && input.EventCategory !== null && input.EventCategory !== 'insight') {
    throw new ServiceError('InvalidEventCategoryException', 'EventCategory must be insight.');
  }
  const filter = readFilter(input);
  const fingerprint = queryFingerprint(input);
  let events =
    input.EventCategory === 'insight'
      ? []
      : trail
          .eventsOf(ctx.caller.accountId, ctx.region)
          .filter((e) => e.eventTime >= start && e.eventTime >= floor && e.eventTime <= end && (filter === undefined || filter(e)));
  if (input.NextToken !== undefined && input.NextToken !== null) {
    const after = decodeToken(input.NextToken, fingerprint);
    const index = events.findIndex((e) => e.seq === after);
    if (index < 0) throw new ServiceError('InvalidNextTokenException', 'The NextToken is not valid.');
    events = events.slice(index + 1);
  }
  const page = events.slice(0, max);
  const last = page[page.length - 1];
  return {
    Events: page.map((e) => ({
      EventId: e.eventId,
      EventName: e.eventName,
      ReadOnly: String(e.readOnly),
      AccessKeyId: e.accessKeyId,
      EventTime: e.eventTime,
      EventSource: e.eventSource,
      Username: e.username === '' ? undefined : e.username,
      Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
      CloudTrailEvent: JSON.stringify(e.record),
    })),
    NextToken: events.length > max && last !== undefined ? encodeToken(last.seq, fingerprint) : undefined,
  };
}

function encodeToken(seq: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ s: seq, q: fingerprint })).toString('base64');
}

function decodeToken(token: unknown, fingerprint: string): number {
  const invalid = new ServiceError('InvalidNextTokenException', 'The NextToken is not valid for this query.');
  if (typeof token !== 'string') throw invalid;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { s?: unknown; q?: unknown };
    if (typeof decoded.s === 'number' && decoded.q === fingerprint) return decoded.s;
  } catch {
    // fall through
  }
  throw invalid;
}
