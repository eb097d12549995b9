/** Folding ranges for every multi-line object and array. Iterative, so deep documents cannot overflow. */
import type { FoldingRange } from 'vscode-languageserver-types';
import type { Node as JsonNode } from 'jsonc-parser';
import type { PolicyDocument } from '../parse/model';

/** Folding ranges, outermost first, at most `limit` of them. */
export function foldingRanges(doc: PolicyDocument, limit = 5000): FoldingRange[] {
  const out: FoldingRange[] = [];
  if (!doc.root) return out;
  const stack: JsonNode[] = [doc.root];
  while (stack.length > 0 && out.length < limit) {
    const node = stack.pop() as JsonNode;
    if (node.type === 'object' || node.type === 'array') {
      const start = doc.positionAt(node.offset).line;
      const end = doc.positionAt(node.offset + node.length).line;
      if (end > start) out.push({ startLine: start, endLine: end - 1 });
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as JsonNode);
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}
