/**
 * Terraform expressions → SourceValue, as `jsonencode` renders them: objects (bare or quoted keys), tuples,
 * strings with interpolations, numbers, booleans, null. References are resolved by the scope (the key's own
 * account, Region and partition, roles and users of the configuration, locals and policy documents of the
 * file); `concat` of tuples is spliced, `tolist`/`toset` pass through. Everything else — `for` expressions,
 * conditionals, other functions, variables, module outputs — is open, labelled with its source text.
 */
import type { Node } from 'web-tree-sitter';
import type { HostRange } from '../host/sourceMap';
import { cleanLabel, openValue, type Piece, type SourceMember, type SourceValue } from '../host/sourceValue';
import { rangeOf, traversal, unwrap } from './hclNodes';
import { readTemplate } from './templates';

/** What a reference resolves to: pieces of a string, a whole value, or nothing known. */
export type Resolved = { readonly pieces: Piece[] } | { readonly value: SourceValue } | undefined;

/** Resolves references (`data.aws_caller_identity.current.account_id`, `local.x`…) at a range. */
export interface TerraformScope {
  resolve(path: readonly string[], range: HostRange, label: string): Resolved;
}

/** Nesting deeper than this is not a policy a person wrote: the rest is open (and the stack stays safe). */
const MAX_DEPTH = 64;

/** Reads Terraform expressions of one text. */
export class ExpressionReader {
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly scope: TerraformScope,
  ) {}

  /** The label of an expression: its source text, on one line. */
  label(node: Node): string {
    // A label shows 60 characters: never clean more than a few hundred (an open value may span a whole file).
    return cleanLabel(this.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 240)));
  }

  /** An expression's value. */
  value(expression: Node): SourceValue {
    if (this.depth >= MAX_DEPTH) return openValue(rangeOf(expression), this.label(expression));
    this.depth++;
    try {
      return this.read(expression);
    } finally {
      this.depth--;
    }
  }

  private read(expression: Node): SourceValue {
    const node = unwrap(expression);
    const range = rangeOf(expression);
    switch (node.type) {
      case 'literal_value':
        return this.literal(node, range);
      case 'template_expr': {
        const t = node.namedChildren[0];
        return t ? this.string(t, range) : openValue(range, this.label(node));
      }
      case 'collection_value':
        return this.collection(node, range);
      case 'function_call':
        return this.call(node, range);
      case 'expression':
      case 'variable_expr': {
        const path = traversal(node.type === 'variable_expr' ? expression : node);
        if (path) {
          const r = this.scope.resolve(path, range, this.label(node));
          if (r && 'value' in r) return r.value;
          if (r) return { kind: 'string', range, pieces: r.pieces };
        }
        return openValue(range, this.label(node));
      }
      default:
        return openValue(range, this.label(node));
    }
  }

  /** An interpolation's pieces: a string's pieces, or one open piece. */
  pieces(expression: Node): Piece[] {
    const v = this.value(expression);
    if (v.kind === 'string') return [...v.pieces];
    if (v.kind === 'scalar' && v.value !== null) return [{ kind: 'text', text: String(v.value), range: v.range, exact: false }];
    return [{ kind: 'open', range: rangeOf(expression), label: this.label(expression) }];
  }

  /** A string template or literal as a string value (open when it holds a directive). */
  string(node: Node, range: HostRange): SourceValue {
    const read = readTemplate(node, this.text, (e) => this.pieces(e));
    return 'pieces' in read ? { kind: 'string', range, pieces: read.pieces } : openValue(range, this.label(node));
  }

  private literal(node: Node, range: HostRange): SourceValue {
    const inner = node.namedChildren[0];
    if (!inner) return openValue(range, this.label(node));
    switch (inner.type) {
      case 'string_lit':
        return this.string(inner, range);
      case 'numeric_lit':
        return { kind: 'scalar', range, value: Number(inner.text) };
      case 'bool_lit':
        return { kind: 'scalar', range, value: inner.text === 'true' };
      case 'null_lit':
        return { kind: 'scalar', range, value: null };
      default:
        return openValue(range, this.label(node));
    }
  }

  private collection(node: Node, range: HostRange): SourceValue {
    const c = node.namedChildren[0];
    if (c?.type === 'tuple')
      return { kind: 'array', range, items: c.namedChildren.filter((x): x is Node => x?.type === 'expression').map((x) => this.value(x)) };
    if (c?.type !== 'object') return openValue(range, this.label(node));
    const members: SourceMember[] = [];
    for (const elem of c.namedChildren) {
      if (elem?.type !== 'object_elem') continue;
      const k = elem.childForFieldName('key');
      const v = elem.childForFieldName('val');
      if (!k || !v) continue;
      const key = this.key(k);
      members.push({ ...key, value: this.value(v) });
    }
    return { kind: 'object', range, members };
  }

  /** An object key: a bare name, a literal string, or (an expression) — whose text then stands for it. */
  private key(k: Node): Omit<SourceMember, 'value'> {
    const node = unwrap(k);
    const nameRange = rangeOf(k);
    if (node.type === 'variable_expr' && node.namedChildCount === 1) return { name: node.text, nameRange, nameExact: true };
    if (node.type === 'literal_value' || node.type === 'template_expr') {
      const v = this.value(k);
      if (v.kind === 'string' && v.pieces.every((p) => p.kind === 'text')) {
        const name = v.pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
        const exact = v.pieces.length === 1 && v.pieces[0]!.kind === 'text' && v.pieces[0]!.exact;
        return { name, nameRange: exact ? v.pieces[0]!.range : nameRange, nameExact: exact };
      }
    }
    return { name: `«${this.label(k)}»`, nameRange, nameExact: false };
  }

  private call(node: Node, range: HostRange): SourceValue {
    const name = node.namedChildren[0]?.text ?? '';
    const args = node.namedChildren.find((c) => c?.type === 'function_arguments')?.namedChildren.filter((c): c is Node => c?.type === 'expression') ?? [];
    if ((name === 'tolist' || name === 'toset') && args.length === 1) return this.value(args[0]!);
    if (name === 'concat') {
      const items: SourceValue[] = [];
      for (const a of args) {
        const v = this.value(a);
        if (v.kind === 'array') items.push(...v.items);
        else items.push(openValue(v.range, this.label(a)));
      }
      return { kind: 'array', range, items };
    }
    return openValue(range, this.label(node));
  }
}
