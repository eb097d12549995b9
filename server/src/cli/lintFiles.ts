/**
 * Linting one input of `kms-policy lint`: read it (never throwing), decide whether it is a key policy, run the
 * rule pack and shape the report. The same function runs in the main thread and in the worker threads of a
 * parallel run (lintWorkers.ts), so both give byte-identical reports.
 */
import { isHostDocument, mayDeclareKeys, type PolicyDocument, type PolicyService } from '../engine';
import { documentHints } from '../hostFiles';
import { readText, type IoProblem, type Source } from './files';
import { toCliDiagnostics, type FileReport } from './report';

/** A file source (standard input is always read by the main thread). */
export type FileSource = Extract<Source, { kind: 'file' }>;

/** What became of one input. */
export type LintOutcome =
  /** Linted: the report, and the internal failures of rules (for stderr). */
  | { readonly kind: 'report'; readonly report: FileReport; readonly failures: readonly string[] }
  /** Found in a directory and not a key policy. */
  | { readonly kind: 'skipped' }
  /** Could not be read. */
  | { readonly kind: 'problem'; readonly problem: IoProblem };

/**
 * Whether a document found in a directory is linted: a template with keys, or a key policy (one too large to
 * analyse has no model to look in: its "Statement" text is taken at its word).
 */
function declaresPolicy(doc: PolicyDocument, policyLike: boolean): boolean {
  if (isHostDocument(doc)) return doc.host.keys.length > 0;
  return doc.structureOnly ? policyLike : doc.policy?.statementMember !== undefined;
}

/**
 * Lints text read from an input; `explicit` inputs are linted even without a top-level "Statement". `name` (a path,
 * or the stdin name) tells a template's format: YAML, JSON or .template.
 */
export function lintText(service: PolicyService, display: string, text: string, explicit: boolean, quiet: boolean, name = display): LintOutcome {
  // Found in a directory: only key policies (a top-level "Statement") and templates that declare keys are linted.
  const policyLike = /\.json$/i.test(name) && text.includes('"Statement"');
  if (!explicit && !policyLike && !mayDeclareKeys(text)) return { kind: 'skipped' };
  const doc = service.parse(text, name, documentHints(name));
  if (!explicit && !declaresPolicy(doc, policyLike)) return { kind: 'skipped' };
  const result = service.lint(doc);
  const failures = result.failures.map((f) => `internal error in rule ${f.code} on ${display}: ${f.error.split('\n')[0] ?? ''}`);
  const diagnostics = toCliDiagnostics(doc, result);
  return {
    kind: 'report',
    report: { file: display, diagnostics: quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics },
    failures,
  };
}

/** Reads and lints one file. */
export function lintFile(service: PolicyService, source: FileSource, quiet: boolean): LintOutcome {
  const read = readText(source.path);
  if ('error' in read) return { kind: 'problem', problem: { display: source.display, message: read.error } };
  return lintText(service, source.display, read.text, source.explicit, quiet, source.path);
}
