/**
 * The aggregate activity query run for real: the exact SQL the extension and the CLI send goes through the
 * SDK to the local endpoint's CloudTrail Lake and Athena, which execute it with DuckDB over the seeded trail
 * laid out as the documented tables. Its answer must be the rows aggregateRecords computes from the same
 * records, and a failure must come back with AWS's reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AthenaClient } from '@aws-sdk/client-athena';
import fc from 'fast-check';
import { BASE, event, record } from '../engine/activity/activityGenerators';
import { createAwsSession } from '../../client/src/aws';
import { activityQuery, type ActivitySqlSource } from '../../shared/activityQuery';
import { athenaCostUsd, QueryCancelledError, QueryFailedError, runAthenaQuery, runLakeQuery } from '../../shared/activityRun';
import { aggregateRecords, readAggregateRows, summaryFromAggregates } from '../../server/src/engine';
import { LOCAL_EVENT_DATA_STORE } from '../../tools/localKms/queries';
import type { LocalKms } from '../../tools/localKms/server';
import { seedKeyId } from '../../tools/localKms/seed';
import { cloudTrailClient, fakeCredentials, IDS, startEndpoint } from './helpers';

const A = '111122223333';
const DAY = 86_400_000;
const arnOf = (name: string): string => `arn:aws:kms:us-east-1:${A}:key/${seedKeyId(name, false)}`;

let kms: LocalKms;
let slow: LocalKms;
before(async () => {
  kms = await startEndpoint({ seed: true });
  slow = await startEndpoint({ seed: true, queries: { minRunMillis: 60_000 } });
});
after(async () => {
  await kms.close();
  await slow.close();
});

const athena = (url: string, accessKeyId: string = IDS.dev): AthenaClient =>
  new AthenaClient({ endpoint: url, region: 'us-east-1', credentials: fakeCredentials(accessKeyId), maxAttempts: 1 });
const LAKE: ActivitySqlSource = { kind: 'lake', eventDataStore: LOCAL_EVENT_DATA_STORE };
const ATHENA: ActivitySqlSource = {
  kind: 'athena',
  workgroup: 'primary',
  database: 'default',
  table: 'cloudtrail_logs',
  partitions: ['timestamp', 'region', 'account'],
};

function expected(keyArn: string, since: Date, until: Date): ReturnType<typeof aggregateRecords> {
  const records = kms.trail.eventsOfAccount(A).map((e) => e.record);
  return aggregateRecords(records, { key: keyArn, since: since.getTime(), until: until.getTime() });
}

async function run(source: ActivitySqlSource, keyArn: string, since: Date, until: Date, on: LocalKms = kms) {
  const sql = activityQuery(source, { keyArn, since, until });
  return source.kind === 'lake'
    ? runLakeQuery(cloudTrailClient(on.url), source.eventDataStore, sql, { pollMillis: 20 })
    : runAthenaQuery(athena(on.url), { workgroup: source.workgroup, database: source.database }, sql, { pollMillis: 20 });
}

describe('the aggregate query answers what aggregateRecords computes from the same records', () => {
  for (const source of [LAKE, ATHENA]) {
    for (const name of ['app-data', 'partner-shared', 'cloudtrail-logs', 'legacy-open']) {
      test(`${source.kind}: ${name}, the last 60 days`, async () => {
        const until = new Date();
        const since = new Date(until.getTime() - 61 * DAY);
        const answer = await run(source, arnOf(name), since, until);
        const rows = readAggregateRows(answer.columns, answer.rows, source.kind);
        const want = expected(arnOf(name), since, until);
        assert.ok(want.length > 0, 'the seeded trail has events of the key');
        assert.deepEqual(rows, want);
      });
    }
  }

  test('a shorter window: fewer rows, the same as aggregateRecords over it', async () => {
    const until = new Date(Date.now() - 20 * DAY);
    const since = new Date(until.getTime() - 10 * DAY);
    for (const source of [LAKE, ATHENA]) {
      const answer = await run(source, arnOf('app-data'), since, until);
      const rows = readAggregateRows(answer.columns, answer.rows, source.kind);
      assert.deepEqual(rows, expected(arnOf('app-data'), since, until));
      const all = summaryFromAggregates(rows, { key: arnOf('app-data') }).keys[0]!;
      assert.ok(all.events > 0 && all.first! >= since.getTime() && all.last! <= until.getTime());
    }
  });

  test('Athena reports what it scanned and its estimated price', async () => {
    const answer = await run(ATHENA, arnOf('app-data'), new Date(Date.now() - 61 * DAY), new Date());
    assert.ok(answer.bytesScanned! > 10_000, `scanned ${answer.bytesScanned}`);
    assert.equal(answer.costUsd, athenaCostUsd(answer.bytesScanned!));
    assert.ok(Math.abs(athenaCostUsd(answer.bytesScanned!) - (10 * 1024 * 1024 * 5) / 1e12) < 1e-12, 'the 10 MB minimum is charged');
    assert.ok(Math.abs(athenaCostUsd(2e12) - 10) < 1e-9, '5 USD per TB');
  });
});

describe('failures come back with their reason', () => {
  test('an unknown event data store', async () => {
    const sql = activityQuery(
      { kind: 'lake', eventDataStore: 'EXAMPLE1-aaaa-bbbb-cccc-dddddddddddd' },
      { keyArn: arnOf('app-data'), since: new Date(0), until: new Date() },
    );
    await assert.rejects(runLakeQuery(cloudTrailClient(kms.url), 'EXAMPLE1-aaaa-bbbb-cccc-dddddddddddd', sql), (e: unknown) => {
      assert.ok(e instanceof QueryFailedError);
      assert.equal(e.reason, 'EventDataStoreNotFoundException: The specified event data store EXAMPLE1-aaaa-bbbb-cccc-dddddddddddd was not found.');
      return true;
    });
  });

  test('a missing Athena table fails the query with the engine reason', async () => {
    await assert.rejects(run({ ...ATHENA, table: 'no_such_table' } as ActivitySqlSource, arnOf('app-data'), new Date(0), new Date()), (e: unknown) => {
      assert.ok(e instanceof QueryFailedError);
      assert.equal(e.state, 'FAILED');
      assert.match(e.reason, /no_such_table/);
      return true;
    });
  });

  test('an unknown workgroup, and no permission', async () => {
    const sql = activityQuery(ATHENA, { keyArn: arnOf('app-data'), since: new Date(0), until: new Date() });
    await assert.rejects(
      runAthenaQuery(athena(kms.url), { workgroup: 'analysts', database: 'default' }, sql),
      /Athena: InvalidRequestException: WorkGroup analysts is not found\./,
    );
    kms.setDenyRules([{ action: 'athena:StartQueryExecution' }]);
    try {
      await assert.rejects(
        runAthenaQuery(athena(kms.url), { workgroup: 'primary', database: 'default' }, sql),
        /Athena: AccessDeniedException: User: .* is not authorized to perform: athena:StartQueryExecution/,
      );
    } finally {
      kms.setDenyRules([]);
    }
  });

  test('a query that is not ours: wrong columns are refused by the engine', async () => {
    const answer = await runLakeQuery(
      cloudTrailClient(kms.url),
      LOCAL_EVENT_DATA_STORE,
      `SELECT eventname, count(*) AS calls FROM ${LOCAL_EVENT_DATA_STORE} GROUP BY eventname`,
      { pollMillis: 20 },
    );
    assert.deepEqual(answer.columns, ['eventname', 'calls']);
    assert.throws(() => readAggregateRows(answer.columns, answer.rows, 'lake'), /The query answered the columns eventname, calls; expected principal_key/);
  });

  test('a timeout stops the query on the endpoint', async () => {
    const sql = activityQuery(LAKE, { keyArn: arnOf('app-data'), since: new Date(0), until: new Date() });
    await assert.rejects(runLakeQuery(cloudTrailClient(slow.url), LOCAL_EVENT_DATA_STORE, sql, { pollMillis: 20, timeoutMillis: 100 }), (e: unknown) => {
      assert.ok(e instanceof QueryFailedError);
      assert.equal(e.state, 'TIMED_OUT');
      return true;
    });
  });
});

describe('cancellation stops the query on AWS', () => {
  for (const source of [LAKE, ATHENA]) {
    test(source.kind, async () => {
      const controller = new AbortController();
      const sql = activityQuery(source, { keyArn: arnOf('app-data'), since: new Date(0), until: new Date() });
      const states: string[] = [];
      const running =
        source.kind === 'lake'
          ? runLakeQuery(cloudTrailClient(slow.url), source.eventDataStore, sql, {
              pollMillis: 20,
              signal: controller.signal,
              onProgress: (s) => states.push(s),
            })
          : runAthenaQuery(athena(slow.url), { workgroup: 'primary', database: 'default' }, sql, {
              pollMillis: 20,
              signal: controller.signal,
              onProgress: (s) => states.push(s),
            });
      setTimeout(() => controller.abort(), 150);
      await assert.rejects(running, (e: unknown) => e instanceof QueryCancelledError);
      assert.ok(states.includes('RUNNING'));
      const stopped = slow.queries.states();
      assert.ok(stopped.includes('CANCELLED'), `states on the endpoint: ${stopped.join(', ')}`);
    });
  }
});

describe("the extension's AWS session runs the query", () => {
  test('queryKeyActivity on Lake and Athena, in the key Region, with progress', async () => {
    const aws = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.dev) });
    try {
      const until = new Date();
      const since = new Date(until.getTime() - 61 * DAY);
      for (const source of [LAKE, ATHENA]) {
        const states: string[] = [];
        const answer = await aws.queryKeyActivity(source, arnOf('partner-shared'), { since, until, pollMillis: 20, onProgress: (s) => states.push(s) });
        assert.equal(answer.source, source.kind);
        assert.ok(states.length > 0);
        assert.deepEqual(readAggregateRows(answer.columns, answer.rows, answer.source), expected(arnOf('partner-shared'), since, until));
      }
    } finally {
      aws.dispose();
    }
  });
});

describe('the query over generated records of every shape (ReEncrypt, services, accounts, service events, contexts)', () => {
  let gen: LocalKms;
  const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const records = fc.sample(fc.array(event, { minLength: 300, maxLength: 300 }), { seed: 18, numRuns: 1 })[0]!.map(record);
  before(async () => {
    gen = await startEndpoint();
    for (const r of records) {
      gen.trail.add({
        eventId: String(r.eventID),
        eventTime: new Date(String(r.eventTime)),
        eventName: String(r.eventName),
        eventSource: 'kms.amazonaws.com',
        accountId: A,
        region: String(r.awsRegion),
        username: '',
        readOnly: true,
        resources: [],
        record: r,
      });
    }
  });
  after(() => gen.close());

  for (const source of [LAKE, ATHENA]) {
    test(`${source.kind}: the answer is aggregateRecords over the same records`, async () => {
      const since = new Date(BASE);
      const until = new Date(BASE + 400 * 60_000);
      const answer = await run(
        { ...source, ...(source.kind === 'athena' ? { partitions: ['timestamp', 'account'] } : {}) } as ActivitySqlSource,
        KEY,
        since,
        until,
        gen,
      );
      const rows = readAggregateRows(answer.columns, answer.rows, source.kind);
      const want = aggregateRecords(records, { key: KEY, since: since.getTime(), until: until.getTime() });
      assert.ok(
        want.some((r) => r.operation === 'ReEncryptTo' && r.sameKey) &&
          want.some((r) => r.identityType === 'AWSService') &&
          want.some((r) => r.eventType === 'AwsServiceEvent'),
      );
      assert.deepEqual(rows, want);
    });
  }
});
