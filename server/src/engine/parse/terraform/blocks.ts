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

/** Whether a block header names something the key-policy reader reads. */
function relevant(kind: string, labels: string): boolean {
  if (kind === 'locals') return true;
  const first = /"([^"]*)"|([A-Za-z_][\w-]*)/.exec(labels.trim());
  const type = first?.[1] ?? first?.[2] ?? '';
  return (kind === 'resource' && type.startsWith('aws_kms_')) || (kind === 'data' && type === 'aws_iam_policy_document');
}

/** The ranges of the relevant top-level blocks, or undefined when the file is not in fmt's layout. */
export function relevantBlocks(text: string): TextRange[] | undefined {
  const out: TextRange[] = [];
  let pos = 0;
  let open: { start: number; relevant: boolean } | undefined;
  let heredoc: string | undefined;
  let comment = false;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
    } else if (comment) {
      if (line.includes('*/')) comment = false;
    } else if (open) {
      if (/^\}[ \t]*((#|\/\/).*)?$/.test(line)) {
        if (open.relevant) out.push({ start: open.start, end: eol });
        open = undefined;
      } else {
        const h = HEREDOC.exec(line);
        if (h) heredoc = h[1];
      }
    } else if (!/^[ \t]*((#|\/\/).*)?$/.test(line)) {
      if (/^\/\*/.test(line)) comment = !line.includes('*/');
      else {
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
