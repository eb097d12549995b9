/**
 * Where a completion's text goes and what punctuation it needs so the result is valid JSON: replace the
 * string (or bare word) under the cursor, and add a leading or trailing comma when a neighbour needs one.
 */
import type { PolicyDocument } from '../../parse/model';
import type { Place } from '../position';

/** The text range a completion replaces and the commas it must add. */
export interface InsertSite {
  readonly offset: number;
  readonly length: number;
  /** The text currently in the range (for filtering). */
  readonly typed: string;
  readonly leadingComma: boolean;
  readonly trailingComma: boolean;
  /** For keys: a value already follows (`"Eff|": "Allow"`), so only the key is replaced. */
  readonly keyOnly: boolean;
}

const WORD = /[A-Za-z0-9:*?._\-/]/;

/** Computes the insert site at `offset`. */
export function insertSite(doc: PolicyDocument, offset: number, place: Place): InsertSite {
  const text = doc.text;
  let start = offset;
  let end = offset;
  let keyOnly = false;
  const s = place.stringNode;
  if (s) {
    start = s.offset;
    end = s.offset + s.length;
    // An unterminated string runs to the end of the line in jsonc-parser; stop at the cursor's line end.
    const lineEnd = text.indexOf('\n', offset);
    if (lineEnd >= 0 && end > lineEnd) end = lineEnd;
    const prop = s.parent;
    keyOnly = prop?.type === 'property' && prop.children?.[0] === s && (prop.colonOffset !== undefined || prop.children.length > 1);
  } else {
    while (start > 0 && WORD.test(text.charAt(start - 1))) start--;
    while (end < text.length && WORD.test(text.charAt(end))) end++;
  }
  let after = end;
  while (after < text.length && /\s/.test(text.charAt(after))) after++;
  let before = start - 1;
  while (before >= 0 && /\s/.test(text.charAt(before))) before--;
  const next = text.charAt(after);
  const prev = before >= 0 ? text.charAt(before) : '';
  return {
    offset: start,
    length: end - start,
    typed: text.slice(start, end),
    leadingComma: prev !== '' && /["}\]0-9el]/.test(prev),
    trailingComma: !keyOnly && next !== '' && /["{[0-9tfn-]/.test(next),
    keyOnly,
  };
}

/** Escapes text for a snippet (`$`, `}` and `\`). */
export function snippetEscape(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}
