/**
 * Generated KMS records for the activity tests: callers of every kind, operations including ReEncrypt in each
 * of its shapes, calls through a service, refusals and failures, Regions, encryption contexts, service events,
 * records of another key; one minute apart, in time order (as a trail is read).
 */
import fc from 'fast-check';
import type { ActivityAggregateRow } from '../../../server/src/engine/activity';
import { KEY, KEY_ID, OTHER_KEY, X, rec, who } from './trailRecords';

const OTHER_ID = OTHER_KEY.slice(OTHER_KEY.lastIndexOf('/') + 1);
/** The time of the first generated record. */
export const BASE = Date.parse('2026-10-01T00:00:00Z');

const callers = [
  who.session('AppServer', 's1'),
  who.session('AppServer', 's2'),
  who.session('AppServer', 's3'),
  who.session('Batch', 'b'),
  who.session('Partner', 'p', X),
  who.user('alice'),
  who.user('mallory', '999988887777'),
  who.account(X, 'q'),
  who.service('logs.amazonaws.com'),
  who.root(),
];

/** One generated call. */
export const event = fc.record({
  caller: fc.constantFrom(...callers),
  name: fc.constantFrom('Decrypt', 'Decrypt', 'Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey', 'CreateGrant', 'ReEncrypt', 'RotateKeyOnDemand'),
  via: fc.constantFrom(undefined, undefined, 's3.amazonaws.com'),
  error: fc.constantFrom(undefined, undefined, undefined, 'AccessDenied', 'DisabledException'),
  region: fc.constantFrom('us-east-1', 'us-east-1', 'eu-west-1'),
  context: fc.constantFrom(undefined, { Tenant: 'a' }, { Tenant: 'b' }, { Tenant: 'a', App: 'x' }),
  otherKey: fc.constantFrom(false, false, false, true),
  serviceEvent: fc.boolean(),
  reEncrypt: fc.constantFrom('to-other', 'to-key', 'from-other', 'same-named'),
  sourceIp: fc.constantFrom('10.0.0.1', '203.0.113.9'),
});

/** What a generated call says. */
export type EventSpec = typeof event extends fc.Arbitrary<infer T> ? T : never;

/** The CloudTrail record of the `i`-th generated call. */
export function record(e: EventSpec, i: number): Record<string, unknown> {
  const time = new Date(BASE + i * 60_000).toISOString().replace('.000Z', 'Z');
  const error = e.error ? { error: e.error, message: `${e.error} ${i % 3}` } : {};
  if (e.name === 'ReEncrypt') {
    const params: Record<string, unknown> =
      e.reEncrypt === 'to-other'
        ? { destinationKeyId: OTHER_ID }
        : e.reEncrypt === 'to-key'
          ? { destinationKeyId: KEY_ID }
          : e.reEncrypt === 'from-other'
            ? { sourceKeyId: OTHER_KEY, destinationKeyId: KEY }
            : { sourceKeyId: KEY, destinationKeyId: KEY_ID };
    const resources = e.reEncrypt === 'to-key' || e.reEncrypt === 'same-named' ? [KEY] : [KEY, OTHER_KEY];
    return rec({ name: 'ReEncrypt', who: e.caller, time, resources, params, region: 'us-east-1', sourceIp: e.sourceIp, ...error });
  }
  return rec({
    name: e.name,
    who: e.caller,
    time,
    resources: [e.otherKey ? OTHER_KEY : KEY],
    params: { keyId: e.otherKey ? OTHER_KEY : KEY, ...(e.context ? { encryptionContext: e.context } : {}) },
    region: e.region,
    sourceIp: e.sourceIp,
    ...(e.via && e.caller.type !== 'AWSService' ? { via: e.via } : {}),
    ...(e.serviceEvent && e.name === 'RotateKeyOnDemand' ? { eventType: 'AwsServiceEvent' } : {}),
    ...error,
  });
}

/** Rows as GetQueryResults gives them: every value a text. */
export function asTexts(rows: readonly ActivityAggregateRow[]): (string | null)[][] {
  return rows.map((r) => [
    r.principalKey,
    r.identityType,
    r.accountId ?? null,
    r.invokedBy ?? null,
    r.issuerArn ?? null,
    r.operation,
    r.eventType ?? null,
    r.source,
    r.region,
    r.errorCode ?? null,
    JSON.stringify(r.contextKeys),
    String(r.sameKey),
    String(r.calls),
    String(r.first),
    String(r.last),
    JSON.stringify([
      r.exemplar.arn ?? null,
      r.exemplar.principalId ?? null,
      r.exemplar.sourceIp ?? null,
      r.exemplar.vpcEndpointId ?? null,
      r.exemplar.mfa === undefined ? null : String(r.exemplar.mfa),
      r.exemplar.errorMessage ?? null,
      r.exemplar.request ? JSON.stringify(r.exemplar.request) : null,
    ]),
    JSON.stringify(r.sessions),
    String(r.sessionCount),
  ]);
}
