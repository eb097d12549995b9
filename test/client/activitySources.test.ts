/** Which sources count a key's activity, from the settings, and how the Activity row says which one answered. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activityRow, sourceText } from '../../client/src/explorer/activityModel';
import { activitySourcesFrom } from '../../client/src/explorer/activitySources';
import type { ActivityReportJson } from '../../shared/protocol';

const EDS = 'EXAMPLE0-f852-4e8f-8bd1-bcf6cEXAMPLE';
const settings =
  (values: Record<string, unknown>) =>
  (name: string): unknown =>
    values[name];

describe('the activity sources from the settings', () => {
  test('by default: only LookupEvents, Lake and Athena being unconfigured', () => {
    assert.deepEqual(activitySourcesFrom(settings({})), { sources: [{ kind: 'lookup-events', label: 'CloudTrail LookupEvents' }], problems: [] });
  });

  test('configured sources in the order of kmsKeyPolicy.aws.activitySources', () => {
    const { sources, problems } = activitySourcesFrom(
      settings({
        activitySources: ['athena', 'cloudTrailLake', 'lookupEvents'],
        'cloudTrailLake.eventDataStore': `arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/${EDS}`,
        'athena.workgroup': 'analysts',
        'athena.database': 'cloudtrail',
        'athena.table': 'org_trail',
        'athena.partitions': ['timestamp', 'region', 'bogus'],
        'athena.outputLocation': 's3://query-results-bucket/kms/',
      }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(sources, [
      {
        kind: 'query',
        source: {
          kind: 'athena',
          workgroup: 'analysts',
          database: 'cloudtrail',
          table: 'org_trail',
          partitions: ['timestamp', 'region'],
          outputLocation: 's3://query-results-bucket/kms/',
        },
        label: 'Athena (analysts:cloudtrail.org_trail)',
        name: 'analysts:cloudtrail.org_trail',
      },
      { kind: 'query', source: { kind: 'lake', eventDataStore: EDS }, label: `CloudTrail Lake (${EDS})`, name: EDS },
      { kind: 'lookup-events', label: 'CloudTrail LookupEvents' },
    ]);
  });

  test('a setting that cannot go into a query leaves its source out, with why', () => {
    const { sources, problems } = activitySourcesFrom(
      settings({ 'cloudTrailLake.eventDataStore': "x' OR 1=1", 'athena.database': 'cloudtrail', 'athena.table': 'logs; DROP TABLE y' }),
    );
    assert.deepEqual(
      sources.map((s) => s.label),
      ['CloudTrail LookupEvents'],
    );
    assert.deepEqual(problems, [
      `CloudTrail Lake is not used: "x' OR 1=1" is not a CloudTrail Lake event data store id (8-4-4-4-12 letters and digits) or ARN.`,
      'Athena is not used: "logs; DROP TABLE y" is not a Glue table name (lowercase letters, digits and _).',
    ]);
  });

  test('LookupEvents left out of the order: no source at all when nothing else is configured', () => {
    assert.deepEqual(activitySourcesFrom(settings({ activitySources: ['cloudTrailLake'] })).sources, []);
  });
});

describe('the Activity row says which source answered', () => {
  const report = (source: ActivityReportJson['source'], partial = false): ActivityReportJson =>
    ({
      key: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      aliases: [],
      window: { since: '2026-09-01T00:00:00.000Z', until: '2026-10-01T00:00:00.000Z' },
      partial,
      problems: partial ? ['The event lookup stopped at its limit before the start of the window: older events are missing.'] : [],
      counts: {
        records: 10,
        kmsEvents: 10,
        events: 10,
        otherKeys: 0,
        otherServices: 0,
        noKey: 0,
        outsideWindow: 0,
        unresolvedAlias: 0,
        overflow: 0,
        unread: 0,
        skipped: {},
      },
      activity: [],
      deniedAttempts: [],
      failedCalls: [],
      notes: [],
      ...(source ? { source } : {}),
    }) as ActivityReportJson;

  test('Athena: what it scanned and its estimated price', () => {
    const r = report({
      kind: 'athena',
      name: 'primary:cloudtrail.org_trail',
      bytesScanned: 2_500_000_000,
      costUsd: 0.0125,
      skipped: [{ kind: 'lake', reason: 'AccessDeniedException: no' }],
    });
    assert.deepEqual(sourceText(r), [
      'Counted by Athena (primary:cloudtrail.org_trail) over 2026-09-01 – 2026-10-01; scanned 2,500 MB, about $0.01 (estimate: $5 per TB scanned).',
      'CloudTrail Lake did not answer: AccessDeniedException: no',
    ]);
    const row = activityRow({ status: 'loaded', report: r, days: 30, loadedAt: new Date() }, 30);
    assert.equal(row.description, '10 events · 0 callers · last 30 days · Athena ~$0.01');
  });

  test('LookupEvents stopped at its limit: the window is marked partial and tightening is said to be refused', () => {
    const r = report({ kind: 'lookup-events', name: 'us-east-1' }, true);
    const row = activityRow({ status: 'loaded', report: r, days: 90, loadedAt: new Date() }, 90);
    assert.equal(row.description, '10 events · 0 callers · last 90 days · LookupEvents · partial window');
    assert.match(String(row.tooltip), /The window is incomplete: no tightened policy is proposed on it\./);
  });
});
