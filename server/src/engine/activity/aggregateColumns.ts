/**
 * The columns of the aggregate activity query, in order: what the SQL (shared/activityQuery.ts) selects and
 * what readAggregateRows accepts — an answer with other columns is refused, never guessed at. Standalone (no
 * imports): the query builder outside the engine reads it too.
 */

/** One row per principal, operation, kind of record, source, Region, error code, encryption-context keys and same-key ReEncrypt. */
export const AGGREGATE_COLUMNS = [
  'principal_key',
  'identity_type',
  'account_id',
  'invoked_by',
  'issuer_arn',
  'operation',
  'event_type',
  'source',
  'region',
  'error_code',
  'context_keys',
  'same_key',
  'calls',
  'first_ms',
  'last_ms',
  'exemplar',
  'sessions',
  'session_count',
] as const;

/** A column of the aggregate query. */
export type AggregateColumn = (typeof AGGREGATE_COLUMNS)[number];
