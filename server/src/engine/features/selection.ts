/** Selection ranges: expand from a value to its member, its object, its statement, up to the document. */
import { findNodeAtOffset, type Node as JsonNode } from 'jsonc-parser';
import type { SelectionRange } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../parse/model';
import { rangeOf } from '../diagnostics';

/** One selection-range chain per position. */
export function selectionRanges(doc: PolicyDocument, offsets: readonly number[]): SelectionRange[] {
  return offsets.map((offset) => {
    let node: JsonNode | undefined = doc.root ? findNodeAtOffset(doc.root, offset, true) : undefined;
    const chain: { offset: number; length: number }[] = [];
    while (node) {
      const last = chain[chain.length - 1];
      if (!last || last.offset !== node.offset || last.length !== node.length) chain.push({ offset: node.offset, length: node.length });
      node = node.parent;
    }
    let result: SelectionRange | undefined;
    for (let i = chain.length - 1; i >= 0; i--) {
      result = { range: rangeOf(doc, chain[i] as { offset: number; length: number }), ...(result ? { parent: result } : {}) };
    }
    return result ?? { range: rangeOf(doc, { offset, length: 0 }) };
  });
}
