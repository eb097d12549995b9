/**
 * The JSON of the language server's kmsKeyPolicy/* requests: each request's params and result, as plain
 * serialisable types. shared/protocol.ts declares one RequestType per request with these, imported type-only
 * (the client bundle holds none of the engine). The results are declared beside the features that compute them
 * and re-exported here, so what the server sends and what the client reads are one declaration and cannot drift
 * apart. A layer of its own above the features, the input readers and the activity analysis, which it names.
 */
import type { ActivityReportJson, ActivitySourceJson } from './activity';
import type { Question } from './features/codeLens';
import type { NamedWhoCanAnswer } from './iam/answer';
import type { GrantJson, RequestJson } from './input';
import type { KeyState, SimulateJson } from './simulate';

/** The results the engine's features compute, as the requests answer them. */
export type { AnalyzeDiagnostic, AnalyzeResult, KeyCheck, WhoCanReport } from './features/whoCanAnswer';
export type { CompareResult, WhoCanChange } from './features/whoCanDiff';
export type { DecidingStatement, NamedCell, NamedPrincipal, NamedWhoCanAnswer, ResidualJson, RoleChain } from './iam/answer';

/** The named who-can questions: decrypt, administer, grant. */
export type WhoCanQuestion = Question;

/** Where the policy comes from: an open document's URI, or text; and the key facts the text may not state. */
export interface PolicySource {
  /** URI of an open document (its current text is used unless `text` is given). */
  readonly uri?: string;
  /** The policy text, when not an open document. */
  readonly text?: string;
  /** The key's account (12 digits), when the text does not say. */
  readonly account?: string;
  /** The key's Region. */
  readonly region?: string;
  /** The key's ARN. */
  readonly keyArn?: string;
}

/** kmsKeyPolicy/whoCan params: a named question, or explicit actions (default kms:Decrypt). */
export interface WhoCanParams extends PolicySource {
  readonly question?: WhoCanQuestion;
  /** Action names or globs (`kms:Decrypt`, `kms:Get*`). */
  readonly actions?: readonly string[];
  /** Grants on the key, as KMS ListGrants returns them. */
  readonly grants?: readonly GrantJson[];
  readonly keyState?: KeyState;
  /** In a template or Terraform file: the key asked about (logical id or resource address; default the first). */
  readonly key?: string;
}

/** One IAM input file, by name (shown in errors) and text. */
export interface IamFileJson {
  /** A path or label, named in every error about this file. */
  readonly name: string;
  /** `aws iam get-account-authorization-details` output, or an SCP/RCP listing (see docs/iam-join.md). */
  readonly text: string;
}

/** kmsKeyPolicy/whoCanNamed params: a who-can question answered by name, with the accounts' IAM data. */
export interface WhoCanNamedParams extends WhoCanParams {
  /** Authorization-details files, one or more accounts. */
  readonly iam: readonly IamFileJson[];
  /** SCP/RCP files with their targets; absent = "SCPs not supplied". */
  readonly organizations?: readonly IamFileJson[];
  /** The key's tags, for aws:ResourceTag conditions in identity policies. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The key's aliases (alias/name), for kms:ResourceAliases and alias ARNs in identity policies. */
  readonly aliases?: readonly string[];
  /** The longest role chain followed (default 3). */
  readonly maxChainDepth?: number;
}

/** kmsKeyPolicy/whoCanNamed result: the answer, and its Markdown rendering for text-only readers. */
export interface WhoCanNamedResult {
  readonly answer: NamedWhoCanAnswer;
  readonly markdown: string;
  /** The one-line answer the lens shows ("3 roles, 1 user (1 conditional)"); the language server adds it. */
  readonly summary?: string;
}

/** kmsKeyPolicy/simulate params: the request in the CLI's REQUEST.json shape. */
export interface SimulateParams extends PolicySource {
  readonly request: RequestJson;
}

/** kmsKeyPolicy/simulate result: the CLI's `simulate --format json`, and its explanation as text. */
export interface SimulateResult extends SimulateJson {
  readonly text: string;
}

/** kmsKeyPolicy/analyze params. */
export type AnalyzeParams = PolicySource;

/** kmsKeyPolicy/compare params: two versions of a policy. */
export interface CompareParams {
  readonly before: string;
  readonly after: string;
  readonly account?: string;
}

/**
 * kmsKeyPolicy/activity params. The events come from CloudTrail records the client fetched (LookupEvents'
 * `CloudTrailEvent`, parsed) or from trail files the server reads (`{"Records": [...]}`, plain or .json.gz, or
 * folders of them). The policy (uri or text) is optional: without it only who did is reported. Progress is
 * reported through LSP work-done progress when `workDoneToken` is given.
 */
export interface ActivityParams extends PolicySource {
  /** CloudTrail records, as parsed JSON: the engine reads each defensively, so any shape is accepted. */
  readonly records?: readonly unknown[];
  /** File URIs (or absolute paths) of trail files or folders. */
  readonly trailFiles?: readonly string[];
  /** Aliases of the key (`alias/name`), for events naming the key by an alias the trail does not map. */
  readonly aliases?: readonly string[];
  /** Times bounding the events analysed (ISO dates or times, or ages such as 90d). */
  readonly since?: string;
  readonly until?: string;
  /** Grants on the key, as KMS ListGrants returns them. */
  readonly grants?: readonly GrantJson[];
  /** The key state as KMS reports it; a state the engine does not know is left out. */
  readonly keyState?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  /** Also draft a tightened policy. */
  readonly tighten?: boolean;
  /** The client stopped fetching events at its limit: older events are missing. */
  readonly truncated?: boolean;
  /**
   * The answer of the aggregate activity query (CloudTrail Lake or Athena) instead of records: column names and
   * rows of texts as GetQueryResults gives them; the engine refuses an answer with other columns.
   */
  readonly aggregate?: { readonly dialect: 'lake' | 'athena'; readonly columns: readonly string[]; readonly rows: readonly (readonly (string | null)[])[] };
  /** Which source counted the events (shown in the report). */
  readonly source?: ActivitySourceJson;
  /** Refuse the tightened policy when the window is incomplete (the editor does; the CLI warns instead). */
  readonly tightenOnlyComplete?: boolean;
  readonly workDoneToken?: string | number;
}

/** The `data` of the InvalidParams error kmsKeyPolicy/activity answers when trail files name several keys and no key ARN was given. */
export interface ActivityKeyChoice {
  readonly keys: readonly { readonly key: string; readonly events: number }[];
}

/** kmsKeyPolicy/activity result: the report (the CLI's `activity --format json`) and its Markdown renderings. */
export interface ActivityResult {
  readonly report: ActivityReportJson;
  /** The whole report. */
  readonly markdown: string;
  /**
   * Only the sections that set the activity beside who can (who can vs who did, unused access, denied
   * attempts), which the live who-can report shows under its own answer.
   */
  readonly joinMarkdown: string;
}
