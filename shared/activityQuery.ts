/**
 * The aggregate activity query of one key and window, for CloudTrail Lake (an event data store) or Athena
 * (the CloudTrail table AWS documents), written once here and sent by the extension and the CLI alike. It
 * answers one row per principal (the role for sessions, the account for callers recorded by account only),
 * operation, kind of record, source (direct or the service that called), Region, error code,
 * encryption-context keys and same-key ReEncrypt: the columns engine/activity/aggregateColumns.ts lists,
 * which the engine refuses to read otherwise. Nothing from a setting or a trail reaches the text unchecked:
 * identifiers are validated against the names AWS allows, literals (the key ARN, its id, times) are
 * validated and quoted.
 */

/** Where the activity is counted. */
export type ActivitySqlSource =
  | { readonly kind: 'lake'; readonly eventDataStore: string }
  | {
      readonly kind: 'athena';
      readonly workgroup: string;
      readonly database: string;
      readonly table: string;
      /** The table's partition columns, as AWS's CloudTrail tables name them, used to prune the scan. */
      readonly partitions?: readonly AthenaPartition[];
    };

/** Partition columns of the documented CloudTrail tables: `timestamp` (projection, 'yyyy/MM/dd'), `region`, `account`. */
export type AthenaPartition = 'timestamp' | 'region' | 'account';

/** The key and the window queried. */
export interface ActivityWindow {
  readonly keyArn: string;
  readonly since: Date;
  readonly until: Date;
}

/** A setting or argument that cannot go into the query. */
export class ActivityQueryError extends Error {}

const KEY_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):kms:([a-z]{2}(-[a-z]+)+-\d):(\d{12}):key\/((mrk-)?[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** CloudTrail Lake event data store ids (the last part of the store's ARN). */
const EDS_ID = /^[A-Za-z0-9]{8}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{12}$/;
const EDS_ARN = /^arn:[a-z-]+:cloudtrail:[a-z0-9-]+:\d{12}:eventdatastore\/([A-Za-z0-9-]+)$/;
/** Athena workgroup names: letters, digits, period, underscore and hyphen, 1–128. */
const WORKGROUP = /^[A-Za-z0-9._-]{1,128}$/;
/** Glue database and table names: lowercase letters, digits and underscore (Athena reads them lowercase). */
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;
const PARTITIONS: readonly AthenaPartition[] = ['timestamp', 'region', 'account'];

/** The event data store id of an id or an event data store ARN; throws ActivityQueryError otherwise. */
export function eventDataStoreId(text: string): string {
  const fromArn = EDS_ARN.exec(text)?.[1];
  const id = fromArn ?? text;
  if (!EDS_ID.test(id)) throw new ActivityQueryError(`"${text}" is not a CloudTrail Lake event data store id (8-4-4-4-12 letters and digits) or ARN.`);
  return id;
}

/** Reads `WORKGROUP:DATABASE.TABLE` (the CLI's --athena); throws ActivityQueryError with what is wrong. */
export function parseAthenaTarget(text: string): { workgroup: string; database: string; table: string } {
  const m = /^([^:]+):([^.]+)\.(.+)$/.exec(text);
  if (!m) throw new ActivityQueryError(`"${text}" is not WORKGROUP:DATABASE.TABLE.`);
  return checkAthena({ workgroup: m[1]!, database: m[2]!, table: m[3]! });
}

/** Checks Athena names; throws ActivityQueryError naming the first that is not allowed. */
export function checkAthena<T extends { workgroup: string; database: string; table: string }>(t: T): T {
  if (!WORKGROUP.test(t.workgroup)) throw new ActivityQueryError(`"${t.workgroup}" is not an Athena workgroup name (letters, digits, . _ -, at most 128).`);
  if (!GLUE_NAME.test(t.database)) throw new ActivityQueryError(`"${t.database}" is not a Glue database name (lowercase letters, digits and _).`);
  if (!GLUE_NAME.test(t.table)) throw new ActivityQueryError(`"${t.table}" is not a Glue table name (lowercase letters, digits and _).`);
  return t;
}

/** A SQL string literal of a text already validated (quotes doubled all the same). */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `2026-10-01T12:00:00.000Z` of a valid date. */
function instant(d: Date, name: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new ActivityQueryError(`The window's ${name} is not a valid time.`);
  return d.toISOString();
}

/** `yyyy/MM/dd` of a date (UTC): the `timestamp` partition of the documented projection. */
function day(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '/');
}

/** The aggregate query of one key and window on a source. */
export function activityQuery(source: ActivitySqlSource, window: ActivityWindow): string {
  const m = KEY_ARN.exec(window.keyArn);
  if (!m) throw new ActivityQueryError(`"${window.keyArn}" is not a KMS key ARN.`);
  const [, , region, , account, keyId] = m as unknown as [string, string, string, string, string, string];
  const since = instant(window.since, 'start');
  const until = instant(window.until, 'end');
  if (window.since.getTime() > window.until.getTime()) throw new ActivityQueryError('The window starts after it ends.');
  const arn = literal(window.keyArn);
  const ids = `(${arn}, ${literal(keyId)})`;
  const lake = source.kind === 'lake';
  const from = lake ? eventDataStoreId(source.eventDataStore) : `"${checkAthena(source).database}"."${source.table}"`;
  // Athena's requestparameters is the record's JSON; Lake's a map<string,string> (objects as JSON texts).
  const param = (name: string): string => (lake ? `element_at(requestparameters, '${name}')` : `json_extract_scalar(requestparameters, '$.${name}')`);
  const context = lake ? `json_parse(element_at(requestparameters, 'encryptionContext'))` : `json_extract(requestparameters, '$.encryptionContext')`;
  // Lake's eventtime is a timestamp: compared with timestamp literals, not cast row by row.
  const time = lake ? 'eventtime' : 'from_iso8601_timestamp(eventtime)';
  const bound = (iso: string): string => (lake ? `TIMESTAMP ${literal(iso.replace('T', ' ').replace('Z', ''))}` : `from_iso8601_timestamp(${literal(iso)})`);
  const prune: string[] = [];
  if (!lake) {
    for (const p of source.partitions ?? []) {
      if (!PARTITIONS.includes(p)) throw new ActivityQueryError(`"${String(p)}" is not a partition of the CloudTrail table (timestamp, region, account).`);
      if (p === 'timestamp') prune.push(`"timestamp" BETWEEN ${literal(day(window.since))} AND ${literal(day(window.until))}`);
      if (p === 'region') prune.push(`region = ${literal(region)}`);
      if (p === 'account') prune.push(`account = ${literal(account)}`);
    }
  }
  // A KMS record names the key it acts on in resources (by ARN) and, for most operations, in keyId.
  const keyNamed = [`contains(transform(resources, r -> r.arn), ${arn})`, `${param('keyId')} IN ${ids}`];
  // The first call's request as JSON text: Athena's is already; Lake's map is written as JSON.
  const requestJson = lake ? 'json_format(CAST(requestparameters AS JSON))' : 'requestparameters';
  // ReEncrypt is ReEncryptFrom on its source key and ReEncryptTo on its destination; both when the key is both.
  const toKey = `coalesce(${param('destinationKeyId')} IN ${ids}, false)`;
  const fromKey = `(coalesce(${param('sourceKeyId')} IN ${ids}, false) OR NOT ${toKey} OR (${param('sourceKeyId')} IS NULL AND NOT contains(transform(resources, r -> r.arn = ${arn}), false)))`;
  const dims = 'principal_key, identity_type, account_id, invoked_by, issuer_arn, event_type, source, region, error_code, context_keys';
  return `WITH events AS (
  SELECT
    CASE useridentity.type
      WHEN 'AssumedRole' THEN coalesce(nullif(useridentity.sessioncontext.sessionissuer.arn, ''), useridentity.arn)
      WHEN 'AWSAccount' THEN 'account:' || coalesce(useridentity.accountid, '')
      WHEN 'AWSService' THEN useridentity.invokedby
      ELSE coalesce(nullif(useridentity.arn, ''), coalesce(useridentity.type, '') || ':' || coalesce(useridentity.accountid, ''))
    END AS principal_key,
    coalesce(useridentity.type, '') AS identity_type,
    nullif(useridentity.accountid, '') AS account_id,
    nullif(useridentity.invokedby, '') AS invoked_by,
    nullif(useridentity.sessioncontext.sessionissuer.arn, '') AS issuer_arn,
    CASE WHEN eventname <> 'ReEncrypt' THEN eventname WHEN ${fromKey} THEN 'ReEncryptFrom' ELSE 'ReEncryptTo' END AS operation,
    eventname = 'ReEncrypt' AND ${fromKey} AND ${toKey} AS same_key,
    nullif(eventtype, '') AS event_type,
    CASE
      WHEN useridentity.type = 'AWSService' THEN 'direct'
      WHEN nullif(useridentity.invokedby, '') IS NOT NULL THEN useridentity.invokedby
      WHEN sourceipaddress LIKE '%.amazonaws.com' OR sourceipaddress LIKE '%.amazonaws.com.cn' THEN sourceipaddress
      ELSE 'direct'
    END AS source,
    awsregion AS region,
    nullif(errorcode, '') AS error_code,
    coalesce(json_format(CAST(array_sort(map_keys(CAST(${context} AS MAP(VARCHAR, JSON)))) AS JSON)), '[]') AS context_keys,
    ${time} AS t,
    ARRAY[useridentity.arn, useridentity.principalid, sourceipaddress, vpcendpointid, useridentity.sessioncontext.attributes.mfaauthenticated, errormessage, ${requestJson}] AS exemplar,
    CASE WHEN useridentity.type = 'AssumedRole' AND strpos(useridentity.arn, ':assumed-role/') > 0 THEN nullif(split_part(useridentity.arn, '/', 3), '') END AS session
  FROM ${from}
  WHERE eventsource = 'kms.amazonaws.com'
    AND ${time} BETWEEN ${bound(since)} AND ${bound(until)}${prune.map((p) => `\n    AND ${p}`).join('')}
    AND (${keyNamed.join('\n      OR ')})
),
grouped AS (
  SELECT ${dims}, operation, same_key, count(*) AS calls, min(t) AS first_t, max(t) AS last_t, min_by(exemplar, t) AS exemplar
  FROM events
  GROUP BY ${dims}, operation, same_key
  UNION ALL
  SELECT ${dims}, 'ReEncryptTo' AS operation, true AS same_key, count(*) AS calls, min(t) AS first_t, max(t) AS last_t, min_by(exemplar, t) AS exemplar
  FROM events
  WHERE same_key
  GROUP BY ${dims}
),
session_names AS (
  SELECT principal_key, operation, session FROM events WHERE session IS NOT NULL GROUP BY principal_key, operation, session
  UNION
  SELECT principal_key, 'ReEncryptTo' AS operation, session FROM events WHERE same_key AND session IS NOT NULL GROUP BY principal_key, session
),
sessions AS (
  SELECT principal_key, operation, count(*) AS session_count, json_format(CAST(slice(array_sort(array_agg(session)), 1, 5) AS JSON)) AS names
  FROM session_names
  GROUP BY principal_key, operation
)
SELECT
  g.principal_key, g.identity_type, g.account_id, g.invoked_by, g.issuer_arn, g.operation, g.event_type, g.source, g.region, g.error_code, g.context_keys,
  CAST(g.same_key AS VARCHAR) AS same_key,
  g.calls,
  CAST(to_unixtime(g.first_t) * 1000 AS BIGINT) AS first_ms,
  CAST(to_unixtime(g.last_t) * 1000 AS BIGINT) AS last_ms,
  json_format(CAST(g.exemplar AS JSON)) AS exemplar,
  coalesce(s.names, '[]') AS sessions,
  coalesce(s.session_count, 0) AS session_count
FROM grouped g
LEFT JOIN sessions s ON s.principal_key = g.principal_key AND s.operation = g.operation
ORDER BY first_ms, g.principal_key, g.operation
`;
}
