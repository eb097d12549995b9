/**
 * Aggregates as input: the rows of the aggregate query, analysed, give the same report as the records they
 * summarise (the property), and an answer that is not the query's is refused with its reason.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  ActivityAggregator,
  activityReport,
  aggregateRecords,
  AGGREGATE_COLUMNS,
  AggregateRowsError,
  keyActivityOf,
  readAggregateRows,
  summaryFromAggregates,
  type ActivityAggregateRow,
  type ActivityReportJson,
} from '../../../server/src/engine/activity';
import { parsePolicy } from '../../../server/src/engine/parse/parsePolicy';
import { asTexts, BASE, event, record } from './activityGenerators';
import { A, KEY, KEY_ID, X, rec, who } from './trailRecords';

function analyseRecords(records: readonly unknown[], policy: string | undefined, window: { since?: number; until?: number }): ActivityReportJson {
  const agg = new ActivityAggregator({ key: KEY, ...window });
  for (const r of records) agg.add(r);
  const summary = agg.finish();
  return activityReport(summary, keyActivityOf(summary)!, policy === undefined ? undefined : parsePolicy(policy), { tighten: policy !== undefined });
}

function analyseRows(rows: readonly ActivityAggregateRow[], policy: string | undefined, window: { since?: number; until?: number }): ActivityReportJson {
  const summary = summaryFromAggregates(rows, { key: KEY, ...window });
  return activityReport(summary, keyActivityOf(summary)!, policy === undefined ? undefined : parsePolicy(policy), { tighten: policy !== undefined });
}

/** The report without the input counts (records of other keys and services are not in an aggregate by design). */
function analysis(r: ActivityReportJson): Omit<ActivityReportJson, 'counts'> & { events: number } {
  const { counts, ...rest } = r;
  return { ...rest, events: counts.events };
}

const statements = (withRoot: boolean): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      ...(withRoot ? [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }] : []),
      {
        Sid: 'Use',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${A}:role/AppServer`, `arn:aws:iam::${X}:role/Partner`] },
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Resource: '*',
      },
      {
        Sid: 'ViaS3',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': A } },
      },
      {
        Sid: 'Tenant',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${A}:role/Batch` },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:Tenant': 'a' } },
      },
      {
        Sid: 'FromOffice',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${A}:user/alice` },
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
      { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:GenerateDataKey', Resource: '*' },
    ],
  });
/** No policy, the policy with the account's root (delegation explains most calls), and without it (conditions decide). */
const policies = [undefined, statements(true), statements(false)];

describe('aggregates analysed = records analysed', () => {
  test('property: the report of aggregateRecords(records) is the report of the records (counts of other inputs aside)', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 80 }),
        fc.constantFrom(...policies),
        fc.constantFrom({}, { since: BASE + 10 * 60_000 }, { since: BASE + 5 * 60_000, until: BASE + 30 * 60_000 }),
        (specs, policy, window) => {
          const records = specs.map(record);
          const rows = aggregateRecords(records, { key: KEY, ...window });
          const read = readAggregateRows(AGGREGATE_COLUMNS, asTexts(rows), 'athena');
          assert.deepEqual(read, rows, 'rows read back from texts');
          assert.deepEqual(analysis(analyseRows(read, policy, window)), analysis(analyseRecords(records, policy, window)));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('many sessions of a role: five named in name order, the other distinct names counted, as the records say', () => {
    const records = Array.from({ length: 30 }, (_, i) =>
      rec({ name: 'Decrypt', who: who.session('AppServer', `i-${String((i * 7) % 12).padStart(2, '0')}`), time: new Date(BASE + i * 1000).toISOString() }),
    );
    const fromRows = analyseRows(aggregateRecords(records, { key: KEY }), undefined, {});
    const fromRecords = analyseRecords(records, undefined, {});
    assert.deepEqual(fromRows.activity[0]!.sessions, ['i-00', 'i-01', 'i-02', 'i-03', 'i-04']);
    assert.equal(fromRows.activity[0]!.moreSessions, 7);
    assert.deepEqual(analysis(fromRows), analysis(fromRecords));
  });

  test('a same-key ReEncrypt is one event in two groups, from both sources', () => {
    const r = rec({ name: 'ReEncrypt', who: who.session('AppServer', 's'), resources: [KEY], params: { destinationKeyId: KEY_ID } });
    const rows = aggregateRecords([r], { key: KEY });
    assert.deepEqual(
      rows.map((x) => [x.operation, x.sameKey, x.calls]),
      [
        ['ReEncryptFrom', true, 1],
        ['ReEncryptTo', true, 1],
      ],
    );
    const report = analyseRows(rows, undefined, {});
    assert.equal(report.counts.events, 1);
    assert.deepEqual(report.activity.map((g) => g.operation).sort(), ['ReEncryptFrom', 'ReEncryptTo']);
  });
});

describe('an answer that is not the aggregate query is refused', () => {
  const row = asTexts(aggregateRecords([rec({ name: 'Decrypt', who: who.user('alice') })], { key: KEY }))[0]!;
  const refuse = (columns: readonly string[], rows: (string | null)[][], message: string): void =>
    assert.throws(
      () => readAggregateRows(columns, rows, 'athena'),
      (e: unknown) => e instanceof AggregateRowsError && e.message === message,
    );

  test('unexpected columns', () => {
    const columns = [...AGGREGATE_COLUMNS.slice(0, -1), 'sessions_total'];
    refuse(columns, [row], `The query answered the columns ${columns.join(', ')}; expected ${AGGREGATE_COLUMNS.join(', ')}.`);
    refuse(
      AGGREGATE_COLUMNS.slice(1),
      [row],
      `The query answered the columns ${AGGREGATE_COLUMNS.slice(1).join(', ')}; expected ${AGGREGATE_COLUMNS.join(', ')}.`,
    );
  });

  test('values of the wrong shape', () => {
    const at = (i: number, v: string | null): (string | null)[] => row.map((x, k) => (k === i ? v : x));
    refuse(AGGREGATE_COLUMNS, [at(12, '12.5')], 'Row 1 of the query answer: calls is not a whole number: 12.5.');
    refuse(AGGREGATE_COLUMNS, [at(12, '0')], 'Row 1 of the query answer: calls is below 1.');
    refuse(AGGREGATE_COLUMNS, [at(0, null)], 'Row 1 of the query answer: principal_key is empty.');
    refuse(AGGREGATE_COLUMNS, [at(11, 'yes')], 'Row 1 of the query answer: same_key is not true or false: yes.');
    refuse(AGGREGATE_COLUMNS, [at(15, '["a"]')], 'Row 1 of the query answer: exemplar is not a list of 7 texts.');
    refuse(AGGREGATE_COLUMNS, [at(10, '{"a":1}')], 'Row 1 of the query answer: context_keys is not a list of texts.');
    refuse(AGGREGATE_COLUMNS, [row.slice(1)], `Row 1 of the query answer: the row has ${row.length - 1} values, not ${row.length}.`);
  });

  test("CloudTrail Lake's request parameters (a map of texts) are read back as the record's values", () => {
    const lake = row.map((x, k) =>
      k === 15
        ? JSON.stringify([null, null, null, null, null, null, JSON.stringify({ keyId: KEY, encryptionContext: '{"Tenant":"a"}', pendingWindowInDays: '7' })])
        : x,
    );
    const [read] = readAggregateRows(AGGREGATE_COLUMNS, [lake], 'lake');
    assert.deepEqual(read!.exemplar.request, { keyId: KEY, encryptionContext: { Tenant: 'a' }, pendingWindowInDays: 7 });
  });
});
