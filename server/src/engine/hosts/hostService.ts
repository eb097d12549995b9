/**
 * The policy service, aware of host documents: each method answers a template or Terraform file through its keys'
 * policies, and a plain key policy exactly as before (the wrapper only tests `doc.host` first). Formatting,
 * folding and selection ranges are the host language's business and answer nothing for a host file.
 */
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-types';
import type { CompletionContext } from '../features/completion';
import type { Question } from '../features/codeLens';
import type { AnalyzeResult } from '../features/whoCanAnswer';
import { isHostDocument, type HostDocument } from '../parse/host/hostModel';
import type { PolicyDocument } from '../parse/model';
import type { LintResult } from '../lint';
import type { Finding, Rule } from '../rules/types';
import type { PolicySettings } from '../settings';
import type { WhoCanOptions } from '../simulate';
import { hostComplete, hostHover } from './hostFeatures';
import { hostChecks, hostCodeLenses, hostKeys, hostResolveLens, hostSymbols, keyReport, type HostKey, type KeyReport, type ReportService } from './hostKeys';
import { hostViews, isHostLint, lintHost, type HostLintResult } from './hostLint';

/** The methods of the policy service a host document changes (their signatures are the service's). */
export interface HostAwareMethods extends ReportService {
  lint(doc: PolicyDocument): LintResult;
  validate(doc: PolicyDocument): Diagnostic[];
  diagnosticOf(doc: PolicyDocument, finding: Finding): Diagnostic;
  symbols(doc: PolicyDocument): DocumentSymbol[];
  format(
    doc: PolicyDocument,
    options: { tabSize: number; insertSpaces: boolean; insertFinalNewline?: boolean },
    range?: { offset: number; length: number },
  ): TextEdit[];
  foldingRanges(doc: PolicyDocument): FoldingRange[];
  selectionRanges(doc: PolicyDocument, offsets: readonly number[]): SelectionRange[];
  isKeyPolicy(doc: PolicyDocument): boolean;
  complete(doc: PolicyDocument, offset: number): CompletionList;
  hover(doc: PolicyDocument, offset: number, lint?: LintResult): Hover | null;
  codeActions(doc: PolicyDocument, start: number, end: number, uri: string, lint?: LintResult): CodeAction[];
  codeLenses(doc: PolicyDocument): CodeLens[];
  resolveCodeLens(doc: PolicyDocument, lens: CodeLens, command: string, uri: string, options?: WhoCanOptions): CodeLens;
}

/** What the service adds for host documents. */
export interface HostMethods {
  /** The KMS keys a template or Terraform file declares (none for a plain key policy). */
  keys(doc: PolicyDocument): HostKey[];
  /** A who-can question about one key of a host file. */
  keyReport(key: HostKey, question: Question, options?: WhoCanOptions): KeyReport | undefined;
  /** The check of each key of a host file, for the workspace view. */
  checks(doc: PolicyDocument, options?: WhoCanOptions): NonNullable<AnalyzeResult['keys']>;
}

/** Wraps a policy service so that it serves host documents. */
export function withHosts<S extends HostAwareMethods>(
  service: S,
  settings: PolicySettings,
  rules: readonly Rule[],
  completionContext: (doc: PolicyDocument) => CompletionContext,
  ruleSummary: (code: string) => string | undefined,
): S & HostMethods {
  const context = settings.context ?? {};
  const lintOf = (doc: HostDocument, lint?: LintResult): HostLintResult => (isHostLint(lint) ? lint : lintHost(doc, rules, settings));
  const keysOf = (doc: PolicyDocument): HostKey[] => (isHostDocument(doc) ? hostKeys(doc, hostViews(doc, context)) : []);
  return {
    ...service,
    lint: (doc) => (isHostDocument(doc) ? lintHost(doc, rules, settings) : service.lint(doc)),
    validate: (doc) => (isHostDocument(doc) ? lintHost(doc, rules, settings).findings.map((f) => service.diagnosticOf(doc, f)) : service.validate(doc)),
    symbols: (doc) => (isHostDocument(doc) ? hostSymbols(doc, hostViews(doc, context)) : service.symbols(doc)),
    format: (doc, options, range) => (isHostDocument(doc) ? [] : service.format(doc, options, range)),
    foldingRanges: (doc) => (isHostDocument(doc) ? [] : service.foldingRanges(doc)),
    selectionRanges: (doc, offsets) => (isHostDocument(doc) ? [] : service.selectionRanges(doc, offsets)),
    isKeyPolicy: (doc) => (isHostDocument(doc) ? doc.host.keys.length > 0 : service.isKeyPolicy(doc)),
    complete: (doc, offset) =>
      isHostDocument(doc) ? hostComplete(doc, offset, hostViews(doc, context), completionContext(doc)) : service.complete(doc, offset),
    hover: (doc, offset, lint) => (isHostDocument(doc) ? hostHover(doc, offset, lintOf(doc, lint), ruleSummary) : service.hover(doc, offset, lint)),
    codeActions: (doc, start, end, uri, lint) => service.codeActions(doc, start, end, uri, isHostDocument(doc) ? lintOf(doc, lint) : lint),
    codeLenses: (doc) => (isHostDocument(doc) ? hostCodeLenses(doc, hostViews(doc, context)) : service.codeLenses(doc)),
    resolveCodeLens: (doc, lens, command, uri, options) =>
      isHostDocument(doc) ? hostResolveLens(service, keysOf(doc), lens, command, uri, options) : service.resolveCodeLens(doc, lens, command, uri, options),
    keys: keysOf,
    keyReport: (key, question, options) => keyReport(service, key, question, options),
    checks: (doc, options) => (isHostDocument(doc) ? hostChecks(service, doc, lintHost(doc, rules, settings), options) : []),
  };
}
