/** Small readers over tree-sitter's HCL nodes, shared by the Terraform reader's parts. */
import type { Node } from 'web-tree-sitter';
import type { HostRange } from '../host/sourceMap';

/** The node's range. */
export function rangeOf(node: Node): HostRange {
  return { start: node.startIndex, end: node.endIndex };
}

/** An `expression` node's content: parentheses and single-child wrappers removed. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'expression' && n.namedChildCount === 1 && n.namedChildren[0]) n = n.namedChildren[0];
    else return n;
  }
}

/** The named children of a node that are of a type. */
export function childrenOf(node: Node, type: string): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type === type);
}

/** The `body` of a block (undefined for `{}`). */
export function bodyOf(block: Node): Node | undefined {
  return childrenOf(block, 'body')[0];
}

/** A block's type and labels: `resource "aws_kms_key" "main"` → ['resource', 'aws_kms_key', 'main'], with the labels' nodes. */
export function blockHeader(block: Node): {
  readonly kind: string;
  readonly labels: readonly { readonly text: string; readonly node: Node }[];
} {
  const kind = block.namedChildren[0]?.text ?? '';
  const labels: { text: string; node: Node }[] = [];
  for (const c of block.namedChildren.slice(1)) {
    if (!c) continue;
    if (c.type === 'string_lit')
      labels.push({
        text: c.namedChildren
          .filter((x) => x?.type === 'template_literal')
          .map((x) => x!.text)
          .join(''),
        node: c,
      });
    else if (c.type === 'identifier') labels.push({ text: c.text, node: c });
    else break;
  }
  return { kind, labels };
}

/** The attributes of a body by name (the last one wins, as Terraform refuses duplicates anyway). */
export function attributes(body: Node | undefined): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const c of body?.namedChildren ?? []) {
    if (c?.type !== 'attribute') continue;
    const name = c.namedChildren[0];
    const value = c.namedChildren[1];
    if (name && value) out.set(name.text, value);
  }
  return out;
}

/** The blocks of a body, in order. */
export function blocks(body: Node | undefined): Node[] {
  return body ? childrenOf(body, 'block') : [];
}

/**
 * A traversal (`data.aws_caller_identity.current.account_id`) as its names, or undefined when the expression is
 * not a plain traversal (an index, a splat, a call…). `local.x["a"]` keeps the literal key.
 */
export function traversal(expr: Node): string[] | undefined {
  const n = expr.type === 'expression' ? expr : undefined;
  const parts = n ? n.namedChildren : [expr];
  const head = parts[0];
  if (!head || head.type !== 'variable_expr') return undefined;
  const path = [head.text];
  for (const p of parts.slice(1)) {
    if (!p) return undefined;
    if (p.type === 'get_attr') path.push(p.namedChildren[0]?.text ?? '');
    else if (p.type === 'index') {
      const inner = p.namedChildren[0];
      const key = inner?.type === 'new_index' || inner?.type === 'legacy_index' ? inner.namedChildren[0] : inner;
      const literal = key ? unwrap(key) : undefined;
      if (literal?.type === 'literal_value' && /^"[^"\\$%]*"$/.test(literal.text)) path.push(literal.text.slice(1, -1));
      else if (literal?.type === 'literal_value' && /^\d+$/.test(literal.text)) path.push(literal.text);
      else return undefined;
    } else return undefined;
  }
  return path;
}
