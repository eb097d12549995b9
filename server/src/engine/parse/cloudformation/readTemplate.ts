/**
 * CloudFormation and SAM templates (YAML or JSON, CDK's synthesized `*.template.json` included) → their KMS keys:
 * every `AWS::KMS::Key` and `AWS::KMS::ReplicaKey` under Resources, with its `KeyPolicy` (CloudFormation User
 * Guide, AWS::KMS::Key and AWS::KMS::ReplicaKey: a JSON object, or a JSON string; without it the default key
 * policy applies). SAM passes these resources through unchanged.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import { parseDocument, type Document, type Node as YamlNode, type Tags } from 'yaml';
import { EmbeddedPolicy, standInAccountFor, type HostModel, type HostProblem, type PolicyOrigin } from '../host/hostModel';
import type { HostRange } from '../host/sourceMap';
import { functionLabel, readPolicyValue, textPiece, type TemplateScope } from './intrinsics';
import { entryOf, fromJson, fromYaml, stringOf, type TemplateEntry, type TemplateNode } from './templateNode';
import { CLOUDFORMATION_TAGS } from './yamlTags';
import { plainResourceType, splitResources } from './yamlBlocks';
import { detach, TextCache } from '../../memo';

/** The resource types whose policy is a key policy. */
export const KEY_TYPES: ReadonlySet<string> = new Set(['AWS::KMS::Key', 'AWS::KMS::ReplicaKey']);

/** One resource of a template, read lazily. */
interface ResourceEntry {
  readonly id: string;
  readonly idRange: HostRange;
  readonly range: HostRange;
  /** The resource's node, converted on first use. */
  node(): TemplateNode | undefined;
  /** The resource's Type (read from its node, unless there is a cheaper way). */
  type(): string | undefined;
  /** True when the resource may be a key (a cheap test before converting it). */
  readonly mayBeKey: boolean;
}

const KEY_TYPE_TEXT = /AWS::KMS::(Key|ReplicaKey)\b/;

/** A resource node's Type. */
function typeOf(node: TemplateNode | undefined): string | undefined {
  return stringOf(entryOf(node, 'Type')?.value);
}

/** The KMS keys of a template's resources. */
function keysOf(entries: readonly ResourceEntry[], problems: HostProblem[], text: string, syntax: 'yaml' | 'json'): HostModel {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const scope: TemplateScope = { resourceType: (id) => byId.get(id)?.type() };
  const standIn = standInAccountFor(text);
  const keys: EmbeddedPolicy[] = [];
  for (const e of entries) {
    if (!e.mayBeKey) continue;
    const node = e.node();
    const type = typeOf(node);
    if (!type || !KEY_TYPES.has(type)) continue;
    const policy = entryOf(entryOf(node, 'Properties')?.value, 'KeyPolicy')?.value;
    keys.push(new EmbeddedPolicy({ id: e.id, type, range: e.range, idRange: e.idRange }, originOf(policy, scope, syntax), standIn));
  }
  return { format: 'cloudformation', keys, problems, standInAccount: standIn, accountLabel: 'AWS::AccountId', where: 'this template' };
}

/** How a KeyPolicy property reads: an object, a JSON string (`!Sub` included), nothing, or open. */
function originOf(policy: TemplateNode | undefined, scope: TemplateScope, syntax: 'yaml' | 'json'): PolicyOrigin {
  if (!policy || (policy.type === 'scalar' && policy.value === null)) return { kind: 'default' };
  // A JSON string: its text is the policy (in YAML usually a block scalar, written character for character).
  if (policy.type === 'scalar' && typeof policy.value === 'string')
    return { kind: 'value', value: { kind: 'jsonText', range: policy.range, pieces: [textPiece(policy.value, policy)] }, syntax: 'json' };
  const value = readPolicyValue(policy, scope);
  if (!value) return { kind: 'default' };
  if (value.kind === 'string' && value.pieces.some((p) => p.kind === 'text'))
    return { kind: 'value', value: { kind: 'jsonText', range: value.range, pieces: value.pieces }, syntax: 'json' };
  if (value.kind === 'object') return { kind: 'value', value, syntax };
  return { kind: 'open', range: policy.range, label: policy.type === 'fn' ? functionLabel(policy) : 'KeyPolicy' };
}

/**
 * The schema's tags with CloudFormation's short tags after them. Given as a function, not as the array: the `yaml`
 * package builds a schema's tag list for every document, and from an array it concatenates one tag at a time (60
 * copies of a growing list, longer than a small resource block takes to parse); the list is the same.
 */
function withCloudFormationTags(tags: Tags): Tags {
  return tags.concat(CLOUDFORMATION_TAGS);
}

/** Parses YAML text, with CloudFormation's short tags declared. */
function parseYaml(text: string): Document {
  return parseDocument(text, { customTags: withCloudFormationTags, uniqueKeys: false, prettyErrors: false, strict: false });
}

/** A YAML parse's errors as host problems, at `base`. */
function yamlProblems(doc: Document, base: number): HostProblem[] {
  return doc.errors.map((e) => ({
    offset: base + e.pos[0],
    length: Math.max(1, e.pos[1] - e.pos[0]),
    message: e.message.split('\n')[0] ?? e.message,
  }));
}

/**
 * A resource block parsed on its own, at offset 0. Kept by its text: typing in one resource of a large template
 * leaves the other blocks' texts as they were, so only the edited block is parsed again (the YAML parser is the
 * slow part of reading a template; see engine/memo.ts).
 */
interface ParsedBlock {
  readonly node: TemplateNode | undefined;
  readonly problems: readonly HostProblem[];
}

const BLOCKS = new TextCache<ParsedBlock>(256, 64 * 1024);

function parsedBlock(blockText: string, id: string): ParsedBlock {
  const key = `${id}\n${blockText}`;
  const known = BLOCKS.get(key);
  if (known) return known;
  const own = detach(blockText);
  const doc = parseYaml(own);
  return BLOCKS.set(key, {
    node: entryOf(fromYaml(doc.contents as YamlNode | null, doc, own, 0), id)?.value,
    problems: yamlProblems(doc, 0),
  });
}

/** A block's node moved to where the block stands in the text (a copy: the cached node is shared). Written out, not spread. */
function rebase(node: TemplateNode, by: number): TemplateNode {
  if (by === 0) return node;
  const r = (range: { start: number; end: number }): { start: number; end: number } => ({ start: range.start + by, end: range.end + by });
  switch (node.type) {
    case 'map':
      return {
        type: 'map',
        range: r(node.range),
        entries: node.entries.map((e): TemplateEntry =>
          e.keyExactAt !== undefined
            ? { key: e.key, keyRange: r(e.keyRange), keyExactAt: e.keyExactAt + by, value: rebase(e.value, by) }
            : { key: e.key, keyRange: r(e.keyRange), value: rebase(e.value, by) },
        ),
      };
    case 'seq':
      return { type: 'seq', range: r(node.range), items: node.items.map((i) => rebase(i, by)) };
    case 'scalar':
      return node.exactAt !== undefined
        ? { type: 'scalar', range: r(node.range), value: node.value, exactAt: node.exactAt + by }
        : { type: 'scalar', range: r(node.range), value: node.value };
    case 'fn':
      return { type: 'fn', range: r(node.range), name: node.name, arg: rebase(node.arg, by) };
  }
}

/** Reads a YAML template. Only text that mentions a KMS key type is read at all. */
export function readYamlTemplate(text: string): HostModel | undefined {
  if (!KEY_TYPE_TEXT.test(text)) return undefined;
  const blocks = splitResources(text);
  if (blocks) {
    const problems: HostProblem[] = [];
    const entries = blocks.map((b): ResourceEntry => {
      let converted: TemplateNode | undefined | null = null;
      const node = (): TemplateNode | undefined => {
        if (converted === null) {
          const block = parsedBlock(text.slice(b.start, b.end), b.id);
          problems.push(...block.problems.map((p) => ({ ...p, offset: p.offset + b.start })));
          converted = block.node && rebase(block.node, b.start);
        }
        return converted;
      };
      return {
        id: b.id,
        idRange: { start: b.idStart, end: b.idEnd },
        range: { start: b.idStart, end: b.end },
        mayBeKey: KEY_TYPE_TEXT.test(text.slice(b.start, b.end)),
        node,
        // A resource named only for its Type (`!GetAtt AppRole.Arn`) is seldom more than a line or two: read
        // without parsing when its block is that simple (one block in three that a typical template parsed).
        type: () => plainResourceType(text, b) ?? typeOf(node()),
      };
    });
    return keysOf(entries, problems, text, 'yaml');
  }
  const doc = parseYaml(text);
  const root = fromYaml(doc.contents as YamlNode | null, doc, text);
  const resources = entryOf(root, 'Resources')?.value;
  const entries =
    resources?.type === 'map'
      ? resources.entries.map((e) => ({
          id: e.key,
          idRange: e.keyRange,
          range: { start: e.keyRange.start, end: e.value.range.end },
          mayBeKey: true,
          node: () => e.value,
          type: () => typeOf(e.value),
        }))
      : [];
  return keysOf(entries, yamlProblems(doc, 0), text, 'yaml');
}

/** The member of a jsonc object node with this name. */
function jsonMember(node: JsonNode | undefined, name: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === name) return p.children[1];
  return undefined;
}

/** True when a JSON document's root is a CloudFormation template: a Resources object (and no Statement). */
export function isJsonTemplate(root: JsonNode | undefined): boolean {
  return jsonMember(root, 'Resources')?.type === 'object' && jsonMember(root, 'Statement') === undefined;
}

/** Reads a JSON template from its jsonc tree (the document's own parse). */
export function readJsonTemplate(text: string, root: JsonNode): HostModel {
  const resources = jsonMember(root, 'Resources');
  const entries = (resources?.children ?? []).flatMap((prop): ResourceEntry[] => {
    const k = prop.children?.[0];
    const v = prop.children?.[1];
    if (!k || !v || typeof k.value !== 'string') return [];
    let converted: TemplateNode | undefined | null = null;
    const node = (): TemplateNode | undefined => (converted === null ? (converted = fromJson(v, text)) : converted);
    const type = jsonMember(v, 'Type');
    return [
      {
        id: k.value,
        idRange: { start: k.offset + 1, end: k.offset + k.length - 1 },
        range: { start: prop.offset, end: prop.offset + prop.length },
        mayBeKey: type?.type === 'string' && KEY_TYPES.has(String(type.value)),
        node,
        type: () => typeOf(node()),
      },
    ];
  });
  return keysOf(entries, [], text, 'json');
}
