/** Findings as LSP diagnostics: code, source, a link to the rule page, related places and tags. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { PolicyDocument, Span } from './parse/model';
import type { Finding, Severity } from './rules/types';
import { DEFAULT_RULE_DOCS_BASE_URL } from './settings';

/** The `source` of every diagnostic this engine produces. */
export const DIAGNOSTIC_SOURCE = 'kms-key-policy';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The LSP range of a span. */
export function rangeOf(doc: PolicyDocument, span: Pick<Span, 'offset' | 'length'>): Diagnostic['range'] {
  return { start: doc.positionAt(span.offset), end: doc.positionAt(span.offset + span.length) };
}

/** Converts one finding. Related information needs the document's URI; without one it is left out. */
export function toDiagnostic(doc: PolicyDocument, f: Finding, docsBaseUrl = DEFAULT_RULE_DOCS_BASE_URL): Diagnostic {
  const d: Diagnostic = {
    range: rangeOf(doc, f.at),
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: `${docsBaseUrl}${f.code}.md` },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    data: { name: f.name, pointer: f.at.pointer },
  };
  if (f.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
  if (f.related && f.related.length > 0 && doc.uri) {
    d.relatedInformation = f.related.map((r): DiagnosticRelatedInformation => ({
      location: { uri: doc.uri as string, range: rangeOf(doc, r) },
      message: r.message,
    }));
  }
  return d;
}
