/**
 * Key activity from CloudTrail: who actually used a key, beside who can, and what to tighten. Pure: records
 * go in one at a time (ActivityAggregator), a plain-JSON report comes out (activityReport), rendered as
 * text or Markdown. Reading trail files and calling CloudTrail happen outside the engine.
 */
export { ActivityAggregator, DEFAULT_MAX_GROUPS, type ActivityOptions, type ActivityStats, type ActivitySummary, type KeyActivity } from './aggregate';
export { AGGREGATE_COLUMNS, type AggregateColumn } from './aggregateColumns';
export { aggregateRecords, compareRows, type ActivityAggregateRow, type AggregateQuery, type RowExemplar } from './aggregateRows';
export { AggregateRowsError, readAggregateRows, summaryFromAggregates, type AggregateDialect, type AggregateSummaryOptions } from './aggregateSummary';
export { eventSample, type ActivityGroup, type EventSample } from './groups';
export { aliasArnFor, normaliseKeyArn, partitionOfRegion, type KeyReference } from './keyRefs';
export { principalLabel, readIdentity, type CallerKind, type EventPrincipal } from './principal';
export {
  isAccessDenied,
  KMS_EVENT_SOURCE,
  readRecordMembers,
  readTrailRecord,
  RECORD_MEMBERS,
  type RecordReading,
  type SkipReason,
  type TrailEvent,
} from './record';
export { ParsedMembers, RecordText, SPAN_WIDTH, TextMemo, type RecordMembers } from './recordText';
export { sampleRequest, viaServiceOf } from './request';
export { candidateStatements, decisiveStatements, policyUsage, replay, type GroupUsage, type UsageKey } from './usage';
export { analysedActions, isMember, whoDid, type ClassActivity, type DeniedAttempt, type RightUse, type WhoDid, type WhoDidOptions } from './whoDid';
export { isCryptoAction, statementRole, type StatementRole } from './statementRoles';
export { MAX_REPLACEMENTS } from './narrow';
export { replayCheck, tightenPolicy, type LostCall, type StatementChange, type Tightening } from './tighten';
export {
  activityReport,
  keyActivityOf,
  type ActivityGroupJson,
  type ActivityReportJson,
  type ActivityReportOptions,
  type ActivitySourceJson,
  type ClassActivityJson,
  type DeniedAttemptJson,
  type RightUseJson,
} from './report';
export { headline, renderActivityText, renderProposalSummary } from './renderText';
export { renderActivityJoinMarkdown, renderActivityMarkdown } from './renderMarkdown';
