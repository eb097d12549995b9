/**
 * A bound on formatting work. jsonc-parser's formatter puts every nested value on its own line, indented
 * by its depth, so the output grows with size × depth: text nested thousands deep (`[[[[…`, pasted or
 * typed by accident) formats into tens of megabytes of edits after many seconds of work, during which
 * the server answers nothing else. The randomised LSP test found 6,000 nested brackets in a 78 KB
 * document taking 14 s and 50 MB. A key policy (at most 32 KB, nested a few levels) is nowhere near the
 * bound, so the server declines only such text, and says so in its log.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';

/** The most indentation (in characters) a format may add: about a thousand times a real policy's. */
export const MAX_FORMAT_INDENTATION = 4 * 1024 * 1024;

/**
 * Whether formatting `text` would indent more than the bound: one linear scan, summing the indentation of
 * every line the formatter starts (after `{`, `[` and `,`, and before `}` and `]`), stopping at the bound.
 */
export function formattingTooCostly(text: string, options: { tabSize: number; insertSpaces: boolean }): boolean {
  const unit = options.insertSpaces ? Math.max(1, options.tabSize) : 1;
  const scanner = createScanner(text, true);
  let depth = 0;
  let indentation = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) depth++;
    else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
    else if (token !== SyntaxKind.CommaToken) continue;
    indentation += depth * unit;
    if (indentation > MAX_FORMAT_INDENTATION) return true;
  }
  return false;
}
