/** Test helpers for features: cursor-marked text, applying completion edits, snippet stripping. */
import { parsePolicy } from '../../../server/src/engine/parse/parsePolicy';
import type { CompletionItem } from 'vscode-languageserver-types';

/** Splits `text with |cursor` into text and offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | in text');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Resolves snippet syntax to its default text: ${1:x} → x, ${1|a,b|} → a, $1/$0 → "". */
export function stripSnippet(s: string): string {
  let out = s;
  for (let i = 0; i < 5; i++) {
    out = out.replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1');
  }
  return out.replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
}

/** Applies a completion item's edit to the text. */
export function applyCompletion(text: string, item: CompletionItem): string {
  const edit = item.textEdit as {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  };
  const doc = parsePolicy(text);
  const start = doc.offsetAt(edit.range.start);
  const end = doc.offsetAt(edit.range.end);
  return text.slice(0, start) + stripSnippet(edit.newText) + text.slice(end);
}
