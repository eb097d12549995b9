/**
 * Terraform configurations (.tf) → their KMS keys: `aws_kms_key`, `aws_kms_replica_key`, `aws_kms_external_key`,
 * `aws_kms_replica_external_key` (their `policy`) and `aws_kms_key_policy` (AWS provider docs). A policy is read
 * from `jsonencode({...})`, a heredoc or string of JSON, `data.aws_iam_policy_document.<name>.json`, a local, or
 * `file()` / `templatefile()` of another file (read through the caller's `readFile`; template variables open).
 * Without a policy the default key policy applies, unless an `aws_kms_key_policy` of the file sets it.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { EmbeddedPolicy, standInAccountFor, type HostModel, type HostProblem, type PolicyOrigin } from '../host/hostModel';
import type { HostRange } from '../host/sourceMap';
import { cleanLabel, type KnownValue, type SourceValue } from '../host/sourceValue';
import { ExpressionReader, type Resolved, type TerraformScope } from './expressions';
import type { TerraformGrammar } from './grammar';
import { attributes, blockHeader, blocks, bodyOf, childrenOf, rangeOf, traversal, unwrap } from './hclNodes';
import { policyDocumentOf } from './policyDocument';
import { readTemplate } from './templates';
import { fileTemplate } from './fileTemplate';
import { relevantBlocks } from './blocks';

/** What the Terraform reader may ask the caller for. */
export interface TerraformReadHints {
  /** The text of a file a `file()` or `templatefile()` names (a path relative to the .tf file's folder). */
  readonly readFile?: (path: string) => string | undefined;
}

/** The resource types whose `policy` is a key policy. */
export const TERRAFORM_KEY_TYPES: ReadonlySet<string> = new Set([
  'aws_kms_key',
  'aws_kms_replica_key',
  'aws_kms_external_key',
  'aws_kms_replica_external_key',
  'aws_kms_key_policy',
]);

/** The data sources whose attributes are the key's own account, Region and partition. */
const KNOWN: Readonly<Record<string, Readonly<Record<string, KnownValue>>>> = {
  aws_caller_identity: { account_id: 'account' },
  aws_region: { name: 'region', region: 'region', id: 'region' },
  aws_partition: { partition: 'partition', dns_suffix: 'urlSuffix' },
};

/** The most syntax errors reported for one file. */
const MAX_PROBLEMS = 20;

/** Syntax errors of a tree (ERROR and MISSING nodes), outermost first (walked without recursion: trees can be deep). */
function problemsOf(tree: Tree): HostProblem[] {
  const out: HostProblem[] = [];
  const stack: Node[] = [tree.rootNode];
  while (stack.length > 0 && out.length < MAX_PROBLEMS) {
    const n = stack.pop() as Node;
    if (!n.hasError && !n.isMissing) continue;
    if (n.isError || n.isMissing) {
      out.push({
        offset: n.startIndex,
        length: Math.max(1, n.endIndex - n.startIndex),
        message: n.isMissing ? `Syntax error: missing ${n.type}.` : 'Syntax error.',
      });
      continue;
    }
    const children = n.children;
    for (let i = children.length - 1; i >= 0; i--) if (children[i]) stack.push(children[i] as Node);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

class TerraformFile implements TerraformScope {
  readonly reader: ExpressionReader;
  private readonly documents = new Map<string, Node>();
  private readonly documentValues = new Map<string, SourceValue>();
  private readonly locals = new Map<string, Node>();
  private readonly resolving = new Set<string>();
  accountLabel: string | undefined;

  constructor(
    readonly text: string,
    readonly body: Node,
    private readonly hints: TerraformReadHints,
  ) {
    this.reader = new ExpressionReader(text, this);
    for (const b of blocks(body)) {
      const h = blockHeader(b);
      if (h.kind === 'data' && h.labels[0]?.text === 'aws_iam_policy_document' && h.labels[1]) this.documents.set(h.labels[1].text, b);
      if (h.kind === 'locals') for (const [name, value] of attributes(bodyOf(b))) this.locals.set(name, value);
    }
  }

  resolve(path: readonly string[], range: HostRange, label: string): Resolved {
    const [head, type, name, attribute] = path;
    if (head === 'data' && type && name && attribute && KNOWN[type]?.[attribute]) {
      const value = KNOWN[type]![attribute]!;
      if (value === 'account') this.accountLabel ??= path.slice(0, 4).join('.');
      return { pieces: [{ kind: 'known', value, range, label: path.slice(0, 4).join('.') }] };
    }
    const iam = head === 'data' ? path.slice(1) : path;
    if ((iam[0] === 'aws_iam_role' || iam[0] === 'aws_iam_user') && iam[1] && iam[2] === 'arn' && iam.length === 3) {
      return {
        pieces: [
          {
            kind: 'ref',
            iam: iam[0] === 'aws_iam_role' ? 'role' : 'user',
            name: `${head === 'data' ? 'data.' : ''}${iam[0]}.${iam[1]}`,
            range,
            label,
          },
        ],
      };
    }
    if (head === 'data' && type === 'aws_iam_policy_document' && name && (attribute === 'json' || attribute === 'minified_json') && path.length === 4) {
      const doc = this.document(name);
      return doc ? { value: doc } : undefined;
    }
    if (head === 'local' && type && path.length === 2) return this.local(type);
    if (head === 'path' && (type === 'module' || type === 'root' || type === 'cwd') && path.length === 2)
      return { pieces: [{ kind: 'text', text: '.', range, exact: false }] };
    return undefined;
  }

  /** A local's value (a cycle, or a local the file does not define, is open). */
  private local(name: string): Resolved {
    const expr = this.locals.get(name);
    const key = `local.${name}`;
    if (!expr || this.resolving.has(key)) return undefined;
    this.resolving.add(key);
    try {
      const v = this.reader.value(expr);
      return v.kind === 'string' ? { pieces: [...v.pieces] } : { value: v };
    } finally {
      this.resolving.delete(key);
    }
  }

  /** A policy document of the file, read once. */
  document(name: string): SourceValue | undefined {
    const known = this.documentValues.get(name);
    if (known) return known;
    const block = this.documents.get(name);
    const key = `doc.${name}`;
    if (!block || this.resolving.has(key)) return undefined;
    this.resolving.add(key);
    try {
      const v = policyDocumentOf(block, this.reader);
      this.documentValues.set(name, v);
      return v;
    } finally {
      this.resolving.delete(key);
    }
  }

  /** How a `policy` expression reads. */
  origin(expression: Node | undefined): PolicyOrigin {
    if (!expression) return { kind: 'default' };
    const node = unwrap(expression);
    const label = this.reader.label(expression);
    if (node.type === 'literal_value' && node.namedChildren[0]?.type === 'null_lit') return { kind: 'default' };
    if (node.type === 'function_call') {
      const fn = node.namedChildren[0]?.text;
      const args = childrenOf(node.namedChildren.find((c) => c?.type === 'function_arguments') ?? node, 'expression');
      if (fn === 'jsonencode' && args[0]) return this.asOrigin(this.reader.value(args[0]), label);
      if ((fn === 'file' || fn === 'templatefile') && args[0]) return this.fileOrigin(args[0], fn === 'templatefile', label);
      return { kind: 'open', range: rangeOf(expression), label };
    }
    if (node.type === 'template_expr') {
      const t = node.namedChildren[0];
      const read = t ? readTemplate(t, this.text, (e) => this.reader.pieces(e)) : undefined;
      if (!read || !('pieces' in read))
        return {
          kind: 'open',
          range: rangeOf(expression),
          label: `${t?.type === 'heredoc_template' ? 'heredoc' : 'string'} with a template directive`,
        };
      return { kind: 'value', value: { kind: 'jsonText', range: rangeOf(expression), pieces: read.pieces }, syntax: 'json' };
    }
    if (node.type === 'literal_value' && node.namedChildren[0]?.type === 'string_lit') return this.asOrigin(this.reader.value(expression), label);
    const path = traversal(node.type === 'variable_expr' ? expression : node);
    if (path) return this.asOrigin(this.reader.value(expression), label);
    return { kind: 'open', range: rangeOf(expression), label };
  }

  private asOrigin(v: SourceValue, label: string): PolicyOrigin {
    if (v.kind === 'object') return { kind: 'value', value: v, syntax: 'hcl' };
    if (v.kind === 'string' && v.pieces.some((p) => p.kind === 'text'))
      return { kind: 'value', value: { kind: 'jsonText', range: v.range, pieces: v.pieces }, syntax: 'json' };
    return { kind: 'open', range: v.range, label: cleanLabel(label) };
  }

  /** `file("x.json")` / `templatefile("x.json.tpl", {...})`: the named file's text, its interpolations open. */
  private fileOrigin(pathExpr: Node, template: boolean, label: string): PolicyOrigin {
    const range = rangeOf(pathExpr.parent?.parent ?? pathExpr);
    const pathValue = this.reader.value(pathExpr);
    const path =
      pathValue.kind === 'string' && pathValue.pieces.every((p) => p.kind === 'text')
        ? pathValue.pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('')
        : undefined;
    const content = path !== undefined ? this.hints.readFile?.(path.replace(/^\.\//, '')) : undefined;
    if (path === undefined || content === undefined) return { kind: 'open', range, label: cleanLabel(path === undefined ? label : `${label} (not read)`) };
    const pieces = fileTemplate(content, template, range);
    if (!pieces) return { kind: 'open', range, label: `${path}: a template directive` };
    return { kind: 'value', value: { kind: 'jsonText', range, pieces }, syntax: 'json', file: path.replace(/^\.\//, '') };
  }
}

/** The keys of one configuration's tree. */
function keysOf(file: TerraformFile, standIn: string): EmbeddedPolicy[] {
  const keys: EmbeddedPolicy[] = [];
  const setElsewhere = new Set<string>();
  const resources = blocks(file.body).filter((b) => blockHeader(b).kind === 'resource');
  for (const b of resources) {
    const h = blockHeader(b);
    if (h.labels[0]?.text !== 'aws_kms_key_policy') continue;
    const target = attributes(bodyOf(b)).get('key_id');
    const path = target ? traversal(unwrap(target).type === 'variable_expr' ? target : unwrap(target)) : undefined;
    if (path && path[0] === 'aws_kms_key' && path[1]) setElsewhere.add(`aws_kms_key.${path[1]}`);
  }
  for (const b of resources) {
    const h = blockHeader(b);
    const type = h.labels[0]?.text ?? '';
    const name = h.labels[1];
    if (!TERRAFORM_KEY_TYPES.has(type) || !name) continue;
    const id = `${type}.${name.text}`;
    const policy = attributes(bodyOf(b)).get('policy');
    if (!policy && setElsewhere.has(id)) continue;
    const idRange = { start: name.node.startIndex + 1, end: Math.max(name.node.startIndex + 1, name.node.endIndex - 1) };
    keys.push(new EmbeddedPolicy({ id, type, range: rangeOf(b), idRange }, file.origin(policy), standIn));
  }
  return keys;
}

/** An empty model (no key, or no grammar to read the file with). */
function noKeys(text: string, problems: HostProblem[]): HostModel {
  return {
    format: 'terraform',
    keys: [],
    problems,
    standInAccount: standInAccountFor(text),
    accountLabel: 'data.aws_caller_identity.current.account_id',
    where: 'this configuration',
  };
}

/** Reads a Terraform file. Without the grammar (not loaded by the front door) it declares no keys and says so. */
export function readTerraform(text: string, grammar: TerraformGrammar | undefined, hints: TerraformReadHints = {}): HostModel {
  if (!/aws_kms_(key|replica_key|external_key|replica_external_key|key_policy)\b/.test(text)) return noKeys(text, []);
  if (!grammar) return noKeys(text, [{ offset: 0, length: 0, message: 'The Terraform grammar is not loaded; the key policies of this file are not read.' }]);
  // Only the blocks that matter, when the file is in fmt's layout and they parse cleanly; else the whole text.
  const blocks = relevantBlocks(text);
  let tree = blocks && blocks.length > 0 ? grammar.parse(text, blocks) : undefined;
  if (tree && tree.rootNode.hasError) {
    tree.delete();
    tree = undefined;
  }
  tree ??= grammar.parse(text);
  if (!tree) return noKeys(text, [{ offset: 0, length: text.length, message: 'The file is too large or too complex to read in time.' }]);
  try {
    const body = childrenOf(tree.rootNode, 'body')[0];
    const problems = problemsOf(tree);
    if (!body) return noKeys(text, problems);
    const file = new TerraformFile(text, body, hints);
    const standIn = standInAccountFor(text);
    const keys = keysOf(file, standIn);
    return {
      format: 'terraform',
      keys,
      problems,
      standInAccount: standIn,
      accountLabel: file.accountLabel ?? 'data.aws_caller_identity.current.account_id',
      where: 'this configuration',
    };
  } finally {
    tree.delete();
  }
}
