/**
 * Text edits that turn a key policy into its tightened form while leaving everything else as written:
 * a statement's Principal or Action replaced, NotAction turned into Action, statements removed. Edits go
 * through jsonc-parser's `modify`, formatted like the rest of the document (its indentation, its line ends).
 */
import { applyEdits, modify, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import type { Policy } from '../parse/model';

/** A change to one statement. */
export interface StatementEdit {
  readonly index: number;
  /** The new Principal value, when it changes. */
  readonly principal?: unknown;
  /** The new Action value, when it changes (replaces NotAction when the statement had one). */
  readonly action?: unknown;
  /** Remove the statement. */
  readonly remove?: boolean;
}

/** The indentation and line end a document uses. */
export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return { insertSpaces: true, tabSize: 2, eol };
  const indent = m[1]!;
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 4, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/** Applies statement edits to the policy text; statements are removed last, from the end, so paths stay valid. */
export function applyStatementEdits(text: string, policy: Policy, edits: readonly StatementEdit[]): string {
  const formattingOptions = formattingOf(text);
  const path = (index: number): JSONPath => (policy.statementIsArray ? ['Statement', index] : ['Statement']);
  let out = text;
  const change = (p: JSONPath, value: unknown, getInsertionIndex?: (properties: string[]) => number): void => {
    out = applyEdits(out, modify(out, p, value, { formattingOptions, ...(getInsertionIndex ? { getInsertionIndex } : {}) }));
  };
  for (const e of edits) {
    if (e.remove) continue;
    const st = path(e.index);
    if (e.principal !== undefined) change([...st, 'Principal'], e.principal);
    if (e.action !== undefined) {
      const statement = policy.statements.find((s) => s.index === e.index);
      if (statement?.notAction) {
        // Put Action where NotAction stood, then drop NotAction.
        change([...st, 'Action'], e.action, (props) => {
          const at = props.indexOf('NotAction');
          return at < 0 ? props.length : at;
        });
        change([...st, 'NotAction'], undefined);
      } else {
        change([...st, 'Action'], e.action);
      }
    }
  }
  const removals = edits
    .filter((e) => e.remove)
    .map((e) => e.index)
    .sort((a, b) => b - a);
  for (const index of removals) {
    if (policy.statementIsArray) change(['Statement', index], undefined);
    else change(['Statement'], []);
  }
  return out;
}
