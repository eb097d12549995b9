/**
 * What a lint run found, in the shape every output format starts from. The JSON format prints exactly
 * this (`FileReport[]`), so it is the CLI's machine-readable contract.
 */
import { isHostDocument, isHostLint, type LintResult, type PolicyDocument, type Severity } from '../engine';

/** A 0-based position (UTF-16 code units, as in LSP). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** One finding as the CLI reports it. */
export interface CliDiagnostic {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  /** JSON pointer of the offending node ("" for the whole document); in a template, within the key's policy. */
  readonly pointer: string;
  readonly range: { readonly start: Position; readonly end: Position };
  /** In a template or Terraform file: the key's logical id or resource address. */
  readonly resource?: string;
}

/** The findings for one file. */
export interface FileReport {
  /** The path as given or found (relative to the working directory when inside it), or the stdin name. */
  readonly file: string;
  readonly diagnostics: CliDiagnostic[];
}

/**
 * Converts the engine's findings for one document. For a template or Terraform file, each finding names its key,
 * and the file's own syntax errors come first (code `template-syntax`): the keys that could be read are still linted.
 */
export function toCliDiagnostics(doc: PolicyDocument, result: LintResult): CliDiagnostic[] {
  if (isHostDocument(doc) && isHostLint(result)) {
    const syntax = doc.host.problems.map((p): CliDiagnostic => ({
      code: 'template-syntax',
      name: 'template-syntax',
      severity: 'error',
      message: p.message,
      pointer: '',
      range: { start: doc.positionAt(p.offset), end: doc.positionAt(p.offset + p.length) },
    }));
    const byKey = result.keys.flatMap((k) =>
      toCliDiagnostics(doc, { findings: [...k.findings], failures: [], facts: undefined }).map((d) => ({
        ...d,
        resource: k.key.resource.id,
      })),
    );
    return [...syntax, ...byKey];
  }
  return result.findings.map((f) => ({
    code: f.code,
    name: f.name,
    severity: f.severity,
    message: f.message,
    pointer: f.at.pointer,
    range: { start: doc.positionAt(f.at.offset), end: doc.positionAt(f.at.offset + f.at.length) },
  }));
}

/** Counts by severity over all reports. */
export interface Counts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

/** Counts the findings of every report by severity. */
export function countFindings(reports: readonly FileReport[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of reports) for (const d of r.diagnostics) counts[d.severity]++;
  return counts;
}
