/**
 * The text of the aggregate query, against the documented syntax it is sent to: Trino (Athena engine v3) and
 * CloudTrail Lake. The local endpoint runs it with DuckDB behind a few macros and rewrites (the dialect
 * differences DuckDB hides, docs/activity-sources.md); these tests pin what DuckDB cannot: that the text uses
 * the AWS spelling of each, and that no setting can put text of its own into it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ActivityQueryError, activityQuery, eventDataStoreId, parseAthenaTarget, type ActivitySqlSource } from '../../../shared/activityQuery';
import { TRINO_MACROS, toDuckDb } from '../../../tools/localKms/sqlEngine';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const EDS = 'EXAMPLE0-f852-4e8f-8bd1-bcf6cEXAMPLE';
const window = { keyArn: KEY, since: new Date('2026-09-01T00:00:00Z'), until: new Date('2026-10-01T12:30:00Z') };
const LAKE: ActivitySqlSource = { kind: 'lake', eventDataStore: EDS };
const ATHENA: ActivitySqlSource = {
  kind: 'athena',
  workgroup: 'primary',
  database: 'cloudtrail',
  table: 'org_trail',
  partitions: ['timestamp', 'region', 'account'],
};

/** Functions of Trino's documentation (and CloudTrail Lake's supported list) the query may call. */
const TRINO_FUNCTIONS = new Set([
  'coalesce',
  'nullif',
  'json_format',
  'json_extract',
  'json_extract_scalar',
  'json_parse',
  'array_sort',
  'map_keys',
  'from_iso8601_timestamp',
  'split_part',
  'strpos',
  'contains',
  'transform',
  'element_at',
  'count',
  'slice',
  'array_agg',
  'to_unixtime',
  'min',
  'max',
  'min_by',
  'arbitrary',
]);

function functionsOf(sql: string): Set<string> {
  const out = new Set<string>();
  for (const m of sql.replace(/'[^']*'/g, "''").matchAll(/\b([a-z_][a-z0-9_]*)\s*\(/gi)) out.add(m[1]!.toLowerCase());
  for (const keyword of ['in', 'as', 'cast', 'array', 'map', 'varchar', 'json', 'on', 'and', 'or', 'from', 'when', 'then', 'between']) out.delete(keyword);
  out.delete('events');
  return out;
}

describe('the query in CloudTrail Lake syntax', () => {
  const sql = activityQuery(LAKE, window);
  test('reads the event data store by its id, unquoted, and requestParameters as a map', () => {
    assert.match(sql, new RegExp(`\\n  FROM ${EDS}\\n`));
    assert.match(
      sql,
      /element_at\(requestparameters, 'keyId'\) IN \('arn:aws:kms:us-east-1:111122223333:key\/1234abcd-12ab-34cd-56ef-1234567890ab', '1234abcd-12ab-34cd-56ef-1234567890ab'\)/,
    );
    assert.match(sql, /json_parse\(element_at\(requestparameters, 'encryptionContext'\)\)/);
    assert.doesNotMatch(sql, /json_extract_scalar\(requestparameters/);
  });
  test('compares eventtime, a timestamp, with the window', () => {
    assert.match(sql, /AND eventtime BETWEEN TIMESTAMP '2026-09-01 00:00:00\.000' AND TIMESTAMP '2026-10-01 12:30:00\.000'\n/);
  });
  test('calls only functions Trino and CloudTrail Lake document', () => {
    assert.deepEqual(
      [...functionsOf(sql)].filter((f) => !TRINO_FUNCTIONS.has(f)),
      [],
    );
  });
});

describe('the query in Athena (Trino) syntax', () => {
  const sql = activityQuery(ATHENA, window);
  test('reads "database"."table", requestparameters as JSON text and eventtime as an ISO 8601 text', () => {
    assert.match(sql, /\n  FROM "cloudtrail"\."org_trail"\n/);
    assert.match(sql, /json_extract_scalar\(requestparameters, '\$\.keyId'\) IN \(/);
    assert.match(sql, /json_extract\(requestparameters, '\$\.encryptionContext'\)/);
    assert.match(sql, /AND from_iso8601_timestamp\(eventtime\) BETWEEN from_iso8601_timestamp\('2026-09-01T00:00:00.000Z'\)/);
    assert.doesNotMatch(sql, /element_at/);
  });
  test('prunes by the documented partitions: timestamp (yyyy/MM/dd), region and account of the key', () => {
    assert.match(sql, /\n    AND "timestamp" BETWEEN '2026\/09\/01' AND '2026\/10\/01'\n    AND region = 'us-east-1'\n    AND account = '111122223333'\n/);
    assert.doesNotMatch(activityQuery({ ...ATHENA, partitions: [] }, window), /"timestamp"|region = |account = /);
  });
  test('calls only functions Trino documents', () => {
    assert.deepEqual(
      [...functionsOf(sql)].filter((f) => !TRINO_FUNCTIONS.has(f)),
      [],
    );
  });
  test('no regular expressions (slow on every engine) and no escape strings', () => {
    assert.doesNotMatch(sql, /regexp_|E'/);
    assert.match(sql, /WHEN sourceipaddress LIKE '%\.amazonaws\.com' OR sourceipaddress LIKE '%\.amazonaws\.com\.cn' THEN sourceipaddress/);
  });
});

describe('the dialect differences the local endpoint hides, and only those', () => {
  test('macros under the Trino names the query uses', () => {
    const names = TRINO_MACROS.map((m) => /MACRO (\w+)\(/.exec(m)![1]);
    assert.deepEqual(names, ['json_extract_scalar', 'json_format', 'json_parse', 'from_iso8601_timestamp', 'to_unixtime', 'slice']);
  });
  test('rewrites: element_at on maps, transform with a lambda, and the unquoted event data store', () => {
    const lake = activityQuery(LAKE, window);
    const run = toDuckDb(lake, [EDS]);
    assert.ok(run.includes(`FROM "${EDS}"`) && !run.includes('element_at(') && !/\btransform\(/.test(run));
    const athena = activityQuery(ATHENA, window);
    assert.equal(toDuckDb(athena, [EDS]), athena.replace(/\btransform\(/g, 'list_transform('), 'the Athena text runs with only transform renamed');
    assert.match(athena, /contains\(transform\(resources, r -> r\.arn\), 'arn:aws:kms:us-east-1:111122223333:key\/1234abcd-12ab-34cd-56ef-1234567890ab'\)/);
    assert.match(athena, /\n  UNION ALL\n  SELECT [a-z_, ]+, 'ReEncryptTo' AS operation, true AS same_key, count\(\*\) AS calls/);
  });
});

describe('nothing from a setting reaches the text unchecked', () => {
  const refused = (f: () => unknown, message: string): void => assert.throws(f, (e: unknown) => e instanceof ActivityQueryError && e.message === message);
  test('event data stores: ids or ARNs', () => {
    assert.equal(eventDataStoreId(`arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/${EDS}`), EDS);
    refused(
      () => activityQuery({ kind: 'lake', eventDataStore: `${EDS} WHERE 1=1 --` }, window),
      `"${EDS} WHERE 1=1 --" is not a CloudTrail Lake event data store id (8-4-4-4-12 letters and digits) or ARN.`,
    );
  });
  test('Athena names', () => {
    assert.deepEqual(parseAthenaTarget('primary:cloudtrail.org_trail'), { workgroup: 'primary', database: 'cloudtrail', table: 'org_trail' });
    refused(
      () => parseAthenaTarget('primary:cloudtrail.logs"; DROP TABLE x; --'),
      '"logs"; DROP TABLE x; --" is not a Glue table name (lowercase letters, digits and _).',
    );
    refused(() => parseAthenaTarget('primary:Cloud-Trail.logs'), '"Cloud-Trail" is not a Glue database name (lowercase letters, digits and _).');
    refused(() => parseAthenaTarget('my group:db.t'), '"my group" is not an Athena workgroup name (letters, digits, . _ -, at most 128).');
    refused(() => parseAthenaTarget('db.t'), '"db.t" is not WORKGROUP:DATABASE.TABLE.');
    refused(
      () => activityQuery({ ...ATHENA, partitions: ['date' as 'region'] }, window),
      '"date" is not a partition of the CloudTrail table (timestamp, region, account).',
    );
  });
  test('the key and the window', () => {
    refused(() => activityQuery(LAKE, { ...window, keyArn: `${KEY}' OR '1'='1` }), `"${KEY}' OR '1'='1" is not a KMS key ARN.`);
    refused(() => activityQuery(LAKE, { ...window, keyArn: 'alias/app' }), '"alias/app" is not a KMS key ARN.');
    refused(() => activityQuery(LAKE, { ...window, since: new Date(NaN) }), "The window's start is not a valid time.");
    refused(() => activityQuery(LAKE, { ...window, since: window.until, until: window.since }), 'The window starts after it ends.');
  });
});
