/**
 * How the syntax rules (KP001–KP005) report the parser's problems: one finding per problem of their kinds,
 * the first occurrence of a duplicate as a related place, and the removal fix where removing the text is
 * the whole fix (a comment, a trailing comma, a byte-order mark).
 */
import type { PolicyDocument, Span, SyntaxProblem } from '../parse/model';
import type { Fix } from './edits';

const REMOVAL_TITLES: Partial<Record<SyntaxProblem['kind'], string>> = {
  comment: 'Remove the comment',
  'trailing-comma': 'Remove the trailing comma',
  bom: 'Remove the byte-order mark',
};

/** What a syntax rule reports for one problem (structurally a rule Report). */
export interface SyntaxReport {
  readonly at: Span;
  readonly message: string;
  readonly related?: readonly (Span & { readonly message: string })[];
  readonly fixes?: readonly Fix[];
}

/** The reports for every problem of the given kinds in the document, in parse order. */
export function syntaxReports(doc: PolicyDocument, kinds: readonly SyntaxProblem['kind'][]): SyntaxReport[] {
  const out: SyntaxReport[] = [];
  for (const p of doc.syntaxProblems) {
    if (!kinds.includes(p.kind)) continue;
    const title = REMOVAL_TITLES[p.kind];
    out.push({
      at: p,
      message: p.message,
      ...(p.related ? { related: [{ ...p.related, message: 'First occurrence' }] } : {}),
      ...(title ? { fixes: [{ title, edits: [{ offset: p.offset, length: p.length, newText: '' }], preferred: true }] } : {}),
    });
  }
  return out;
}
