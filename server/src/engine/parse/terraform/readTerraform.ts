/**
 * Terraform configurations (.tf) → their KMS keys: `aws_kms_key`, `aws_kms_replica_key`, `aws_kms_external_key`,
 * `aws_kms_replica_external_key` (their `policy`) and `aws_kms_key_policy` (AWS provider docs). A policy is read
 * from `jsonencode({...})`, a heredoc or string of JSON, `data.aws_iam_policy_document.<name>.json`, a local, or
 * `file()` / `templatefile()` of another file (read through the caller's `readFile`; template variables open). A
 * policy document or local that another `.tf` file of the module defines is read there (`moduleFiles`).
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
  /**
   * The other `.tf` files of the module (the same folder), by name: asked for only when a policy names a
   * `data.aws_iam_policy_document` or a `local` this file does not define.
   */
  readonly moduleFiles?: () => readonly ModuleFile[];
}

/** Another file of the module. */
export interface ModuleFile {
  readonly name: string;
  readonly text: string;
}

/** The resource types whose `policy` is a key policy. */
export const TERRAFORM_KEY_TYPES: ReadonlySet<string> = new Set([
  'aws_kms_key',
  'aws_kms_replica_key',
  'aws_kms_external_key',
  'aws_kms_replica_external_key',
  'aws_kms_key_policy',
]);

/** Text a Terraform file has when it may declare a key: one of TERRAFORM_KEY_TYPES. */
export const TERRAFORM_KEY_TEXT = /\baws_kms_(key|replica_key|external_key|replica_external_key|key_policy)\b/;

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
  /** The values read from another file of the module, with that file's name (see `moduleValue`). */
  readonly fromModule = new Map<SourceValue, string>();
  private module: ModuleScope | undefined;
  accountLabel: string | undefined;

  constructor(
    readonly text: string,
    readonly body: Node,
    private readonly hints: TerraformReadHints,
    private readonly grammar?: TerraformGrammar,
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
      const doc = this.document(name) ?? this.moduleValue('document', name, range);
      return doc ? { value: doc } : undefined;
    }
    if (head === 'local' && type && path.length === 2) {
      if (this.locals.has(type)) return this.local(type);
      const v = this.moduleValue('local', type, range);
      return v === undefined ? undefined : v.kind === 'string' ? { pieces: [...v.pieces] } : { value: v };
    }
    if (head === 'path' && (type === 'module' || type === 'root' || type === 'cwd') && path.length === 2)
      return { pieces: [{ kind: 'text', text: '.', range, exact: false }] };
    return undefined;
  }

  /** A local's value (a cycle, or a local the file does not define, is open). */
  private local(name: string): Resolved {
    const v = this.localValue(name);
    return v === undefined ? undefined : v.kind === 'string' ? { pieces: [...v.pieces] } : { value: v };
  }

  /** Whether the file defines a local. */
  definesLocal(name: string): boolean {
    return this.locals.has(name);
  }

  /** A local's value as a whole value (strings as one string value). */
  localValue(name: string): SourceValue | undefined {
    const expr = this.locals.get(name);
    const key = `local.${name}`;
    if (!expr || this.resolving.has(key)) return undefined;
    this.resolving.add(key);
    try {
      return this.reader.value(expr);
    } finally {
      this.resolving.delete(key);
    }
  }

  /** A local read as a policy: `jsonencode({...})` is the object it encodes. Undefined when the file has no such local. */
  localPolicy(name: string): SourceValue | undefined {
    const expr = this.locals.get(name);
    if (!expr) return undefined;
    const node = unwrap(expr);
    const fn = node.type === 'function_call' ? node.namedChildren[0]?.text : undefined;
    const args = fn === 'jsonencode' ? childrenOf(node.namedChildren.find((c) => c?.type === 'function_arguments') ?? node, 'expression') : [];
    return args.length === 1 ? this.reader.value(args[0]!) : this.localValue(name);
  }

  /**
   * A policy document or local defined in another file of the module, read there and placed at `at` (the
   * reference in this file: a finding in it is shown there, saying which file it is in). Undefined (open)
   * when no other file defines it, or the caller gave no module files.
   */
  private moduleValue(kind: ModuleValueKind, name: string, at: HostRange): SourceValue | undefined {
    if (!this.hints.moduleFiles || !this.grammar) return undefined;
    this.module ??= new ModuleScope(this.hints.moduleFiles, this.grammar);
    const found = this.module.find(kind, name);
    if (!found) return undefined;
    const placed = placeAt(found.value, at);
    this.fromModule.set(placed, found.file);
    return placed;
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
    if (path && path[0] === 'local' && path[1] && path.length === 2) {
      const v = this.definesLocal(path[1]) ? this.localPolicy(path[1]) : this.moduleValue('local-policy', path[1], rangeOf(expression));
      if (v) return this.asOrigin(v, label);
    }
    if (path) return this.asOrigin(this.reader.value(expression), label);
    return { kind: 'open', range: rangeOf(expression), label };
  }

  private asOrigin(v: SourceValue, label: string): PolicyOrigin {
    const file = this.fromModule.get(v);
    const from = file !== undefined ? { file } : {};
    if (v.kind === 'object') return { kind: 'value', value: v, syntax: 'hcl', ...from };
    if (v.kind === 'string' && v.pieces.some((p) => p.kind === 'text'))
      return { kind: 'value', value: { kind: 'jsonText', range: v.range, pieces: v.pieces }, syntax: 'json', ...from };
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

/** What is looked up in the other files of a module: a policy document, a local, or a local read as a policy. */
type ModuleValueKind = 'document' | 'local' | 'local-policy';

/**
 * The other files of a module, read when a reference needs them: each file's policy documents and locals, read in
 * that file (its own references to the key's account and the like resolved there; a reference to a third file
 * stays open). The trees are read at once and deleted: only the values are kept.
 */
class ModuleScope {
  private files: { name: string; text: string }[] | undefined;
  private readonly values = new Map<string, { value: SourceValue; file: string } | null>();

  constructor(
    private readonly list: () => readonly ModuleFile[],
    private readonly grammar: TerraformGrammar,
  ) {}

  find(kind: ModuleValueKind, name: string): { value: SourceValue; file: string } | undefined {
    const key = `${kind} ${name}`;
    const known = this.values.get(key);
    if (known !== undefined) return known ?? undefined;
    this.values.set(key, null);
    this.files ??= [...this.list()];
    const mayDefine = (text: string): boolean => (kind === 'document' ? text.includes('aws_iam_policy_document') : /\blocals\b/.test(text));
    for (const f of this.files.filter((x) => mayDefine(x.text))) {
      const v = readIn(f.text, this.grammar, (file) =>
        kind === 'document'
          ? file.document(name)
          : kind === 'local-policy'
            ? file.localPolicy(name)
            : file.definesLocal(name)
              ? file.localValue(name)
              : undefined,
      );
      if (v) {
        const found = { value: v, file: f.name };
        this.values.set(key, found);
        return found;
      }
    }
    return undefined;
  }
}

/** Reads one value of another file with `read`, its tree deleted after. */
function readIn(text: string, grammar: TerraformGrammar, read: (file: TerraformFile) => SourceValue | undefined): SourceValue | undefined {
  const tree = grammar.parse(text);
  if (!tree) return undefined;
  try {
    const body = childrenOf(tree.rootNode, 'body')[0];
    return body ? read(new TerraformFile(text, body, {})) : undefined;
  } finally {
    tree.delete();
  }
}

/** A value of another file placed at one range of this one: every range is `at`, no text is exact. */
function placeAt(v: SourceValue, at: HostRange): SourceValue {
  switch (v.kind) {
    case 'object':
      return { kind: 'object', range: at, members: v.members.map((m) => ({ name: m.name, nameRange: at, nameExact: false, value: placeAt(m.value, at) })) };
    case 'array':
      return { kind: 'array', range: at, items: v.items.map((i) => placeAt(i, at)) };
    case 'string':
    case 'jsonText':
      return { kind: v.kind, range: at, pieces: v.pieces.map((p) => (p.kind === 'text' ? { ...p, range: at, exact: false } : { ...p, range: at })) };
    case 'scalar':
      return { kind: 'scalar', range: at, value: v.value };
    case 'open':
      return { kind: 'open', range: at, label: v.label };
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
  if (!TERRAFORM_KEY_TEXT.test(text)) return noKeys(text, []);
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
    const file = new TerraformFile(text, body, hints, grammar);
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
