/** Formatting with jsonc-parser's formatter: whole document or a range. */
import { format, type FormattingOptions } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../parse/model';
import { rangeOf } from '../diagnostics';

/** Edits that format the document (or the given offset range) with the editor's indentation settings. */
export function formatDocument(
  doc: PolicyDocument,
  options: { tabSize: number; insertSpaces: boolean; insertFinalNewline?: boolean },
  range?: { offset: number; length: number },
): TextEdit[] {
  const fo: FormattingOptions = {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol: doc.text.includes('\r\n') ? '\r\n' : '\n',
    ...(options.insertFinalNewline ? { insertFinalNewline: true } : {}),
  };
  // jsonc-parser 3.3.1 keeps 200 ready-made "line break + indentation" strings and reads one past the end when
  // a line needs exactly 200 indentation characters, leaving that edit's content undefined. Write it out.
  const exactlyCached = `${fo.eol}${(options.insertSpaces ? ' ' : '\t').repeat(JSONC_INDENT_CACHE)}`;
  return format(doc.text, range, fo).map((e) => ({ range: rangeOf(doc, e), newText: e.content ?? exactlyCached }));
}

/** How many indentation strings jsonc-parser's formatter has cached (see above). */
const JSONC_INDENT_CACHE = 200;
