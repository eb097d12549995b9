/**
 * The engine's public surface. The server, the CLI and tests import from here and nowhere deeper.
 * Shaped like vscode-json-languageservice: parse once, pass the document to every feature.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { parsePolicy } from './parse/parsePolicy';
import type { PolicyDocument } from './parse/model';
import { lintDocument, type LintResult } from './lint';
import { ALL_RULES } from './rules';
import type { Rule } from './rules/types';
import type { PolicySettings } from './settings';
import { toDiagnostic } from './diagnostics';

export type { PolicyDocument, Policy, Statement, Span, Located } from './parse/model';
export type { PrincipalRef } from './parse/principalRef';
export type { Finding, Fix, Rule, Severity, SeverityOverride } from './rules/types';
export type { PolicyContext, PolicySettings } from './settings';
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
}

/** Creates a policy service. `rules` replaces the rule pack (tests use this to run one rule). */
export function createPolicyService(settings: PolicySettings = {}, rules: readonly Rule[] = ALL_RULES): PolicyService {
  return {
    settings,
    parse: (text, uri) => parsePolicy(text, uri),
    lint: (doc) => lintDocument(doc, rules, settings),
    validate: (doc) => lintDocument(doc, rules, settings).findings.map((f) => toDiagnostic(doc, f, settings.ruleDocsBaseUrl)),
  };
}
