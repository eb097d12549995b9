/**
 * The engine's public surface. The server, the CLI and tests import from here and nowhere deeper.
 * Shaped like vscode-json-languageservice: parse once, pass the document to every feature.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { PolicyDocument } from './parse/model';
import { lintDocument, type LintResult } from './lint';
import { ALL_RULES } from './rules';
import type { Finding, Rule } from './rules/types';
import type { PolicySettings } from './settings';
import { toDiagnostic } from './diagnostics';
import type { CodeAction, DocumentSymbol, FoldingRange, SelectionRange, TextEdit } from 'vscode-languageserver-types';
import { documentSymbols } from './features/symbols';
import { formatDocument } from './features/format';
import { foldingRanges } from './features/folding';
import { selectionRanges } from './features/selection';
import { codeActions } from './features/codeActions';
import { looksLikeKeyPolicy } from './features/detect';
import type { CompletionList, Hover } from 'vscode-languageserver-types';
import { complete } from './features/completion';
import { hover } from './features/hover';
import { inferPolicyAccount } from './facts';
import type { CodeLens } from 'vscode-languageserver-types';
import { codeLenses, QUESTIONS, type LensData, type Question } from './features/codeLens';
import { summaryLine, whoCanMarkdown } from './features/whoCanReport';
import { findRule } from './rules';
import * as simulate from './simulate';
import { readDocument, type DocumentHints, type HostReaders } from './parse/readDocument';
import type { CompletionContext } from './features/completion';
import type { KeyCheck } from './features/whoCanAnswer';
import { withHosts } from './hosts/hostService';
import type { HostKey, KeyReport } from './hosts/hostKeys';
import { MAX_ANALYSED_BYTES } from './parse/syntax';
import { MAX_POLICY_BYTES } from './catalog';
import { readAuthorizationDetails, readOrganizations, whoCanNamed } from './iam';
import { whoCanNamedMarkdown } from './features/whoCanNamedReport';
import { grantsFromJson } from './input';
import type { IamFileJson, PolicySource, WhoCanNamedParams, WhoCanNamedResult } from './protocolShapes';
import { memoByObject } from './memo';

export type { PolicyDocument, Policy, Statement, Span, Located } from './parse/model';
export { MAX_ANALYSED_BYTES } from './parse/syntax';
export type { PrincipalRef } from './parse/principalRef';
export type { Finding, Fix, Rule, Severity, SeverityOverride } from './rules/types';
export type { PolicyContext, PolicySettings } from './settings';
export { DEFAULT_RULE_DOCS_BASE_URL } from './settings';
export type { LintResult, RuleFailure } from './lint';
export { ALL_RULES, findRule } from './rules';
export { applyEdits } from './fixes/edits';
export type { TextEditSpec } from './rules/types';
export { DIAGNOSTIC_SOURCE } from './diagnostics';
export {
  compile,
  evaluate,
  whoCan,
  lockout,
  namedAnalysis,
  admittingClasses,
  NAMED_ANALYSES,
  KEY_STATES,
  DERIVED_KEYS,
  WHO_CAN_CAVEAT,
  SimulationInputError,
  renderDecision,
  renderWhoCan,
  simulateJson,
  whoCanJson,
} from './simulate';
export type {
  CompiledPolicy,
  ConditionExplanation,
  ConditionJson,
  ContextValue,
  Decision,
  DecisionReason,
  EvaluateOptions,
  Grant,
  GrantExplanation,
  IdentityPolicyInput,
  KeyState,
  LockoutResult,
  NamedAnalysis,
  NamedAnalysisResult,
  PrincipalClass,
  SimulateJson,
  SimulationRequest,
  StatementExplanation,
  StatementRef,
  WhoCanJson,
  WhoCanOptions,
  WhoCanPrincipalJson,
  WhoCanResult,
} from './simulate';

/** One configured engine instance. Stateless between calls: every input is passed in. */
export interface PolicyService {
  /** The settings this service was created with. */
  readonly settings: PolicySettings;
  /**
   * Parses text; never throws. A CloudFormation or SAM template (YAML or JSON) or a Terraform file becomes a host
   * document: no policy of its own, its KMS keys in `host` (see `keys`), and every method below answers through them.
   */
  parse(text: string, uri?: string, hints?: DocumentHints): PolicyDocument;
  /** Runs every enabled rule. */
  lint(doc: PolicyDocument): LintResult;
  /** Runs every enabled rule and returns LSP diagnostics. */
  validate(doc: PolicyDocument): Diagnostic[];
  /**
   * Runs only the document rules (syntax, size, characters: linear in the text, never the analysis); a host
   * that stopped the analysis passes why, and KP007 reports it.
   */
  checkStructure(doc: PolicyDocument, incomplete?: string): LintResult;
  /** One finding as an LSP diagnostic (code, source, rule page link, related information, tags). */
  diagnosticOf(doc: PolicyDocument, finding: Finding): Diagnostic;
  /** Quick fixes for the findings overlapping the offset range (pass the lint result already computed, if any). */
  codeActions(doc: PolicyDocument, start: number, end: number, uri: string, lint?: LintResult): CodeAction[];
  /** The outline. */
  symbols(doc: PolicyDocument): DocumentSymbol[];
  /** Formatting edits for the document or an offset range. */
  format(
    doc: PolicyDocument,
    options: { tabSize: number; insertSpaces: boolean; insertFinalNewline?: boolean },
    range?: { offset: number; length: number },
  ): TextEdit[];
  /** Folding ranges. */
  foldingRanges(doc: PolicyDocument): FoldingRange[];
  /** Selection-range chains for offsets. */
  selectionRanges(doc: PolicyDocument, offsets: readonly number[]): SelectionRange[];
  /** Whether a generic JSON document is a key policy (for serving plain .json files). */
  isKeyPolicy(doc: PolicyDocument): boolean;
  /** Completion at an offset. */
  complete(doc: PolicyDocument, offset: number): CompletionList;
  /** Hover at an offset (pass the lint result already computed, if any, for rule explanations). */
  hover(doc: PolicyDocument, offset: number, lint?: LintResult): Hover | null;
  /** Compiles a document for the simulator (callers cache it per document version). */
  compile(doc: PolicyDocument): simulate.CompiledPolicy;
  /** Simulates a request; key facts the request omits come from the settings or the policy. Throws SimulationInputError. */
  simulate(policy: PolicyDocument | simulate.CompiledPolicy, request: simulate.SimulationRequest, options?: simulate.EvaluateOptions): simulate.Decision;
  /** Who can perform the actions (names or globs) on the key. */
  whoCan(policy: PolicyDocument | simulate.CompiledPolicy, actions: readonly string[], options?: simulate.WhoCanOptions): simulate.WhoCanResult;
  /**
   * Who can perform the actions, by name: the key policy joined with the accounts' IAM data, SCPs/RCPs and
   * role chains (the whoCanNamed request and `who-can --iam`). Throws InputError for a malformed file.
   */
  whoCanNamed(policy: PolicyDocument | simulate.CompiledPolicy, params: NamedWhoCanRequest, options?: simulate.WhoCanOptions): WhoCanNamedResult;
  /** Whether anyone can still call kms:PutKeyPolicy under the policy. */
  lockout(policy: PolicyDocument | simulate.CompiledPolicy, options?: simulate.WhoCanOptions): simulate.LockoutResult;
  /** Code lenses: the three questions (unresolved) and a summary above each statement. */
  codeLenses(doc: PolicyDocument): CodeLens[];
  /** Answers a question lens: title "Who can decrypt? 3 principal classes: …", running `command` with [uri, question]. */
  resolveCodeLens(doc: PolicyDocument, lens: CodeLens, command: string, uri: string, options?: simulate.WhoCanOptions): CodeLens;
  /** A question's full answer: the analysis, its one-line summary and its Markdown report. */
  questionReport(doc: PolicyDocument, question: Question, options?: simulate.WhoCanOptions): QuestionReport;
  /** A named analysis: decrypt, administer or create-grant. */
  analyse(policy: PolicyDocument | simulate.CompiledPolicy, name: simulate.NamedAnalysis, options?: simulate.WhoCanOptions): simulate.NamedAnalysisResult;
  /** The KMS keys a template or Terraform file declares, each with its policy (none for a plain key policy). */
  keys(doc: PolicyDocument): HostKey[];
  /** A who-can question about one key of a template or Terraform file (undefined when its policy is left open). */
  keyReport(key: HostKey, question: Question, options?: simulate.WhoCanOptions): KeyReport | undefined;
  /** The check of each key of a template or Terraform file (problems, the three answers, lockout). */
  checks(doc: PolicyDocument, options?: simulate.WhoCanOptions): readonly KeyCheck[];
}

/** A question's answer in every form the front doors show. */
export interface QuestionReport {
  readonly question: Question;
  readonly result: simulate.NamedAnalysisResult;
  readonly summary: string;
  readonly markdown: string;
}

export { QUESTIONS, type Question } from './features/codeLens';

/** A named who-can question without its policy source: what `PolicyService.whoCanNamed` reads. */
export type NamedWhoCanRequest = Omit<WhoCanNamedParams, keyof PolicySource>;
/** The named who-can: the key policy joined with the accounts' IAM data (engine/iam). */
export * from './iam';
export { whoCanNamedMarkdown, whoCanNamedText } from './features/whoCanNamedReport';
export { namedLensSummary } from './features/namedLens';
/** Key activity from CloudTrail: who did, beside who can, and a tightened policy. */
export * from './activity';
export { summaryLine, whoCanMarkdown, classLabel } from './features/whoCanReport';

// ── What the front doors share beyond the service: reading their JSON input, and the answers of their requests.
/** Reading the front doors' JSON input: requests, grants and key facts (InputError on a malformed one). */
export * from './input';
/** The JSON of the language server's kmsKeyPolicy/* requests: each request's params and result. */
export type * from './protocolShapes';
/** The answers of those requests: who can as rows and Markdown, a policy's check, and the who-can diff of two versions. */
export { policyCheck, whoCanAnswer, type AnswerService, type WhoCanAsk } from './features/whoCanAnswer';
export { whoCanDiff, whoCanDiffText } from './features/whoCanDiff';

// ── Key policies where people write them: CloudFormation/SAM templates, CDK output, Terraform (see hosts/).
export type { DocumentHints, HostReaders } from './parse/readDocument';
export { mayDeclareKeys, syntaxOf } from './parse/readDocument';
export { loadTerraformGrammar, type TerraformGrammar } from './parse/terraform/grammar';
export { isHostDocument, type HostDocument, type HostFormat, type HostProblem } from './parse/host/hostModel';
export { findKey, hostAnalyze, keyWhoCan, type HostKey, type KeyReport } from './hosts/hostKeys';
export { isHostLint, type HostLintResult, type KeyLint } from './hosts/hostLint';
export { diffVersions, type ClassChange, type KeyChange, type QuestionChange } from './hosts/keyDiff';
export type { KeyCheck } from './features/whoCanAnswer';

function isCompiled(p: PolicyDocument | simulate.CompiledPolicy): p is simulate.CompiledPolicy {
  return 'plan' in p;
}

/**
 * Creates a policy service. `rules` replaces the rule pack (tests use this to run one rule). `readers` are the
 * parsers a front door loaded for host files (the Terraform grammar, see loadTerraformGrammar).
 */
export function createPolicyService(settings: PolicySettings = {}, rules: readonly Rule[] = ALL_RULES, readers: HostReaders = {}): PolicyService {
  const documentRules = rules.filter((r) => r.scope === 'document');
  const service: Omit<PolicyService, 'codeLenses' | 'resolveCodeLens' | 'questionReport' | HostMethodName> = {
    settings,
    parse: (text, uri, hints) => readDocument(text, uri, hints, readers),
    lint: (doc) => lintDocument(doc, rules, settings),
    validate: (doc) => lintDocument(doc, rules, settings).findings.map((f) => toDiagnostic(doc, f, settings.ruleDocsBaseUrl)),
    checkStructure: (doc, incomplete) => lintDocument(doc, documentRules, settings, incomplete),
    diagnosticOf: (doc, finding) => toDiagnostic(doc, finding, settings.ruleDocsBaseUrl),
    codeActions: (doc, start, end, uri, lint) =>
      codeActions(doc, (lint ?? lintDocument(doc, rules, settings)).findings, start, end, uri, settings.ruleDocsBaseUrl),
    symbols: (doc) => documentSymbols(doc),
    format: (doc, options, range) => formatDocument(doc, options, range),
    foldingRanges: (doc) => foldingRanges(doc),
    selectionRanges: (doc, offsets) => selectionRanges(doc, offsets),
    isKeyPolicy: (doc) => looksLikeKeyPolicy(doc),
    complete: (doc, offset) => {
      const context = settings.context ?? {};
      const account = doc.policy ? inferPolicyAccount(doc.policy, context) : context.account;
      return complete(doc, offset, { ...(account ? { account } : {}), ...(context.region ? { region: context.region } : {}) });
    },
    hover: (doc, offset, lint) => hover(doc, offset, (lint ?? lintDocument(doc, rules, settings)).findings, (code) => findRule(code)?.summary),
    ...simulatorMethods(settings),
  };
  return withHostDocuments(withReports(service), settings, rules);
}

/** Adds lenses and question reports, which build on the simulator methods. */
function withReports(service: Omit<PolicyService, 'codeLenses' | 'resolveCodeLens' | 'questionReport' | HostMethodName>): Omit<PolicyService, HostMethodName> {
  const questionReport = (doc: PolicyDocument, question: Question, options?: simulate.WhoCanOptions): QuestionReport => {
    const spec = QUESTIONS.find((q) => q.question === question) ?? QUESTIONS[0];
    const result = service.analyse(doc, spec.analysis, options);
    return { question: spec.question, result, summary: summaryLine(result), markdown: whoCanMarkdown(result, doc.uri ?? 'policy') };
  };
  return {
    ...service,
    codeLenses: (doc) => codeLenses(doc),
    questionReport,
    resolveCodeLens: (doc, lens, command, uri, options) => {
      const data = lens.data as LensData | undefined;
      const spec = QUESTIONS.find((q) => q.question === data?.question);
      if (!spec || !doc.policy) return lens;
      const report = questionReport(doc, spec.question, options);
      return { range: lens.range, command: { title: `${spec.title} ${report.summary}`, command, arguments: [uri, spec.question] } };
    },
  };
}

/**
 * The IAM data of a list of files, read once per list: a caller that asks several questions of the same files
 * (the language server's worker: three lenses per document version, with an authorization-details file of tens
 * of megabytes) passes the same list object and the files are parsed once (memo.ts, per model object).
 */
const authorizationDetailsOf = memoByObject((files: readonly IamFileJson[]) => readAuthorizationDetails(files));
const organizationsOf = memoByObject((files: readonly IamFileJson[]) => readOrganizations(files));

/** The simulator methods: key facts come from the call, then the settings, then the policy itself. */
function simulatorMethods(settings: PolicySettings): Pick<PolicyService, 'compile' | 'simulate' | 'whoCan' | 'whoCanNamed' | 'lockout' | 'analyse'> {
  const context = settings.context ?? {};
  const defaults = (p: PolicyDocument | simulate.CompiledPolicy): PolicySettings['context'] => {
    const account = !isCompiled(p) && p.policy ? inferPolicyAccount(p.policy, context) : context.account;
    return { ...context, ...(account ? { account } : {}) };
  };
  // One compilation per parsed policy, shared with the lint rules (it goes when the document does). A
  // document read for its structure only is refused: an answer for it would be an answer for no statements.
  const compiled = (p: PolicyDocument | simulate.CompiledPolicy): simulate.CompiledPolicy => {
    if (isCompiled(p)) return p;
    if (p.structureOnly)
      throw new simulate.SimulationInputError(
        `The policy is ${p.byteLength.toLocaleString('en-US')} bytes, too large to analyse: the simulator reads policies of at most ${MAX_ANALYSED_BYTES.toLocaleString('en-US')} bytes (KMS accepts ${MAX_POLICY_BYTES.toLocaleString('en-US')}).`,
      );
    return p.policy ? simulate.compiledOf(p.policy) : simulate.compile(p);
  };
  const whoCanOptions = (p: PolicyDocument | simulate.CompiledPolicy, options: simulate.WhoCanOptions = {}): simulate.WhoCanOptions => {
    const d = defaults(p) ?? {};
    return {
      ...(d.account ? { account: d.account } : {}),
      ...(d.region ? { region: d.region } : {}),
      ...(d.partition ? { partition: d.partition } : {}),
      ...(d.keyArn ? { key: d.keyArn } : {}),
      ...(d.keySpec ? { keySpec: d.keySpec } : {}),
      ...(d.keyUsage ? { keyUsage: d.keyUsage } : {}),
      ...options,
    };
  };
  return {
    compile: (doc) => compiled(doc),
    simulate: (p, request, options) => simulate.evaluate(compiled(p), request, defaults(p), options),
    whoCan: (p, actions, options) => simulate.whoCan(compiled(p), actions, whoCanOptions(p, options)),
    whoCanNamed: (p, params, options) => {
      const spec = params.question ? QUESTIONS.find((q) => q.question === params.question) : undefined;
      const actions = params.actions ?? (spec ? simulate.NAMED_ANALYSES[spec.analysis].actions : ['kms:Decrypt']);
      const answer = whoCanNamed(compiled(p), actions, {
        ...whoCanOptions(p, options),
        ...(params.grants ? { grants: grantsFromJson(params.grants, 'grants') } : {}),
        ...(params.keyState ? { keyState: params.keyState } : {}),
        iam: authorizationDetailsOf(params.iam),
        ...(params.organizations ? { org: organizationsOf(params.organizations) } : {}),
        ...(params.tags ? { tags: params.tags } : {}),
        ...(params.aliases ? { aliases: params.aliases } : {}),
        ...(params.maxChainDepth !== undefined ? { maxChainDepth: params.maxChainDepth } : {}),
      });
      return { answer, markdown: whoCanNamedMarkdown(answer) };
    },
    lockout: (p, options) => simulate.lockout(compiled(p), whoCanOptions(p, options)),
    analyse: (p, name, options) => simulate.namedAnalysis(compiled(p), name, whoCanOptions(p, options)),
  };
}

// ── Key policies in templates and Terraform files (hosts/): the service answers a host document through its keys.
type HostMethodName = 'keys' | 'keyReport' | 'checks';

/** Makes every method answer host documents (a plain key policy takes the path it always took). */
function withHostDocuments(service: Omit<PolicyService, HostMethodName>, settings: PolicySettings, rules: readonly Rule[]): PolicyService {
  const context = settings.context ?? {};
  const completionContext = (): CompletionContext => ({
    ...(context.account ? { account: context.account } : {}),
    ...(context.region ? { region: context.region } : {}),
  });
  return withHosts(service, settings, rules, completionContext, (code) => findRule(code)?.summary);
}
