/** The document outline: Version, Id, and each statement by Sid (or effect and index), with its elements. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { PolicyDocument, Span, Statement } from '../parse/model';
import { rangeOf } from '../diagnostics';

function symbol(
  doc: PolicyDocument,
  name: string,
  detail: string,
  kind: SymbolKind,
  whole: Span,
  selection: Span,
  children?: DocumentSymbol[],
): DocumentSymbol {
  return { name, detail, kind, range: rangeOf(doc, whole), selectionRange: rangeOf(doc, selection), ...(children ? { children } : {}) };
}

/** A readable name for a statement: its Sid, else "Allow #2". */
export function statementLabel(s: Statement): string {
  if (s.sid && s.sid.value !== '') return s.sid.value;
  return `${s.effect?.value ?? 'Statement'} #${s.index + 1}`;
}

/** Document symbols for the outline and breadcrumbs. */
export function documentSymbols(doc: PolicyDocument): DocumentSymbol[] {
  const policy = doc.policy;
  if (!policy) return [];
  const out: DocumentSymbol[] = [];
  for (const m of policy.members) {
    if (m.name.value === 'Statement') {
      const statements = policy.statements.map((s) => {
        const children = s.members.map((sm) =>
          symbol(doc, sm.name.value, summarise(sm.node.type === 'string' ? String(sm.node.value) : sm.node.type), SymbolKind.Field, sm.whole, sm.name),
        );
        const detail = [s.effect?.value, (s.action?.items ?? s.notAction?.items ?? []).map((a) => a.value).join(', ')].filter(Boolean).join(' ');
        return symbol(doc, statementLabel(s), summarise(detail), SymbolKind.Object, s.span, s.sid ?? s.span, children);
      });
      out.push(
        symbol(
          doc,
          'Statement',
          `${policy.statements.length} statement${policy.statements.length === 1 ? '' : 's'}`,
          SymbolKind.Array,
          m.whole,
          m.name,
          statements,
        ),
      );
    } else {
      out.push(symbol(doc, m.name.value, m.node.type === 'string' ? String(m.node.value) : m.node.type, SymbolKind.Property, m.whole, m.name));
    }
  }
  return out;
}

function summarise(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
