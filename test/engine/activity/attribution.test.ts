/**
 * Attribution of events to a key (by ARN, key id, alias name or ARN, aliases learnt late or supplied) and
 * their grouping by principal (sessions under roles, callers of other accounts, services) and operation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ActivityAggregator, activityReport, type ActivityGroup, type ActivitySummary, type KeyActivity } from '../../../server/src/engine/activity';
import { A, ALIAS_ARN, KEY, KEY_ID, OTHER_KEY, X, rec, who } from './trailRecords';

const APP = `arn:aws:iam::${A}:role/AppServer`;

function run(records: readonly unknown[], options: ConstructorParameters<typeof ActivityAggregator>[0] = { key: KEY }): ActivitySummary {
  const agg = new ActivityAggregator(options);
  for (const r of records) agg.add(r);
  return agg.finish();
}

function keyOf(s: ActivitySummary, key = KEY): KeyActivity {
  const k = s.keys.find((x) => x.key === key);
  assert.ok(k, `no activity for ${key}`);
  return k;
}

function group(k: KeyActivity, principal: string, operation: string): ActivityGroup {
  const g = k.groups.find((x) => x.principal.id === principal && x.operation === operation);
  assert.ok(g, `no group ${principal} ${operation}; groups: ${k.groups.map((x) => `${x.principal.id} ${x.operation}`).join('; ')}`);
  return g;
}

describe('a key is recognised however the record names it', () => {
  test('key ARN in resources, bare key id, alias name with the key in resources, alias ARN', () => {
    const s = run([
      rec({ name: 'Decrypt', who: who.session('AppServer', 'a') }),
      rec({ name: 'Encrypt', who: who.session('AppServer', 'a'), resources: [], params: { keyId: KEY_ID } }),
      rec({ name: 'GenerateDataKey', who: who.session('AppServer', 'a'), params: { keyId: 'alias/app-orders' } }),
      rec({ name: 'Encrypt', who: who.session('AppServer', 'a'), resources: [], params: { keyId: ALIAS_ARN } }),
    ]);
    const k = keyOf(s);
    assert.equal(k.events, 4);
    assert.deepEqual(k.aliases, ['alias/app-orders']);
    assert.equal(group(k, APP, 'Encrypt').count, 2);
    assert.equal(s.stats.attributed, 4);
  });

  test('an alias moved to another key (UpdateAlias) names that key from then on', () => {
    const agg = new ActivityAggregator({ key: KEY });
    const records = [
      rec({ name: 'Encrypt', who: who.session('AppServer', 'a'), params: { keyId: 'alias/app-orders' } }),
      rec({
        name: 'UpdateAlias',
        who: who.user('alice'),
        resources: [ALIAS_ARN, OTHER_KEY],
        params: { aliasName: 'alias/app-orders', targetKeyId: OTHER_KEY },
      }),
      rec({ name: 'Encrypt', who: who.session('AppServer', 'a'), resources: [], params: { keyId: 'alias/app-orders' } }),
    ];
    for (const r of records) {
      if (agg.mayConcern(JSON.stringify(r))) agg.add(r);
    }
    const s = agg.finish();
    assert.equal(keyOf(s).events, 1);
    assert.equal(s.stats.otherKeys, 2);
    assert.deepEqual(s.movedAliases, ['alias/app-orders']);
  });

  test('events naming only an alias are held until the trail says which key it names (CreateAlias later on)', () => {
    const s = run([
      rec({ name: 'Encrypt', who: who.session('AppServer', 'a'), resources: [], params: { keyId: 'alias/late' } }),
      rec({ name: 'Encrypt', who: who.session('AppServer', 'a'), resources: [], params: { keyId: 'alias/late' } }),
      rec({ name: 'CreateAlias', who: who.user('alice'), resources: [], params: { aliasName: 'alias/late', targetKeyId: KEY_ID } }),
    ]);
    const k = keyOf(s);
    assert.equal(group(k, APP, 'Encrypt').count, 2);
    assert.equal(k.events, 3);
    assert.equal(s.stats.attributed, 3);
    assert.deepEqual(s.unresolvedAliases, []);
  });

  test("an alias the caller names as the key's counts; one never mapped is reported, not attributed", () => {
    const records = [rec({ name: 'Decrypt', who: who.user('bob'), resources: [], params: { keyId: 'alias/known-to-caller' } })];
    const withAlias = run(records, { key: KEY, aliases: ['alias/known-to-caller'] });
    assert.equal(keyOf(withAlias).events, 1);
    const without = run(records);
    assert.equal(keyOf(without).events, 0);
    assert.deepEqual(without.unresolvedAliases, [{ alias: 'alias/known-to-caller', events: 1 }]);
    assert.equal(without.stats.unresolvedAlias, 1);
  });

  test('events of other keys, other services and no key are counted, not kept', () => {
    const s = run([
      rec({ name: 'Decrypt', who: who.user('bob'), resources: [OTHER_KEY] }),
      rec({ name: 'ListAliases', who: who.user('bob'), resources: [], params: null }),
      { ...rec({ name: 'GetObject', who: who.user('bob') }), eventSource: 's3.amazonaws.com' },
      rec({ name: 'Decrypt', who: who.user('bob') }),
    ]);
    assert.deepEqual(
      { ...s.stats, skipped: undefined, first: undefined, last: undefined },
      {
        records: 4,
        kmsEvents: 3,
        attributed: 1,
        otherKeys: 1,
        otherServices: 1,
        noKey: 1,
        outsideWindow: 0,
        unresolvedAlias: 0,
        overflow: 0,
        unread: 0,
        skipped: undefined,
        first: undefined,
        last: undefined,
      },
    );
  });

  test('without a key, every key gets its activity, most events first', () => {
    const s = run(
      [
        rec({ name: 'Decrypt', who: who.user('bob'), resources: [OTHER_KEY] }),
        rec({ name: 'Decrypt', who: who.user('bob'), resources: [OTHER_KEY] }),
        rec({ name: 'Decrypt', who: who.user('bob') }),
      ],
      {},
    );
    assert.deepEqual(
      s.keys.map((k) => [k.key, k.events]),
      [
        [OTHER_KEY, 2],
        [KEY, 1],
      ],
    );
  });

  test('ReEncrypt is ReEncryptFrom on its source key and ReEncryptTo on its destination', () => {
    const reencrypt = rec({
      name: 'ReEncrypt',
      who: who.session('AppServer', 'a'),
      resources: [KEY, OTHER_KEY],
      params: { destinationKeyId: OTHER_KEY },
    });
    assert.deepEqual(
      keyOf(run([reencrypt])).groups.map((g) => g.operation),
      ['ReEncryptFrom'],
    );
    assert.deepEqual(
      keyOf(run([reencrypt], { key: OTHER_KEY }), OTHER_KEY).groups.map((g) => g.operation),
      ['ReEncryptTo'],
    );
    const sameKey = rec({ name: 'ReEncrypt', who: who.session('AppServer', 'a'), resources: [KEY], params: { destinationKeyId: KEY_ID } });
    const k = keyOf(run([sameKey]));
    assert.deepEqual(k.groups.map((g) => g.action).sort(), ['kms:ReEncryptFrom', 'kms:ReEncryptTo']);
    assert.equal(k.groups[0]!.samples[0]!.sameKey, true);
  });
});

describe('events are grouped by principal and operation', () => {
  test('sessions are grouped under their role, with a few session names kept', () => {
    const records = Array.from({ length: 8 }, (_, i) => rec({ name: 'Decrypt', who: who.session('AppServer', `i-${i}`), time: `2026-10-0${i + 1}T00:00:00Z` }));
    const g = group(keyOf(run(records)), APP, 'Decrypt');
    assert.equal(g.count, 8);
    assert.equal(g.sessions.size, 5);
    assert.equal(g.moreSessions, 3);
    assert.equal(new Date(g.first).toISOString(), '2026-10-01T00:00:00.000Z');
    assert.equal(new Date(g.last).toISOString(), '2026-10-08T00:00:00.000Z');
  });

  test('callers from other accounts: by their role when the trail names it, by account otherwise', () => {
    const k = keyOf(run([rec({ name: 'Decrypt', who: who.session('PartnerAnalytics', 'etl', X) }), rec({ name: 'Decrypt', who: who.account(X, 'etl') })]));
    assert.equal(group(k, `arn:aws:iam::${X}:role/PartnerAnalytics`, 'Decrypt').principal.account, X);
    assert.equal(group(k, `account:${X}`, 'Decrypt').principal.kind, 'account');
  });

  test('calls through a service are counted by source; refusals apart from other failures', () => {
    const k = keyOf(
      run([
        rec({ name: 'Decrypt', who: who.session('AppServer', 'a'), via: 's3.amazonaws.com' }),
        rec({ name: 'Decrypt', who: who.session('AppServer', 'a'), via: 's3.amazonaws.com' }),
        rec({ name: 'Decrypt', who: who.session('AppServer', 'a') }),
        rec({ name: 'Decrypt', who: who.session('AppServer', 'a'), error: 'AccessDenied', message: 'no', time: '2026-10-03T00:00:00Z' }),
        rec({ name: 'Decrypt', who: who.session('AppServer', 'a'), error: 'DisabledException', message: 'disabled' }),
      ]),
    );
    const g = group(k, APP, 'Decrypt');
    assert.deepEqual(
      [...g.sources],
      [
        ['s3.amazonaws.com', 2],
        ['direct', 3],
      ],
    );
    assert.deepEqual({ count: g.count, succeeded: g.succeeded, denied: g.denied, failed: g.failed }, { count: 5, succeeded: 3, denied: 1, failed: 1 });
    assert.deepEqual(
      [...g.errors],
      [
        ['AccessDenied', { count: 1, message: 'no' }],
        ['DisabledException', { count: 1, message: 'disabled' }],
      ],
    );
    assert.equal(new Date(g.deniedFirst).toISOString(), '2026-10-03T00:00:00.000Z');
  });

  test("the service's own events are grouped but are not calls of an action", () => {
    const g = keyOf(run([rec({ name: 'RotateKey', who: { accountId: A, invokedBy: 'kms.amazonaws.com' }, eventType: 'AwsServiceEvent' })])).groups[0]!;
    assert.equal(g.operation, 'RotateKey');
    assert.equal(g.action, undefined);
  });
});

describe('window, limits and robustness', () => {
  test('events outside the window are counted apart', () => {
    const s = run(
      [
        rec({ name: 'Decrypt', who: who.user('bob'), time: '2026-08-01T00:00:00Z' }),
        rec({ name: 'Decrypt', who: who.user('bob'), time: '2026-10-01T00:00:00Z' }),
      ],
      { key: KEY, since: Date.parse('2026-09-01T00:00:00Z') },
    );
    assert.equal(s.stats.outsideWindow, 1);
    assert.equal(keyOf(s).events, 1);
  });

  test('beyond the group limit, events are counted as overflow', () => {
    const records = Array.from({ length: 5 }, (_, i) => rec({ name: 'Decrypt', who: who.user(`u${i}`) }));
    const s = run(records, { key: KEY, maxGroups: 3 });
    assert.equal(keyOf(s).groups.length, 3);
    assert.equal(s.stats.overflow, 2);
    assert.equal(s.groupLimit, 3);
    assert.equal(run([]).groupLimit, 50_000);
  });

  test('the report of an overflowing trail is partial and names the limit and the events left out', () => {
    const records = Array.from({ length: 5 }, (_, i) => rec({ name: 'Decrypt', who: who.user(`u${i}`) }));
    const s = run(records, { key: KEY, maxGroups: 3 });
    const report = activityReport(s, keyOf(s), undefined);
    assert.equal(report.partial, true);
    assert.deepEqual(report.problems, [
      '2 events were not analysed: the trail has more than 3 pairs of principal and operation, the most the analysis keeps in memory; analyse a shorter window (since, until) to include them.',
    ]);
    assert.deepEqual([report.counts.events, report.counts.overflow], [3, 2]);
  });

  test('the text pre-filter passes records naming the key or an alias, and counts the rest without parsing them', () => {
    const agg = new ActivityAggregator({ key: KEY });
    assert.equal(agg.mayConcern(JSON.stringify(rec({ name: 'Decrypt', who: who.user('bob') }))), true);
    assert.equal(agg.mayConcern(JSON.stringify(rec({ name: 'Decrypt', who: who.user('bob'), resources: [], params: { keyId: 'alias/x' } }))), true);
    assert.equal(agg.mayConcern(JSON.stringify(rec({ name: 'Decrypt', who: who.user('bob'), resources: [OTHER_KEY] }))), false);
    assert.equal(agg.mayConcern(JSON.stringify({ eventSource: 's3.amazonaws.com', eventName: 'GetObject' })), false);
    // An alias used with another key's ARN in the record is that key's; an alias being moved is read whatever it names.
    assert.equal(
      agg.mayConcern(JSON.stringify(rec({ name: 'Decrypt', who: who.user('bob'), resources: [OTHER_KEY], params: { keyId: 'alias/other' } }))),
      false,
    );
    assert.equal(
      agg.mayConcern(
        JSON.stringify(
          rec({
            name: 'UpdateAlias',
            who: who.user('bob'),
            resources: [OTHER_KEY],
            params: { aliasName: 'alias/app-orders', targetKeyId: OTHER_KEY },
          }),
        ),
      ),
      true,
    );
    const stats = agg.finish().stats;
    assert.deepEqual([stats.records, stats.unread, stats.otherServices, stats.kmsEvents], [3, 2, 1, 0]);
    const everyKey = new ActivityAggregator({});
    assert.equal(everyKey.mayConcern(JSON.stringify(rec({ name: 'Decrypt', who: who.user('bob'), resources: [OTHER_KEY] }))), true);
    assert.equal(everyKey.mayConcern('{"eventSource":"ec2.amazonaws.com"}'), false);
    assert.equal(everyKey.finish().stats.otherServices, 1);
  });

  test('a bad key ARN is refused at once', () => {
    assert.throws(() => new ActivityAggregator({ key: 'alias/app' }), { name: 'RangeError', message: 'not a key ARN: alias/app' });
  });

  test('no record, however malformed, throws; every record is counted once', () => {
    const field = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
    );
    const recordish = fc.record(
      {
        eventSource: fc.oneof(fc.constant('kms.amazonaws.com'), field),
        eventName: fc.oneof(fc.constantFrom('Decrypt', 'ReEncrypt', 'CreateAlias'), field),
        eventTime: fc.oneof(fc.constant('2026-10-01T00:00:00Z'), field),
        awsRegion: fc.oneof(fc.constant('us-east-1'), field),
        userIdentity: fc.oneof(fc.constantFrom(who.user('a'), who.account(X), who.service('s3.amazonaws.com'), { type: 'AssumedRole' }), field),
        resources: fc.oneof(fc.constant([{ ARN: KEY }]), fc.array(fc.record({ ARN: field }), { maxLength: 2 }), field),
        requestParameters: fc.oneof(fc.record({ keyId: fc.oneof(fc.constantFrom(KEY_ID, 'alias/a', KEY), field), destinationKeyId: field }), field),
        errorCode: field,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(recordish, fc.anything()), { maxLength: 20 }), (records) => {
        const agg = new ActivityAggregator({ key: KEY, maxGroups: 5 });
        for (const r of records) agg.add(r);
        const s = agg.finish();
        const skipped = Object.values(s.stats.skipped).reduce((a, b) => a + b, 0);
        assert.equal(s.stats.records, records.length);
        assert.equal(s.stats.kmsEvents + s.stats.otherServices + skipped, records.length);
        assert.equal(
          s.stats.attributed + s.stats.otherKeys + s.stats.noKey + s.stats.outsideWindow + s.stats.unresolvedAlias + s.stats.overflow,
          s.stats.kmsEvents,
        );
      }),
      { numRuns: 300 },
    );
  });
});
