/**
 * Runs the rule pack over a document. Each rule is isolated: one that throws is recorded and skipped, so a
 * bug in one check never hides the others or crashes the caller.
 */
import type { PolicyDocument } from './parse/model';
import type { Finding, Report, Rule, Severity } from './rules/types';
import type { PolicyContext, PolicySettings } from './settings';
import { policyFactsOf, type PolicyFacts } from './facts';

/** A rule that threw: reported to the host for logging, never to the user as a diagnostic. */
export interface RuleFailure {
  readonly code: string;
  readonly error: string;
}

/** The outcome of linting one document. */
export interface LintResult {
  /** Findings in document order. */
  readonly findings: Finding[];
  /** Rules that failed internally. */
  readonly failures: RuleFailure[];
  /** The policy's facts the rules read (undefined when the root is not an object). */
  readonly facts: PolicyFacts | undefined;
}

/** A report stamped with its rule and severity (written out: an object spread of reports is slow). */
function stamp(r: Report, rule: Rule, severity: Severity): Finding {
  const f: { -readonly [K in keyof Finding]: Finding[K] } = { at: r.at, message: r.message, code: rule.code, name: rule.name, severity };
  if (r.fixes !== undefined) f.fixes = r.fixes;
  if (r.related !== undefined) f.related = r.related;
  if (r.unnecessary !== undefined) f.unnecessary = r.unnecessary;
  return f;
}

/** Whether an object has an own enumerable property. */
function hasAny(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/**
 * Lints a parsed document with the given rules and settings. `incomplete` says why the host stopped the
 * deeper analysis, when it did: the document rules see it (KP007 reports it).
 */
export function lintDocument(doc: PolicyDocument, rules: readonly Rule[], settings: PolicySettings, incomplete?: string): LintResult {
  const context: PolicyContext = settings.context ?? {};
  const facts = doc.policy ? policyFactsOf(doc, doc.policy, context) : undefined;
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  // One report function and one context per document, not per rule: a small policy's lint is mostly this
  // loop, so the rule being run and its override are kept in variables the report function reads.
  let rule: Rule = rules[0] as Rule;
  let override: Severity | undefined;
  const report = (r: Report): void => {
    const severity = override ?? r.severity ?? rule.severity;
    findings.push(stamp(r, rule, severity));
  };
  const documentContext = { doc, context, report, ...(incomplete !== undefined ? { incomplete } : {}) };
  const policyContext = doc.policy && facts ? { doc, policy: doc.policy, context, facts, report } : undefined;
  // No overrides (the usual case, `{}` from the front doors) skips two lookups of varying names per rule.
  const overrides = settings.rules !== undefined && hasAny(settings.rules) ? settings.rules : undefined;
  for (const r of rules) {
    const o = overrides === undefined ? undefined : (overrides[r.code] ?? overrides[r.name]);
    if (o === 'off') continue;
    rule = r;
    override = o;
    try {
      if (r.scope === 'document') r.check(documentContext);
      else if (policyContext) r.check(policyContext);
    } catch (e) {
      failures.push({ code: r.code, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  }
  findings.sort((a, b) => a.at.offset - b.at.offset || a.code.localeCompare(b.code));
  return { findings, failures, facts };
}
