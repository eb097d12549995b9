/**
 * The contract every rule implements. A rule reads the parsed document and reports findings; it never
 * throws on odd input (the runner isolates it anyway) and never mutates the document.
 */
import type { PolicyDocument, Policy, Span } from '../parse/model';
import type { PolicyContext, Severity, SeverityOverride } from '../settings';
import type { PolicyFacts } from '../facts';
import type { Fix, TextEditSpec } from '../fixes/edits';

export type { Fix, Severity, SeverityOverride, TextEditSpec };

/** Another place in the document that explains a finding (e.g. the Deny that shadows an Allow). */
export interface RelatedSpan extends Span {
  readonly message: string;
}

/** What a rule reports. Position, message and optional fixes; code and severity come from the rule. */
export interface Report {
  /** Where: the narrowest span that shows the problem. */
  readonly at: Span;
  /** What is wrong, why it matters, what to do: one or two sentences. */
  readonly message: string;
  /** Quick fixes, safest first. */
  readonly fixes?: readonly Fix[];
  /** Related places. */
  readonly related?: readonly RelatedSpan[];
  /** The finding marks code that has no effect (editors fade it). */
  readonly unnecessary?: boolean;
  /** Overrides the rule's default severity for this one report (e.g. errors for crypto actions). */
  readonly severity?: Severity;
}

/** A finding: a report stamped with its rule's identity and effective severity. */
export interface Finding extends Report {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
}

/** What a document-level rule sees: the text and its syntax problems, with or without a policy. */
export interface DocumentRuleContext {
  /** The parsed document. */
  readonly doc: PolicyDocument;
  /** The key's facts known to the caller. */
  readonly context: PolicyContext;
  /** Why the host did not let the deeper analysis run (it ran out of time, say), when it stopped it. */
  readonly incomplete?: string;
  /** Reports a finding. */
  report(report: Report): void;
}

/** What a policy-level rule sees. */
export interface RuleContext {
  /** The parsed document. */
  readonly doc: PolicyDocument;
  /** The policy model (policy rules run only when the root is an object). */
  readonly policy: Policy;
  /** The key's facts known to the caller (account, region, key spec...). */
  readonly context: PolicyContext;
  /** What the policy and each statement mean (actions, conditions, principals, grants), computed lazily once per lint. */
  readonly facts: PolicyFacts;
  /** Reports a finding. */
  report(report: Report): void;
}

/** What every rule declares. */
interface RuleIdentity {
  /** Stable code, e.g. `KP201`. Codes are never renumbered or reused. */
  readonly code: string;
  /** Stable kebab-case name, e.g. `unknown-action`. */
  readonly name: string;
  /** Default severity. */
  readonly severity: Severity;
  /** One line for the rule list (README, docs index, hover). */
  readonly summary: string;
}

/** A rule over the policy model: runs when the document's root is an object. */
export interface PolicyRule extends RuleIdentity {
  readonly scope?: 'policy';
  /** Runs the check. */
  check(ctx: RuleContext): void;
}

/** A rule over the raw document: runs on every document, even one that is not a policy. */
export interface DocumentRule extends RuleIdentity {
  readonly scope: 'document';
  /** Runs the check. */
  check(ctx: DocumentRuleContext): void;
}

/** A lint rule. One per file under rules/, listed in rules/index.ts. */
export type Rule = PolicyRule | DocumentRule;
