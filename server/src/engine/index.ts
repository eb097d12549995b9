/**
 * The engine's public surface. The server, the CLI and tests import from here and nowhere deeper.
 * Shaped like vscode-json-languageservice: parse once, pass the document to every feature.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { parsePolicy } from './parse/parsePolicy';
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
import { inferPolicyAccount } from './accountInference';
import { findRule } from './rules';

export type { PolicyDocument, Policy, Statement, Span, Located } from './parse/model';
export type { PrincipalRef } from './parse/principalRef';
export type { Finding, Fix, Rule, Severity, SeverityOverride } from './rules/types';
export type { PolicyContext, PolicySettings } from './settings';
export { DEFAULT_RULE_DOCS_BASE_URL } from './settings';
export type { LintResult, RuleFailure } from './lint';
export { ALL_RULES, findRule } from './rules';
export { DIAGNOSTIC_SOURCE } from './diagnostics';

/** One configured engine instance. Stateless between calls: every input is passed in. */
export interface PolicyService {
  /** The settings this service was created with. */
  readonly settings: PolicySettings;
  /** Parses text; never throws. */
  parse(text: string, uri?: string): PolicyDocument;
  /** Runs every enabled rule. */
  lint(doc: PolicyDocument): LintResult;
  /** Runs every enabled rule and returns LSP diagnostics. */
  validate(doc: PolicyDocument): Diagnostic[];
  /** One finding as an LSP diagnostic (code, source, rule page link, related information, tags). */
  diagnosticOf(doc: PolicyDocument, finding: Finding): Diagnostic;
  /** Quick fixes for the findings overlapping the offset range (pass the lint result already computed, if any). */
  codeActions(doc: PolicyDocument, start: number, end: number, uri: string, lint?: LintResult): CodeAction[];
  /** The outline. */
  symbols(doc: PolicyDocument): DocumentSymbol[];
  /** Formatting edits for the document or an offset range. */
  format(doc: PolicyDocument, options: { tabSize: number; insertSpaces: boolean; insertFinalNewline?: boolean }, range?: { offset: number; length: number }): TextEdit[];
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
}

/** Creates a policy service. `rules` replaces the rule pack (tests use this to run one rule). */
export function createPolicyService(settings: PolicySettings = {}, rules: readonly Rule[] = ALL_RULES): PolicyService {
  return {
    settings,
    parse: (text, uri) => parsePolicy(text, uri),
    lint: (doc) => lintDocument(doc, rules, settings),
    validate: (doc) => lintDocument(doc, rules, settings).findings.map((f) => toDiagnostic(doc, f, settings.ruleDocsBaseUrl)),
    diagnosticOf: (doc, finding) => toDiagnostic(doc, finding, settings.ruleDocsBaseUrl),
    codeActions: (doc, start, end, uri, lint) => codeActions(doc, (lint ?? lintDocument(doc, rules, settings)).findings, start, end, uri, settings.ruleDocsBaseUrl),
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
  };
}
