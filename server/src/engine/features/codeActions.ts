/** Quick fixes: every fix a rule attached to a finding that touches the requested range. */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../parse/model';
import type { Finding } from '../rules/types';
import { rangeOf, toDiagnostic } from '../diagnostics';

/** Code actions for findings overlapping [start, end] (offsets). `uri` names the document in the edit. */
export function codeActions(doc: PolicyDocument, findings: readonly Finding[], start: number, end: number, uri: string, docsBaseUrl?: string): CodeAction[] {
  const out: CodeAction[] = [];
  for (const f of findings) {
    const fStart = f.at.offset;
    const fEnd = f.at.offset + f.at.length;
    if (fEnd < start || fStart > end || !f.fixes) continue;
    const diagnostic: Diagnostic = toDiagnostic(doc, f, docsBaseUrl);
    for (const fix of f.fixes) {
      const edits: TextEdit[] = fix.edits.map((e) => ({ range: rangeOf(doc, e), newText: e.newText }));
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred === true,
        edit: { changes: { [uri]: edits } },
      });
    }
  }
  return out;
}
