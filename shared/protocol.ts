/**
 * The custom requests and commands the VS Code client and the language server share, as vscode-eslint's
 * `$shared/customMessages.ts` does: one typed RequestType per request, sent by the client and handled by the
 * server with the same object, so the method name, the params and the result are checked on both sides.
 * The payload types are the engine's (engine/protocolShapes.ts), imported type-only: they vanish from the
 * client bundle, which never holds engine code.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type {
  ActivityKeyChoice,
  ActivityParams,
  ActivityResult,
  AnalyzeParams,
  AnalyzeResult,
  CompareParams,
  CompareResult,
  SimulateParams,
  SimulateResult,
  WhoCanNamedParams,
  WhoCanNamedResult,
  WhoCanParams,
  WhoCanReport,
} from '../server/src/engine/protocolShapes';

export type {
  ActivityKeyChoice,
  ActivityParams,
  ActivityResult,
  AnalyzeDiagnostic,
  AnalyzeParams,
  AnalyzeResult,
  CompareParams,
  CompareResult,
  KeyCheck,
  PolicySource,
  SimulateParams,
  SimulateResult,
  DecidingStatement,
  IamFileJson,
  NamedCell,
  NamedPrincipal,
  NamedWhoCanAnswer,
  ResidualJson,
  RoleChain,
  WhoCanChange,
  WhoCanNamedParams,
  WhoCanNamedResult,
  WhoCanParams,
  WhoCanQuestion,
  WhoCanReport,
} from '../server/src/engine/protocolShapes';
export type { ActivityGroupJson, ActivityReportJson } from '../server/src/engine/activity';
export type { GrantJson } from '../server/src/engine/input';
export type { KeyState } from '../server/src/engine/simulate';
export type { ConditionJson } from '../server/src/engine/simulate/residual/describe';

/** kmsKeyPolicy/whoCan: who can perform actions on the key under a policy (a named question or explicit actions). */
export const WhoCanRequest = new RequestType<WhoCanParams, WhoCanReport, void>('kmsKeyPolicy/whoCan');

/**
 * kmsKeyPolicy/whoCanNamed: who can perform actions on the key by name, the key policy joined with the accounts'
 * IAM data (authorization details, SCPs/RCPs) the client read from files or fetched from IAM.
 */
export const WhoCanNamedRequest = new RequestType<WhoCanNamedParams, WhoCanNamedResult, void>('kmsKeyPolicy/whoCanNamed');

/** kmsKeyPolicy/simulate: one request evaluated against a policy, explained. */
export const SimulateRequest = new RequestType<SimulateParams, SimulateResult, void>('kmsKeyPolicy/simulate');

/** kmsKeyPolicy/analyze: problems, the three questions' summaries and the lockout verdict (workspace view, save flow). */
export const AnalyzeRequest = new RequestType<AnalyzeParams, AnalyzeResult, void>('kmsKeyPolicy/analyze');

/** kmsKeyPolicy/compare: what changes in who-can terms between two versions of a policy (save confirmation). */
export const CompareRequest = new RequestType<CompareParams, CompareResult, void>('kmsKeyPolicy/compare');

/**
 * kmsKeyPolicy/activity: a key's activity from CloudTrail (who did, who can vs who did, unused access, a
 * tightened policy). When trail files name several keys and no key ARN was given, the InvalidParams error
 * carries the keys to choose from.
 */
export const ActivityRequest = new RequestType<ActivityParams, ActivityResult, ActivityKeyChoice | undefined>('kmsKeyPolicy/activity');

/** Every custom request, for tests that check each has a handler. */
export const CUSTOM_REQUESTS = [WhoCanRequest, WhoCanNamedRequest, SimulateRequest, AnalyzeRequest, CompareRequest, ActivityRequest] as const;

/** Commands the client implements and the server's code lenses invoke. */
export const Commands = {
  /** Arguments: [uri: string, question: WhoCanQuestion, key?: string (a key of a template)]. Shows the full who-can report. */
  showWhoCan: 'kmsKeyPolicy.showWhoCan',
} as const;
