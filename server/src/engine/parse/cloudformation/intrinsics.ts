/**
 * A CloudFormation policy subtree → SourceValue. What the template fixes is resolved (CloudFormation User
 * Guide, "Pseudo parameters reference" and the intrinsic function reference):
 * - `AWS::AccountId`, `AWS::Region`, `AWS::Partition`, `AWS::URLSuffix` are the key's own account, Region,
 *   partition and URL suffix (the key is created by the template's stack);
 * - `!GetAtt X.Arn` of an `AWS::IAM::Role` or `AWS::IAM::User` of the same template is that role or user;
 * - `!Sub` and `!Join` are spliced from their parts; `AWS::NoValue` removes the member or item it stands for.
 * Everything else (`!Ref` of a parameter, `!If`, `!ImportValue`, `!FindInMap`, `!Select`, other attributes…) is
 * open: written as «!Ref X», never taken for a real value.
 */
import type { HostRange } from '../host/sourceMap';
import { cleanLabel, openValue, type KnownValue, type Piece, type SourceMember, type SourceValue } from '../host/sourceValue';
import { stringOf, type TemplateNode } from './templateNode';

/** What the reading needs to know about the rest of the template. */
export interface TemplateScope {
  /** The Type of a resource of the template, or undefined when there is no such resource. */
  resourceType(logicalId: string): string | undefined;
}

const PSEUDO: Readonly<Record<string, KnownValue>> = {
  'AWS::AccountId': 'account',
  'AWS::Region': 'region',
  'AWS::Partition': 'partition',
  'AWS::URLSuffix': 'urlSuffix',
};

/** Marks a value that removes its member or list item (`!Ref AWS::NoValue`). */
const NO_VALUE = Symbol('AWS::NoValue');

/** The short form of a function name, for labels (`Fn::GetAtt` → `!GetAtt`). */
function shortName(name: string): string {
  return `!${name.replace(/^Fn::/, '')}`;
}

/** A short label for a function call, as the YAML short form writes it. */
export function functionLabel(node: Extract<TemplateNode, { type: 'fn' }>): string {
  const arg = node.arg;
  const scalar = (n: TemplateNode | undefined): string => (n && n.type === 'scalar' ? String(n.value) : n && n.type === 'fn' ? functionLabel(n) : '…');
  let text: string;
  if (arg.type === 'scalar') text = String(arg.value);
  else if (arg.type === 'seq')
    text =
      node.name === 'Fn::GetAtt' ? arg.items.map(scalar).join('.') : `[${arg.items.slice(0, 3).map(scalar).join(', ')}${arg.items.length > 3 ? ', …' : ''}]`;
  else if (arg.type === 'fn') text = functionLabel(arg);
  else text = '{…}';
  return cleanLabel(`${shortName(node.name)} ${text}`);
}

class Reader {
  constructor(private readonly scope: TemplateScope) {}

  value(node: TemplateNode): SourceValue | typeof NO_VALUE {
    switch (node.type) {
      case 'map': {
        const members: SourceMember[] = [];
        for (const e of node.entries) {
          const v = this.value(e.value);
          if (v === NO_VALUE) continue;
          members.push({ name: e.key, nameRange: e.keyRange, nameExact: e.keyExactAt === e.keyRange.start, value: v });
        }
        return { kind: 'object', range: node.range, members };
      }
      case 'seq': {
        const items: SourceValue[] = [];
        for (const item of node.items) {
          const v = this.value(item);
          if (v !== NO_VALUE) items.push(v);
        }
        return { kind: 'array', range: node.range, items };
      }
      case 'scalar':
        if (typeof node.value === 'string') return { kind: 'string', range: node.range, pieces: [textPiece(node.value, node)] };
        return { kind: 'scalar', range: node.range, value: node.value };
      case 'fn': {
        if (node.name === 'Ref' && stringOf(node.arg) === 'AWS::NoValue') return NO_VALUE;
        const pieces = this.pieces(node);
        return pieces ? { kind: 'string', range: node.range, pieces } : openValue(node.range, functionLabel(node));
      }
    }
  }

  /** The pieces of a string a function produces, or undefined when it is not a string the reading can splice. */
  private pieces(node: Extract<TemplateNode, { type: 'fn' }>): Piece[] | undefined {
    const arg = node.arg;
    switch (node.name) {
      case 'Ref': {
        const name = stringOf(arg);
        return name === undefined ? undefined : [this.ref(name, node.range, functionLabel(node))];
      }
      case 'Fn::GetAtt': {
        const parts = arg.type === 'seq' ? arg.items.map(stringOf) : (stringOf(arg)?.split('.') ?? []);
        const [id, attribute] = parts.length >= 2 ? [parts[0], parts.slice(1).join('.')] : [undefined, undefined];
        if (id === undefined || attribute === undefined) return undefined;
        return [this.getAtt(id, attribute, node.range, functionLabel(node))];
      }
      case 'Fn::Sub':
        return this.sub(node);
      case 'Fn::Join':
        return this.join(node);
      default:
        return undefined;
    }
  }

  /** `Ref name`: a pseudo parameter, or something open (a parameter, a resource's physical id). */
  private ref(name: string, range: HostRange, label: string): Piece {
    const known = PSEUDO[name];
    if (known) return { kind: 'known', value: known, range, label: name };
    return { kind: 'open', range, label };
  }

  /** `GetAtt id.attribute`: a role's or user's ARN names it; anything else is open. */
  private getAtt(id: string, attribute: string, range: HostRange, label: string): Piece {
    const type = this.scope.resourceType(id);
    if (attribute === 'Arn' && (type === 'AWS::IAM::Role' || type === 'AWS::IAM::User'))
      return { kind: 'ref', iam: type === 'AWS::IAM::Role' ? 'role' : 'user', name: id, range, label };
    return { kind: 'open', range, label };
  }

  /** `!Sub "text ${Var} ${Res.Arn} ${!Literal}"`, with an optional map of variables. */
  private sub(node: Extract<TemplateNode, { type: 'fn' }>): Piece[] | undefined {
    const arg = node.arg;
    const template = arg.type === 'seq' ? arg.items[0] : arg;
    const vars = arg.type === 'seq' && arg.items[1]?.type === 'map' ? arg.items[1] : undefined;
    if (!template || template.type !== 'scalar' || typeof template.value !== 'string') return undefined;
    const text = template.value;
    const exactAt = template.exactAt;
    const out: Piece[] = [];
    const literal = (from: number, to: number, value = text.slice(from, to)): void => {
      if (value === '') return;
      const range = exactAt !== undefined ? { start: exactAt + from, end: exactAt + to } : template.range;
      out.push({ kind: 'text', text: value, range, exact: exactAt !== undefined && value === text.slice(from, to) });
    };
    let i = 0;
    let last = 0;
    while ((i = text.indexOf('${', i)) >= 0) {
      const close = text.indexOf('}', i + 2);
      if (close < 0) break;
      const inner = text.slice(i + 2, close);
      if (inner.startsWith('!')) {
        // `${!Literal}` is the text `${Literal}`.
        literal(last, i);
        literal(i, close + 1, `\${${inner.slice(1)}}`);
      } else {
        literal(last, i);
        const range = exactAt !== undefined ? { start: exactAt + i, end: exactAt + close + 1 } : template.range;
        out.push(...this.variable(inner.trim(), vars, range));
      }
      i = last = close + 1;
    }
    literal(last, text.length);
    return out;
  }

  /** One `${…}` of a Sub: a variable of its map, a pseudo parameter, `Res.Attr`, or a parameter or resource. */
  private variable(name: string, vars: Extract<TemplateNode, { type: 'map' }> | undefined, range: HostRange): Piece[] {
    const entry = vars?.entries.find((e) => e.key === name);
    if (entry) {
      const v = this.value(entry.value);
      if (v !== NO_VALUE && v.kind === 'string') return [...v.pieces];
      return [{ kind: 'open', range, label: cleanLabel(`\${${name}}`) }];
    }
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return [this.getAtt(name.slice(0, dot), name.slice(dot + 1), range, cleanLabel(`\${${name}}`))];
    return [this.ref(name, range, cleanLabel(`\${${name}}`))];
  }

  /** `!Join [delimiter, [parts]]` of strings. */
  private join(node: Extract<TemplateNode, { type: 'fn' }>): Piece[] | undefined {
    const arg = node.arg;
    if (arg.type !== 'seq' || arg.items.length !== 2) return undefined;
    const [delimiterNode, list] = arg.items as [TemplateNode, TemplateNode];
    const delimiter = stringOf(delimiterNode);
    if (delimiter === undefined || list.type !== 'seq') return undefined;
    const out: Piece[] = [];
    let first = true;
    for (const item of list.items) {
      const v = this.value(item);
      if (v === NO_VALUE) continue;
      if (v.kind !== 'string') return undefined;
      if (!first && delimiter !== '') out.push({ kind: 'text', text: delimiter, range: delimiterNode.range, exact: false });
      out.push(...v.pieces);
      first = false;
    }
    return out;
  }
}

/** A scalar's text as one piece: one for one with the host text when written literally. */
export function textPiece(text: string, node: TemplateNode & { exactAt?: number }): Piece {
  return node.exactAt !== undefined
    ? { kind: 'text', text, range: { start: node.exactAt, end: node.exactAt + text.length }, exact: true }
    : { kind: 'text', text, range: node.range, exact: false };
}

/** Reads a policy subtree of a template. A policy that is `!Ref AWS::NoValue` reads as undefined (no policy). */
export function readPolicyValue(node: TemplateNode, scope: TemplateScope): SourceValue | undefined {
  const v = new Reader(scope).value(node);
  return v === NO_VALUE ? undefined : v;
}
