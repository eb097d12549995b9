/**
 * Finding a Terraform file's KMS-relevant blocks without parsing all of it. tree-sitter parses a 300 KB file in
 * tens of milliseconds; the blocks that matter (KMS key resources, policy documents, locals) are a few percent of
 * it, and tree-sitter can parse just those ranges of the text (includedRanges) and keep the text's offsets. In the
 * layout `terraform fmt` writes — each top-level block opening on a line at column 0 and closing with `}` at
 * column 0, heredoc bodies skipped — this lists those blocks; any other line at column 0 outside a block refuses
 * the cut, and the caller parses the whole text. A cut that does not parse cleanly is parsed whole too. This never
 * interprets HCL, it only finds where fmt-formatted blocks begin and end.
 */

/** A range of the text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

const HEADER = /^([A-Za-z_][\w-]*)((?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*)[ \t]*\{[ \t]*(\}[ \t]*)?((#|\/\/).*)?$/;
const HEREDOC = /<<-?"?([A-Za-z_][\w-]*)"?[ \t]*$/;
const CLOSE_BRACE = 125;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const CR = 13;

/**
 * Whether a block header names something the key-policy reader reads. `labels` is HEADER's second group: each label
 * (a quoted string without quotes inside, or a name) after spaces or tabs.
 */
function relevant(kind: string, labels: string): boolean {
  if (kind === 'locals') return true;
  if (kind !== 'resource' && kind !== 'data') return false;
  let at = 0;
  while (labels.charCodeAt(at) === SPACE || labels.charCodeAt(at) === TAB) at++;
  const quoted = labels.charCodeAt(at) === QUOTE;
  const from = quoted ? at + 1 : at;
  let to = from;
  while (to < labels.length && !(quoted ? labels.charCodeAt(to) === QUOTE : labels.charCodeAt(to) === SPACE || labels.charCodeAt(to) === TAB)) to++;
  const type = labels.slice(from, to);
  return kind === 'resource' ? type.startsWith('aws_kms_') : type === 'aws_iam_policy_document';
}

/** A line that closes a top-level block. */
const CLOSING_LINE = /^\}[ \t]*((#|\/\/).*)?$/;
const BLANK_LINE = /^[ \t]*((#|\/\/).*)?$/;

/** The next index of `search` in `text` at or after `from` (the text's length when there is none). */
function nextIndex(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
}

/**
 * The ranges of the relevant top-level blocks, or undefined when the file is not in fmt's layout. Inside a block only
 * two lines matter: one that closes it (`}` at column 0) and one that opens a heredoc (it holds `<<`); a heredoc's
 * body ends at a line holding its marker. Those are found by searching ahead, and the lines between skipped.
 */
export function relevantBlocks(text: string): TextRange[] | undefined {
  const out: TextRange[] = [];
  let pos = 0;
  let open: { start: number; relevant: boolean } | undefined;
  let heredoc: string | undefined;
  let comment = false;
  // The next `<<` (a heredoc may open on that line) and the next heredoc marker, searched for again once passed.
  let nextAngles = -1;
  let nextMarker = -1;
  const lineAt = (eol: number): string => text.slice(pos, eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol);
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    if (heredoc !== undefined) {
      if (nextMarker < pos) nextMarker = nextIndex(text, heredoc, pos);
      if (nextMarker < eol && lineAt(eol).trim() === heredoc) heredoc = undefined;
    } else if (comment) {
      if (lineAt(eol).includes('*/')) comment = false;
    } else if (open) {
      if (text.charCodeAt(pos) === CLOSE_BRACE && CLOSING_LINE.test(lineAt(eol))) {
        if (open.relevant) out.push({ start: open.start, end: eol });
        open = undefined;
      } else {
        if (nextAngles < pos) nextAngles = nextIndex(text, '<<', pos);
        if (nextAngles < eol) {
          const h = HEREDOC.exec(lineAt(eol));
          if (h) {
            heredoc = h[1];
            nextMarker = -1;
          }
        } else {
          // The lines up to the next one that starts with `}` or holds `<<` change nothing: go to it.
          const closing = text.indexOf('\n}', eol);
          eol = Math.min(closing < 0 ? text.length : closing, nextAngles < text.length ? text.lastIndexOf('\n', nextAngles) : text.length);
        }
      }
    } else if (eol > pos) {
      const line = lineAt(eol);
      // A header starts with a letter or `_`; only a line that does not can be blank or open a comment.
      const first = line.charCodeAt(0);
      const word = (first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95;
      if (!word && line.startsWith('/*')) comment = !line.includes('*/');
      else if (word || !BLANK_LINE.test(line)) {
        const m = HEADER.exec(line);
        if (!m) return undefined;
        const isRelevant = relevant(m[1] as string, m[2] ?? '');
        if (m[3] !== undefined) {
          if (isRelevant) out.push({ start: pos, end: eol });
        } else open = { start: pos, relevant: isRelevant };
      }
    }
    pos = eol + 1;
  }
  return open || heredoc !== undefined ? undefined : out;
}
