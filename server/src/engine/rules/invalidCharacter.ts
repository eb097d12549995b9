/**
 * KP116: a character KMS does not accept in a key policy. Only tab, LF, CR and U+0020–U+00FF are allowed;
 * typical culprits are curly quotes, dashes and zero-width spaces pasted from documents. The first one is
 * reported (with how many more there are), with the JSON pointer of the element that holds it (the Sid, the
 * principal, the member name), so lists and SARIF output point into the policy rather than at the document; a
 * byte-order mark at the start is KP005's.
 */
import { findNodeAtOffset } from 'jsonc-parser';
import { pointerOf } from '../parse/syntax';
import type { DocumentRule, Fix } from './types';
import { isAllowedPolicyChar } from '../catalog';

/** Plain replacements for characters that word processors and web pages substitute. */
const LOOKALIKES: Readonly<Record<number, string>> = {
  0x2018: "'",
  0x2019: "'",
  0x201c: '"',
  0x201d: '"',
  0x2013: '-',
  0x2014: '-',
  0x2212: '-',
  0x2026: '...',
  0x200b: '',
  0x200c: '',
  0x200d: '',
  0x2060: '',
  0xfeff: '',
  0x2002: ' ',
  0x2003: ' ',
  0x2009: ' ',
  0x202f: ' ',
};

/** A character KMS rejects (the complement of isAllowedPolicyChar). */
const OUTSIDE = /[^\t\n\r\x20-\xff]/g;

function describe(cp: number, text: string): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const visible = cp > 0x20 && !(cp >= 0x7f && cp <= 0x9f) && !(cp >= 0x2000 && cp <= 0x200f) && cp !== 0x2060 && cp !== 0xfeff;
  return visible ? `"${text}" (${hex})` : hex;
}

/** KP116: a character outside tab/LF/CR/U+0020–U+00FF. */
export const invalidCharacter: DocumentRule = {
  scope: 'document',
  code: 'KP116',
  name: 'invalid-character',
  severity: 'error',
  summary: 'The policy contains a character outside tab, LF, CR and U+0020–U+00FF; KMS rejects it.',
  check(ctx) {
    // Nearly every policy is ASCII, which the reader already knows; otherwise one regular-expression scan
    // (three times faster than the loop) says whether anything is outside the allowed range.
    if (ctx.doc.asciiOnly) return;
    const text = ctx.doc.text;
    OUTSIDE.lastIndex = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (!OUTSIDE.test(text)) return;
    let first: { offset: number; length: number; cp: number } | undefined;
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isAllowedPolicyChar(c)) continue;
      if (i === 0 && c === 0xfeff) continue;
      const cp = text.codePointAt(i) as number;
      const length = cp > 0xffff ? 2 : 1;
      count++;
      first ??= { offset: i, length, cp };
      i += length - 1;
    }
    if (!first) return;
    const ch = text.slice(first.offset, first.offset + first.length);
    const more = count > 1 ? ` (${count - 1} more after it)` : '';
    let replacement = LOOKALIKES[first.cp];
    // Inside a JSON string a straight double quote must be escaped; outside one (curly quotes used as
    // delimiters) it is exactly what the author meant.
    const node = ctx.doc.root ? findNodeAtOffset(ctx.doc.root, first.offset) : undefined;
    const inString = node?.type === 'string' && first.offset > node.offset && first.offset < node.offset + node.length - 1;
    if (replacement !== undefined && inString) replacement = JSON.stringify(replacement).slice(1, -1);
    const fixes: Fix[] =
      replacement === undefined
        ? []
        : [
            {
              title: replacement === '' ? `Remove ${describe(first.cp, ch)}` : `Replace with ${JSON.stringify(LOOKALIKES[first.cp])}`,
              edits: [{ offset: first.offset, length: first.length, newText: replacement }],
              preferred: true,
            },
          ];
    ctx.report({
      at: { offset: first.offset, length: first.length, pointer: node ? pointerOf(node) : '' },
      message: `The character ${describe(first.cp, ch)} is not allowed in a key policy${more}: KMS accepts only tab, LF, CR and U+0020–U+00FF and rejects the document. Replace or remove it.`,
      ...(fixes.length ? { fixes } : {}),
    });
  },
};
