/**
 * The HCL parser: tree-sitter's Terraform grammar (@tree-sitter-grammars/tree-sitter-hcl) run by web-tree-sitter
 * (WASM). Loading is asynchronous and needs the two WASM files' bytes, which the front door reads and hands in
 * (the engine does no I/O): the language server loads them once at start, the CLI before reading a .tf file.
 * Parsing is synchronous after that, and bounded in time (a pathological text is abandoned, never hangs).
 */
import { Language, Parser, type Range, type Tree } from 'web-tree-sitter';

/** A loaded Terraform grammar, ready to parse. */
export interface TerraformGrammar {
  /**
   * Parses `text`, or only the `ranges` of it (offsets into `text`; the tree keeps the text's offsets). Returns
   * undefined when the parse was abandoned. The caller deletes the tree (it lives in WASM memory).
   */
  parse(text: string, ranges?: readonly { readonly start: number; readonly end: number }[]): Tree | undefined;
}

/** The longest a parse may take before it is abandoned (a 5 MB file parses in well under a second). */
const PARSE_BUDGET_MS = 5000;

/**
 * Loads the grammar from the bytes of web-tree-sitter's runtime (`web-tree-sitter.wasm`) and of the grammar
 * (`tree-sitter-terraform.wasm`). Call once per process: the runtime is initialised once and shared.
 */
export async function loadTerraformGrammar(runtime: Uint8Array, grammar: Uint8Array): Promise<TerraformGrammar> {
  await Parser.init({ wasmBinary: runtime } as Parameters<typeof Parser.init>[0]);
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text, ranges) {
      const deadline = Date.now() + PARSE_BUDGET_MS;
      const included = ranges ? toRanges(text, ranges) : undefined;
      try {
        const tree = parser.parse(text, null, {
          ...(included && included.length > 0 ? { includedRanges: included } : {}),
          progressCallback: () => Date.now() > deadline,
        });
        return tree ?? undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Tree-sitter ranges for sorted offsets of `text` (rows and columns counted in one pass). */
function toRanges(text: string, ranges: readonly { readonly start: number; readonly end: number }[]): Range[] {
  let row = 0;
  let lineStart = 0;
  let scanned = 0;
  const pointAt = (offset: number): { row: number; column: number } => {
    for (let i = text.indexOf('\n', scanned); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      row++;
      lineStart = i + 1;
    }
    scanned = Math.max(scanned, Math.min(offset, text.length));
    return { row, column: offset - lineStart };
  };
  return ranges.map((r) => {
    const startPosition = pointAt(r.start);
    return { startIndex: r.start, endIndex: r.end, startPosition, endPosition: pointAt(r.end) };
  });
}
