/**
 * What a lint run found, in the shape every output format starts from. The JSON format prints exactly
 * this (`FileReport[]`), so it is the CLI's machine-readable contract.
 */
import type { LintResult, PolicyDocument, Severity } from '../engine';

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
  /** JSON pointer of the offending node ("" for the whole document). */
  readonly pointer: string;
  readonly range: { readonly start: Position; readonly end: Position };
}

/** The findings for one file. */
export interface FileReport {
  /** The path as given or found (relative to the working directory when inside it), or the stdin name. */
  readonly file: string;
  readonly diagnostics: CliDiagnostic[];
}

/** Converts the engine's findings for one document. */
export function toCliDiagnostics(doc: PolicyDocument, result: LintResult): CliDiagnostic[] {
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
