/**
 * Terraform string templates → pieces: the literal text between interpolations (taken from the source text
 * itself, since the grammar leaves whitespace out of its literal nodes), with HCL's escapes decoded — `\"`,
 * `\\`, `\n`, `\uNNNN`… in quoted strings, `$${` and `%%{` in both quoted strings and heredocs — and each
 * `${…}` interpolation resolved by the caller. A template directive (`%{ if }`, `%{ for }`) makes the whole
 * string open: what it produces depends on values the file does not fix.
 */
import type { Node } from 'web-tree-sitter';
import type { Piece } from '../host/sourceValue';

/** Resolves an interpolation's expression to pieces. */
export type Interpolate = (expression: Node) => Piece[];

/** The result of reading a template: its pieces, or `directive` when it holds a template directive. */
export type TemplateRead = { readonly pieces: Piece[] } | { readonly directive: Node };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Literal text of a quoted string (escapes decoded) or of a heredoc, as exact runs and escape pieces. */
function literal(text: string, start: number, end: number, quoted: boolean, out: Piece[]): void {
  let run = start;
  const flush = (to: number): void => {
    if (to > run) out.push({ kind: 'text', text: text.slice(run, to), range: { start: run, end: to }, exact: true });
  };
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    let decoded: string | undefined;
    let length = 0;
    if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123) {
      decoded = `${text[i]}{`; // $${ → ${, %%{ → %{
      length = 3;
    } else if (quoted && c === 92) {
      const n = text[i + 1] ?? '';
      if (SIMPLE_ESCAPES[n] !== undefined) {
        decoded = SIMPLE_ESCAPES[n];
        length = 2;
      } else if (n === 'u' || n === 'U') {
        const digits = n === 'u' ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + digits);
        const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits ? parseInt(hex, 16) : NaN;
        decoded = Number.isNaN(code) || code > 0x10ffff ? n : String.fromCodePoint(code);
        length = Number.isNaN(code) ? 2 : 2 + digits;
      }
    }
    if (decoded === undefined) {
      i++;
      continue;
    }
    flush(i);
    out.push({ kind: 'text', text: decoded, range: { start: i, end: i + length }, exact: false });
    i += length;
    run = i;
  }
  flush(end);
}

/** The content range of a heredoc: from the line after `<<EOF` to the start of the closing line. */
function heredocContent(node: Node, text: string): { start: number; end: number } {
  const ids = node.namedChildren.filter((c) => c?.type === 'heredoc_identifier');
  const open = ids[0];
  const close = ids[ids.length - 1];
  const afterOpen = open ? text.indexOf('\n', open.endIndex) : -1;
  const start = afterOpen < 0 ? node.endIndex : afterOpen + 1;
  let end = close && close !== open ? close.startIndex : node.endIndex;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return { start, end: Math.max(start, end) };
}

/**
 * Reads a quoted template, a string literal or a heredoc template into pieces. Literal text comes from the
 * source between the parts the grammar marks (interpolations and directives).
 */
export function readTemplate(node: Node, text: string, interpolate: Interpolate): TemplateRead {
  const heredoc = node.type === 'heredoc_template';
  let start: number;
  let end: number;
  if (heredoc) ({ start, end } = heredocContent(node, text));
  else {
    const first = node.children[0];
    const last = node.children[node.children.length - 1];
    start = first?.type === 'quoted_template_start' ? first.endIndex : node.startIndex;
    end = last?.type === 'quoted_template_end' ? last.startIndex : node.endIndex;
  }
  const out: Piece[] = [];
  let pos = start;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'template_directive') return { directive: child };
    if (child.type !== 'template_interpolation') continue;
    if (child.startIndex < pos || child.endIndex > end) continue;
    literal(text, pos, child.startIndex, !heredoc, out);
    const expression = child.namedChildren.find((c) => c?.type === 'expression');
    if (expression) out.push(...interpolate(expression));
    pos = child.endIndex;
  }
  literal(text, pos, end, !heredoc, out);
  return { pieces: out };
}
