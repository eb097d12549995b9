/**
 * The endpoint's SQL engine for CloudTrail Lake and Athena queries: DuckDB over the trail laid out as the
 * documented tables, so the exact text a client sends is run and a wrong column or a broken GROUP BY fails.
 * - CloudTrail Lake: a table named by the event data store id, with Lake's column types (eventtime a
 *   timestamp, requestparameters a map<string,string> whose objects are JSON texts, resources a list of
 *   structs).
 * - Athena: `<database>.<table>` with the columns of AWS's CREATE EXTERNAL TABLE for CloudTrail
 *   (eventtime and requestparameters strings, the record's JSON) and the partition-projection columns
 *   `timestamp` ('yyyy/MM/dd'), `region` and `account`.
 * DuckDB is not Trino: the differences a query of ours meets are hidden by the macros and the two rewrites
 * below, and only those (docs/activity-sources.md lists them); anything else fails as it would not on AWS.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** Trino functions DuckDB lacks or names differently, defined under their Trino names. */
export const TRINO_MACROS: readonly string[] = [
  'CREATE OR REPLACE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
  'CREATE OR REPLACE MACRO json_format(j) AS CAST(j AS VARCHAR)',
  'CREATE OR REPLACE MACRO json_parse(s) AS json(s)',
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE OR REPLACE MACRO to_unixtime(t) AS epoch(t)',
  'CREATE OR REPLACE MACRO slice(a, s, n) AS list_slice(a, s, s + n - 1)',
];

/**
 * Text rewrites before DuckDB runs a statement: Trino's element_at on a map returns the value (DuckDB's a
 * list); Trino's transform(array, lambda) is DuckDB's list_transform (a macro cannot take a lambda); and
 * CloudTrail Lake names its event data store unquoted (`FROM 0a1b…`), which DuckDB cannot parse.
 */
export function toDuckDb(sql: string, eventDataStores: readonly string[]): string {
  let out = sql.replace(/\belement_at\(/g, 'map_extract_value(').replace(/\btransform\(/g, 'list_transform(');
  for (const id of eventDataStores) out = out.split(`FROM ${id}`).join(`FROM "${id}"`);
  return out;
}

/** The database the trail tables live in. */
const CATALOG = 'trail';

/** A query's answer as text, as GetQueryResults gives it. */
export interface SqlAnswer {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** One DuckDB database with the trail tables; statements run one at a time on their own connection. */
export class SqlEngine {
  private constructor(
    private readonly db: DuckDBInstance,
    private readonly setup: DuckDBConnection,
  ) {}

  static async create(): Promise<SqlEngine> {
    const db = await DuckDBInstance.create(':memory:');
    const setup = await db.connect();
    // Compressed columns, as CloudTrail Lake and Athena's Parquet/ORC store them: DuckDB's in-memory tables are
    // not, and a large trail then takes gigabytes and slows every scan.
    await setup.run(`ATTACH ':memory:' AS ${CATALOG} (COMPRESS)`);
    await setup.run(`USE ${CATALOG}`);
    await setup.run("SET TimeZone = 'UTC'");
    for (const m of TRINO_MACROS) await setup.run(m);
    await setup.run('CREATE TABLE IF NOT EXISTS trail_records (account VARCHAR, record JSON)');
    return new SqlEngine(db, setup);
  }

  /** Replaces the records (their CloudTrail JSON, per account) the tables are made of. */
  async loadRecords(records: readonly { account: string; json: string }[]): Promise<void> {
    await this.setup.run('DELETE FROM trail_records');
    const appender = await this.setup.createAppender('trail_records');
    for (const r of records) {
      appender.appendVarchar(r.account);
      appender.appendVarchar(r.json);
      appender.endRow();
    }
    appender.closeSync();
  }

  /** Runs a statement of the endpoint's own (table layout, bench seeding). */
  async exec(sql: string): Promise<void> {
    await this.setup.run(sql);
  }

  /** (Re)creates the CloudTrail Lake table of an event data store over one account's records. */
  async layOutLake(eventDataStore: string, account: string): Promise<void> {
    await this.setup.run(`CREATE OR REPLACE VIEW "${eventDataStore}" AS ${lakeSelect('trail_records', `account = '${account.replace(/'/g, "''")}'`)}`);
  }

  /** (Re)creates the Athena CloudTrail table over one account's records. */
  async layOutAthena(database: string, table: string, account: string): Promise<void> {
    await this.setup.run(`CREATE SCHEMA IF NOT EXISTS "${database}"`);
    await this.setup.run(`CREATE OR REPLACE VIEW "${database}"."${table}" AS ${athenaSelect('trail_records', `account = '${account.replace(/'/g, "''")}'`)}`);
  }

  /** Runs a client's statement; `onStart` receives a way to interrupt it. */
  async query(sql: string, onStart?: (interrupt: () => void) => void): Promise<SqlAnswer> {
    const connection = await this.db.connect();
    try {
      await connection.run(`USE ${CATALOG}`);
      onStart?.(() => connection.interrupt());
      const reader = await connection.runAndReadAll(sql);
      const columns = reader.columnNames();
      const rows = reader.getRowsJS().map((r) => r.map(cellText));
      return { columns, rows };
    } finally {
      connection.closeSync();
    }
  }

  /** The bytes of the records a table holds (what a full scan reads). */
  async bytesOf(account: string): Promise<number> {
    const reader = await this.setup.runAndReadAll(
      `SELECT coalesce(sum(length(CAST(record AS VARCHAR))), 0) FROM trail_records WHERE account = '${account.replace(/'/g, "''")}'`,
    );
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  }

  close(): void {
    this.setup.closeSync();
  }
}

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
}

const S = (path: string): string => `json_extract_string(record, '$.${path}')`;

const IDENTITY = `struct_pack(
    type := ${S('userIdentity.type')}, principalid := ${S('userIdentity.principalId')}, arn := ${S('userIdentity.arn')},
    accountid := ${S('userIdentity.accountId')}, invokedby := ${S('userIdentity.invokedBy')}, accesskeyid := ${S('userIdentity.accessKeyId')},
    username := ${S('userIdentity.userName')},
    sessioncontext := struct_pack(
      attributes := struct_pack(mfaauthenticated := ${S('userIdentity.sessionContext.attributes.mfaAuthenticated')}, creationdate := ${S('userIdentity.sessionContext.attributes.creationDate')}),
      sessionissuer := struct_pack(type := ${S('userIdentity.sessionContext.sessionIssuer.type')}, principalid := ${S('userIdentity.sessionContext.sessionIssuer.principalId')},
        arn := ${S('userIdentity.sessionContext.sessionIssuer.arn')}, accountid := ${S('userIdentity.sessionContext.sessionIssuer.accountId')},
        username := ${S('userIdentity.sessionContext.sessionIssuer.userName')})))`;

const RESOURCES = `list_transform(CAST(coalesce(json_extract(record, '$.resources'), json('[]')) AS JSON[]), r -> struct_pack(arn := json_extract_string(r, '$.ARN'), accountid := json_extract_string(r, '$.accountId'), type := json_extract_string(r, '$.type')))`;

const COMMON = `${S('eventVersion')} AS eventversion, ${IDENTITY} AS useridentity, ${S('eventSource')} AS eventsource, ${S('eventName')} AS eventname,
  ${S('awsRegion')} AS awsregion, ${S('sourceIPAddress')} AS sourceipaddress, ${S('userAgent')} AS useragent, ${S('errorCode')} AS errorcode,
  ${S('errorMessage')} AS errormessage, ${S('requestID')} AS requestid, ${S('eventID')} AS eventid, ${S('eventType')} AS eventtype,
  ${S('recipientAccountId')} AS recipientaccountid, ${S('vpcEndpointId')} AS vpcendpointid, ${RESOURCES} AS resources`;

const OBJECT = (path: string): string => `CASE WHEN json_type(record, '$.${path}') = 'OBJECT' THEN json_extract(record, '$.${path}') END`;

/** Athena's documented CloudTrail table: strings where the records have objects (requestparameters is JSON text). */
function athenaSelect(from: string, where: string): string {
  return `SELECT ${COMMON}, ${S('eventTime')} AS eventtime, CAST(${OBJECT('requestParameters')} AS VARCHAR) AS requestparameters,
  CAST(${OBJECT('responseElements')} AS VARCHAR) AS responseelements, ${S('readOnly')} AS readonly,
  strftime(CAST(${S('eventTime')} AS TIMESTAMPTZ), '%Y/%m/%d') AS "timestamp", ${S('awsRegion')} AS region, account
  FROM ${from} WHERE ${where}`;
}

/** CloudTrail Lake's event schema: eventtime a timestamp, requestparameters a map of texts. */
function lakeSelect(from: string, where: string): string {
  const map = (path: string): string =>
    `map_from_entries(list_transform(map_entries(CAST(${OBJECT(path)} AS MAP(VARCHAR, JSON))), e -> struct_pack(key := e.key, value := CASE WHEN json_type(e.value) = 'VARCHAR' THEN json_extract_string(e.value, '$') ELSE CAST(e.value AS VARCHAR) END)))`;
  return `SELECT ${COMMON}, CAST(CAST(${S('eventTime')} AS TIMESTAMPTZ) AS TIMESTAMP) AS eventtime, ${map('requestParameters')} AS requestparameters,
  ${map('responseElements')} AS responseelements, CAST(${S('readOnly')} AS BOOLEAN) AS readonly
  FROM ${from} WHERE ${where}`;
}
