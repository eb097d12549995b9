/**
 * A JSON string token of the host text as pieces of its decoded value: runs written without escapes map to the
 * host one for one, each escape (`\"`, `\n`, `\u00e9`…) stands for its own characters. A policy written as a JSON
 * string inside JSON (a plan's `values.policy`, a template's KeyPolicy string) then keeps exact positions.
 */
import type { Piece } from './sourceValue';

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The pieces of the JSON string token at [start, end) of `text` (quotes included). */
export function jsonStringPieces(text: string, start: number, end: number): Piece[] {
  const out: Piece[] = [];
  const from = start + 1;
  const to = Math.max(from, end - 1);
  let run = from;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) !== 92) continue;
    if (i > run) out.push({ kind: 'text', text: text.slice(run, i), range: { start: run, end: i }, exact: true });
    const e = text[i + 1] ?? '';
    let decoded = ESCAPES[e];
    let length = 2;
    if (e === 'u') {
      const code = parseInt(text.slice(i + 2, i + 6), 16);
      decoded = Number.isNaN(code) ? 'u' : String.fromCharCode(code);
      length = Number.isNaN(code) ? 2 : 6;
    }
    out.push({ kind: 'text', text: decoded ?? e, range: { start: i, end: Math.min(i + length, to) }, exact: false });
    i += length - 1;
    run = i + 1;
  }
  if (to > run) out.push({ kind: 'text', text: text.slice(run, to), range: { start: run, end: to }, exact: true });
  return out;
}
