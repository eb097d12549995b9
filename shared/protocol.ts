/**
 * The custom requests and commands shared by the VS Code client and the language server. Plain JSON
 * shapes only: the client never imports the engine.
 */

/** Custom LSP request methods. */
export const Requests = {
  /** Who can perform actions on the key under a policy. */
  whoCan: 'kmsKeyPolicy/whoCan',
  /** Evaluate one request against a policy. */
  simulate: 'kmsKeyPolicy/simulate',
  /** Lint + who-can summary + lockout verdict for a policy text (workspace view, save flow). */
  analyze: 'kmsKeyPolicy/analyze',
  /** What changes in who-can terms between two versions of a policy (save confirmation). */
  compare: 'kmsKeyPolicy/compare',
  /** A key's activity from CloudTrail: who did, who can vs who did, unused access, a tightened policy. */
  activity: 'kmsKeyPolicy/activity',
} as const;

/** Commands the client implements and the server's code lenses invoke. */
export const Commands = {
  /** Arguments: [uri: string, question: WhoCanQuestion]. Shows the full who-can report. */
  showWhoCan: 'kmsKeyPolicy.showWhoCan',
} as const;

/** The named who-can questions. */
export type WhoCanQuestion = 'decrypt' | 'administer' | 'grant';

/** Where the policy comes from: an open document's URI, or text. */
export interface PolicySource {
  /** URI of an open document (its current text is used). */
  readonly uri?: string;
  /** The policy text, when not an open document. */
  readonly text?: string;
  /** The key's account, when the text does not say. */
  readonly account?: string;
  /** The key's Region. */
  readonly region?: string;
  /** The key's ARN. */
  readonly keyArn?: string;
}

/** kmsKeyPolicy/whoCan parameters. */
export interface WhoCanParams extends PolicySource {
  /** A named question, or explicit actions (`kms:Decrypt`). */
  readonly question?: WhoCanQuestion;
  readonly actions?: readonly string[];
  /** Grants on the key, as KMS ListGrants returns them. */
  readonly grants?: readonly unknown[];
  /** The key state (`Enabled`, `Disabled`, `PendingDeletion`...). */
  readonly keyState?: string;
}

/** One principal class in a who-can answer. */
export interface WhoCanEntry {
  /** ARN, account id, service principal or "*". */
  readonly principal: string;
  /** The class: this account's IAM principals, a named principal, another account, a service, everyone... */
  readonly kind: string;
  /** allow (unconditionally), conditional (when `conditions` hold), or denied. */
  readonly decision: 'allow' | 'conditional' | 'denied';
  /** Residual conditions, as a person reads them. */
  readonly conditions: readonly unknown[];
  /** The statements that decide it (Sid or label). */
  readonly statements: readonly unknown[];
}

/** kmsKeyPolicy/whoCan result. */
export interface WhoCanReport {
  readonly actions: readonly string[];
  readonly principals: readonly WhoCanEntry[];
  /** Caveats: what the answer does not include (grants, SCPs, RCPs, IAM policies unless supplied). */
  readonly notes?: readonly string[];
  /** A human-readable rendering (Markdown). */
  readonly markdown?: string;
}

/** kmsKeyPolicy/simulate parameters: the request in the CLI's REQUEST.json shape. */
export interface SimulateParams extends PolicySource {
  readonly request: {
    readonly principal: string;
    readonly action: string;
    readonly context?: Readonly<Record<string, string | readonly string[] | number | boolean>>;
    readonly iamAllows?: boolean;
    readonly grants?: readonly unknown[];
    readonly keyState?: string;
  };
}

/** kmsKeyPolicy/simulate result. */
export interface SimulateResult {
  readonly decision: 'allow' | 'deny';
  readonly reason: string;
  readonly statements: readonly unknown[];
  readonly text?: string;
}

/** A diagnostic in analyze results (0-based positions). */
export interface AnalyzeDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  readonly line: number;
  readonly character: number;
}

/** kmsKeyPolicy/analyze parameters. */
export type AnalyzeParams = PolicySource;

/** kmsKeyPolicy/analyze result. */
export interface AnalyzeResult {
  /** Counts by severity. */
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Errors and warnings, for the save flow to show. */
  readonly problems: readonly AnalyzeDiagnostic[];
  /** True when nobody could change the policy afterwards (hard lockout). */
  readonly lockout: boolean;
  /** One-line answers: "3 principals: …". */
  readonly summary: Readonly<Record<WhoCanQuestion, string>>;
}

/** kmsKeyPolicy/compare parameters. */
export interface CompareParams {
  readonly before: string;
  readonly after: string;
  readonly account?: string;
}

/** kmsKeyPolicy/compare result: per question, who gains and who loses. */
export interface CompareResult {
  readonly changes: readonly { readonly question: WhoCanQuestion; readonly gained: readonly string[]; readonly lost: readonly string[]; readonly changed: readonly string[] }[];
  /** A Markdown summary for the confirmation dialog. */
  readonly summary: string;
}

/**
 * kmsKeyPolicy/activity parameters. The events come from CloudTrail records the client fetched
 * (LookupEvents' `CloudTrailEvent`, parsed) or from trail files the server reads (`{"Records": [...]}`,
 * plain or .json.gz, or folders of them). The policy (uri or text) is optional: without it only who did
 * is reported. Progress is reported through LSP work-done progress when `workDoneToken` is given.
 */
export interface ActivityParams extends PolicySource {
  readonly records?: readonly unknown[];
  /** File URIs (or absolute paths) of trail files or folders. */
  readonly trailFiles?: readonly string[];
  /** Aliases of the key (`alias/name`), for events naming the key by an alias the trail does not map. */
  readonly aliases?: readonly string[];
  /** ISO times bounding the events analysed. */
  readonly since?: string;
  readonly until?: string;
  /** Grants on the key, as KMS ListGrants returns them. */
  readonly grants?: readonly unknown[];
  readonly keyState?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  /** Also draft a tightened policy. */
  readonly tighten?: boolean;
  /** The client stopped fetching events at its limit: older events are missing. */
  readonly truncated?: boolean;
  readonly workDoneToken?: string | number;
}

/** One principal and operation of a key's activity. */
export interface ActivityGroupInfo {
  readonly principal: string;
  readonly label: string;
  readonly kind: string;
  readonly operation: string;
  readonly action?: string;
  readonly count: number;
  readonly succeeded: number;
  readonly denied: number;
  readonly failed: number;
  readonly first: string;
  readonly last: string;
  readonly sources: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, { readonly count: number; readonly message?: string }>>;
  readonly sessions: readonly string[];
}

/** A key's activity report (the JSON the CLI prints with `activity --format json`). */
export interface ActivityReport {
  readonly key: string;
  readonly aliases: readonly string[];
  readonly partial: boolean;
  readonly problems: readonly string[];
  readonly counts: Readonly<Record<string, unknown>> & { readonly events: number; readonly records: number };
  readonly activity: readonly ActivityGroupInfo[];
  readonly whoCanVsWhoDid?: readonly { readonly principal: string; readonly label: string; readonly decision: string; readonly used: readonly { readonly action: string; readonly calls: number; readonly last: string }[]; readonly unused: readonly string[] }[];
  readonly unusedAccess?: readonly { readonly principal: string; readonly label: string; readonly actions: readonly string[]; readonly statements: readonly string[] }[];
  readonly deniedAttempts: readonly { readonly principal: string; readonly label: string; readonly operation: string; readonly count: number; readonly last: string }[];
  readonly notes: readonly string[];
  /** The tightened policy, when asked for: a proposal, never written by the server. */
  readonly proposal?: {
    readonly text: string;
    readonly changed: boolean;
    readonly statements: readonly { readonly index: number; readonly change: 'kept' | 'narrowed' | 'removed'; readonly why: string }[];
    readonly lockout: { readonly before: string; readonly after: string };
    readonly lint: { readonly errors: number; readonly warnings: number };
    readonly replay: { readonly checked: number; readonly allowed: number };
    readonly notes: readonly string[];
  };
}

/** The `data` of the InvalidParams error kmsKeyPolicy/activity answers when trail files name several keys and no key ARN was given. */
export interface ActivityKeyChoice {
  readonly keys: readonly { readonly key: string; readonly events: number }[];
}

/** kmsKeyPolicy/activity result: the report and its Markdown rendering. */
export interface ActivityResult {
  readonly report: ActivityReport;
  readonly markdown: string;
}

/**
 * kmsKeyPolicy/activity result as the server sends it: besides the whole report, the Markdown of its sections
 * that set the activity beside who can (who can vs who did, unused access, denied attempts), which the live
 * who-can report shows under its own answer.
 */
export interface ActivityResultWithJoin extends ActivityResult {
  readonly joinMarkdown: string;
}
