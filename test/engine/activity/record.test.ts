/** Reading CloudTrail records: who called (sessions under their roles), how, which keys, and refusals of bad records. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isAccessDenied, readTrailRecord, type TrailEvent } from '../../../server/src/engine/activity';
import { eventTimeOf } from '../../../server/src/engine/activity/record';
import { A, ALIAS_ARN, KEY, KEY_ID, X, rec, who } from './trailRecords';

function event(raw: unknown): TrailEvent {
  const r = readTrailRecord(raw);
  assert.equal(r.kind, 'event', JSON.stringify(r));
  return (r as { event: TrailEvent }).event;
}

describe('who called', () => {
  test('an assumed-role session is its role (with the path the session issuer gives) and keeps the session', () => {
    const e = event(rec({ name: 'Decrypt', who: who.session('AppServer', 'i-0abc', A, '/service-role/') }));
    assert.deepEqual(e.principal, {
      id: `arn:aws:iam::${A}:role/service-role/AppServer`,
      kind: 'role',
      caller: `arn:aws:sts::${A}:assumed-role/AppServer/i-0abc`,
      account: A,
      session: 'i-0abc',
    });
  });

  test('a session without sessionContext is mapped to the role named in its ARN', () => {
    const e = event(rec({ name: 'Decrypt', who: { type: 'AssumedRole', arn: `arn:aws:sts::${A}:assumed-role/Batch/job-7`, accountId: A } }));
    assert.equal(e.principal.id, `arn:aws:iam::${A}:role/Batch`);
    assert.equal(e.principal.session, 'job-7');
  });

  test('users, root users and federated users are themselves', () => {
    assert.deepEqual(event(rec({ name: 'DescribeKey', who: who.user('alice') })).principal, {
      id: `arn:aws:iam::${A}:user/alice`,
      kind: 'user',
      caller: `arn:aws:iam::${A}:user/alice`,
      account: A,
    });
    assert.deepEqual(event(rec({ name: 'PutKeyPolicy', who: who.root() })).principal, {
      id: `arn:aws:iam::${A}:root`,
      kind: 'root',
      caller: `arn:aws:iam::${A}:root`,
      account: A,
    });
    assert.equal(event(rec({ name: 'Decrypt', who: who.federated('bob') })).principal.kind, 'federated-user');
  });

  test('a service acting as itself is its service principal, calling directly', () => {
    const e = event(rec({ name: 'GenerateDataKey', who: who.service('cloudtrail.amazonaws.com'), sourceIp: 'cloudtrail.amazonaws.com' }));
    assert.deepEqual(e.principal, { id: 'cloudtrail.amazonaws.com', kind: 'service', caller: 'cloudtrail.amazonaws.com' });
    assert.equal(e.source, 'direct');
  });

  test('a caller from another account recorded by account only stays "a principal of that account"', () => {
    const e = event(rec({ name: 'Decrypt', who: who.account(X, 'partner-etl') }));
    assert.deepEqual(e.principal, { id: `account:${X}`, kind: 'account', account: X });
    assert.equal(e.principal.caller, undefined);
  });

  test('a service event (no identity type) is the service that acted', () => {
    const e = event({ ...rec({ name: 'RotateKey', who: { accountId: A, invokedBy: 'kms.amazonaws.com' }, eventType: 'AwsServiceEvent' }) });
    assert.equal(e.principal.id, 'kms.amazonaws.com');
    assert.equal(e.eventType, 'AwsServiceEvent');
  });
});

describe('how the call came in', () => {
  test('invokedBy names the service that called for the principal', () => {
    assert.equal(event(rec({ name: 'Decrypt', who: who.session('App', 's'), via: 's3.amazonaws.com' })).source, 's3.amazonaws.com');
  });
  test('a service name as source address counts as the service, and "AWS Internal" is kept', () => {
    assert.equal(event(rec({ name: 'Decrypt', who: who.session('App', 's'), sourceIp: 'ec2.amazonaws.com' })).source, 'ec2.amazonaws.com');
    assert.equal(event(rec({ name: 'Decrypt', who: who.session('App', 's'), via: 'AWS Internal', sourceIp: 'AWS Internal' })).source, 'AWS Internal');
  });
  test('an address is a direct call', () => {
    assert.equal(event(rec({ name: 'Decrypt', who: who.user('alice'), sourceIp: '203.0.113.9' })).source, 'direct');
  });
});

describe('which keys', () => {
  test("resources, key ids, alias names and alias ARNs are completed to ARNs with the record's Region and the key owner's account", () => {
    const e = event(
      rec({
        name: 'ReEncrypt',
        who: who.session('App', 's', X),
        resources: [KEY.replace(KEY_ID, KEY_ID.toUpperCase()), ALIAS_ARN],
        params: { sourceKeyId: KEY_ID, destinationKeyId: 'alias/archive' },
      }),
    );
    assert.deepEqual(e.refs, [
      { kind: 'key', arn: KEY, role: 'resource' },
      { kind: 'alias', arn: ALIAS_ARN, role: 'resource' },
      { kind: 'key', arn: KEY, role: 'source' },
      { kind: 'alias', arn: `arn:aws:kms:us-east-1:${A}:alias/archive`, role: 'destination' },
    ]);
  });

  test('anything else in keyId names no key', () => {
    assert.deepEqual(event(rec({ name: 'Decrypt', who: who.user('alice'), resources: [], params: { keyId: 'not a key' } })).refs, []);
  });
});

describe('unusable records are refused with a reason, never thrown', () => {
  const base = rec({ name: 'Decrypt', who: who.user('alice') });
  const without = (field: string): Record<string, unknown> => {
    const copy = { ...base };
    delete copy[field];
    return copy;
  };
  test('each missing field has its reason', () => {
    assert.deepEqual(readTrailRecord(null), { kind: 'skipped', reason: 'not an object' });
    assert.deepEqual(readTrailRecord([base]), { kind: 'skipped', reason: 'not an object' });
    assert.deepEqual(readTrailRecord(without('eventSource')), { kind: 'skipped', reason: 'missing eventSource' });
    assert.deepEqual(readTrailRecord(without('eventName')), { kind: 'skipped', reason: 'missing eventName' });
    assert.deepEqual(readTrailRecord(without('eventTime')), { kind: 'skipped', reason: 'missing or invalid eventTime' });
    assert.deepEqual(readTrailRecord({ ...base, eventTime: 'yesterday' }), { kind: 'skipped', reason: 'missing or invalid eventTime' });
    assert.deepEqual(readTrailRecord(without('awsRegion')), { kind: 'skipped', reason: 'missing awsRegion' });
    assert.deepEqual(readTrailRecord(without('userIdentity')), { kind: 'skipped', reason: 'missing userIdentity' });
    assert.deepEqual(readTrailRecord({ ...base, userIdentity: { type: 'AssumedRole', accountId: A } }), {
      kind: 'skipped',
      reason: 'userIdentity without arn',
    });
  });

  test('records of other services are recognised without reading further', () => {
    assert.deepEqual(readTrailRecord({ eventSource: 's3.amazonaws.com' }), { kind: 'other-service' });
  });

  test('access refusals are told from other failures', () => {
    assert.equal(isAccessDenied('AccessDenied'), true);
    assert.equal(isAccessDenied('AccessDeniedException'), true);
    assert.equal(isAccessDenied('DisabledException'), false);
    assert.equal(isAccessDenied(undefined), false);
  });
});

describe('event times', () => {
  test("read as Date.parse reads them, CloudTrail's form and any other", () => {
    const pad = (n: number, w: number): string => String(n).padStart(w, '0');
    // CloudTrail's form, with every field over and beyond its range (month 13, 31 February, hour 24, year 0050…).
    const cloudTrail = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
      )
      .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}Z`);
    const other = fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string({ maxLength: 22 }),
      fc.constantFrom('2026-10-01T12:00:00+02:00', '2026-10-01 12:00:00Z', '2026-1O-01T12:00:00Z', '2026-10-01T12:00:00z'),
    );
    fc.assert(
      fc.property(fc.oneof(cloudTrail, other), (text) => {
        assert.ok(Object.is(eventTimeOf(text), Date.parse(text)), text);
      }),
      { numRuns: 2000 },
    );
    assert.equal(eventTimeOf('2024-02-29T23:59:59Z'), Date.UTC(2024, 1, 29, 23, 59, 59));
    assert.ok(Number.isNaN(eventTimeOf('2023-02-29T00:00:00Z')) === Number.isNaN(Date.parse('2023-02-29T00:00:00Z')));
  });
});
