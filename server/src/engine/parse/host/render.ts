/**
 * SourceValue → JSON text with its source map. Literal text keeps its characters (one for one when the
 * host wrote them without escapes), the key's own account, Region and partition are written as the
 * caller's facts say (or as a stand-in account), and every value the file leaves open is written as
 * «its expression», a string no rule takes for a real value: findings on it are dropped and claims resting
 * on it withheld (see hosts/openValues.ts). The JSON is compact: a policy's size is about what the template
 * deploys.
 */
import { TextBuilder, type HostRange, type SourceMap } from './sourceMap';
import { cleanLabel, type Piece, type SourceValue } from './sourceValue';

/** The facts a template's own references resolve to. */
export interface RenderFacts {
  /** The key's account: the caller's, or a stand-in (relabelled as the template's own account on the way out). */
  readonly account: string;
  /** The key's Region, when the caller knows it; otherwise Region references stay open. */
  readonly region?: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

/** A JSON string that holds a value the file leaves open (or names a resource of the file). */
export interface OpenSpan {
  /** The JSON string token (quotes included). */
  readonly offset: number;
  readonly length: number;
  /** What stands open in it, as the template writes it. */
  readonly labels: readonly string[];
  /**
   * True when what the string says is not known (a parameter, a variable): no claim may rest on it. False
   * when it is known in kind (the key's Region, a role of the same file) but not as literal text.
   */
  readonly uncertain: boolean;
}

/** The JSON text of a policy, its source map and its open strings. */
export interface RenderedPolicy {
  readonly text: string;
  readonly map: SourceMap;
  readonly opens: readonly OpenSpan[];
  /** True when the policy names the key's own account (so the stand-in, if any, is the key's account). */
  readonly usesAccount: boolean;
  /** The roles and users of the same file it names, written `role/«name»` in their ARNs. */
  readonly refs: readonly { readonly iam: 'role' | 'user'; readonly name: string }[];
  /** How the key's Region was written when the facts leave it open (`«AWS::Region»`), if the policy names it. */
  readonly regionText?: string;
}

/** The text a `known` piece stands for, or undefined when the facts leave it open. */
function knownText(p: Extract<Piece, { kind: 'known' }>, facts: RenderFacts): string | undefined {
  switch (p.value) {
    case 'account':
      return facts.account;
    case 'region':
      return facts.region;
    case 'partition':
      return facts.partition;
    case 'urlSuffix':
      return facts.urlSuffix;
  }
}

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters and surrogates (lone ones). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON string-content escaping of text (most text has nothing to escape: returned as it is). */
function escapeJson(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  const quoted = JSON.stringify(text);
  return quoted.slice(1, quoted.length - 1);
}

class Renderer {
  readonly out = new TextBuilder();
  readonly opens: OpenSpan[] = [];
  usesAccount = false;
  readonly refs: { iam: 'role' | 'user'; name: string }[] = [];
  regionText: string | undefined;

  constructor(private readonly facts: RenderFacts) {}

  /**
   * Writes a value. `where` says what the parent member is: under Principal/NotPrincipal → AWS, a value left open
   * is some principal of the key's account as far as the simulator goes (written as a role named «its
   * expression»), so that it counts as someone and never as everyone.
   */
  value(v: SourceValue, where: 'principal' | 'aws' | undefined = undefined): void {
    switch (v.kind) {
      case 'object': {
        this.out.mapped('{', v.range);
        v.members.forEach((m, i) => {
          if (i > 0) this.out.mapped(',', v.range);
          this.out.mapped('"', m.nameRange);
          const escaped = escapeJson(m.name);
          if (m.nameExact && escaped === m.name) this.out.exact(m.name, m.nameRange.start);
          else this.out.mapped(escaped, m.nameRange);
          this.out.mapped('"', m.nameRange);
          this.out.mapped(':', m.value.range);
          const inner = m.name === 'Principal' || m.name === 'NotPrincipal' ? 'principal' : where === 'principal' && m.name === 'AWS' ? 'aws' : undefined;
          this.value(m.value, inner);
        });
        this.out.mapped('}', v.range);
        return;
      }
      case 'array':
        this.out.mapped('[', v.range);
        v.items.forEach((item, i) => {
          if (i > 0) this.out.mapped(',', v.range);
          this.value(item, where === 'aws' ? 'aws' : undefined);
        });
        this.out.mapped(']', v.range);
        return;
      case 'scalar':
        this.out.mapped(JSON.stringify(v.value), v.range);
        return;
      case 'open': {
        if (where === 'aws') {
          this.string(v.range, [{ kind: 'open', range: v.range, label: v.label }], true);
          return;
        }
        const start = this.out.length;
        this.out.mapped(`"«${v.label}»"`, v.range);
        this.opens.push({ offset: start, length: this.out.length - start, labels: [v.label], uncertain: true });
        return;
      }
      case 'string':
        if (where === 'aws' && v.pieces.some((p) => p.kind === 'open')) {
          // A principal ARN with a part left open (`arn:aws:iam::${var.account}:root`) is someone, not no one.
          this.string(v.range, [{ kind: 'open', range: v.range, label: principalLabel(v.pieces) }], true);
          return;
        }
        this.string(v.range, v.pieces);
        return;
      case 'jsonText':
        this.jsonText(v.pieces);
        return;
    }
  }

  /**
   * A string value: its pieces between quotes; an open string when any piece is not literal text. `asPrincipal`:
   * a principal left open, written as a role of the key's account named «its expression».
   */
  private string(range: HostRange, pieces: readonly Piece[], asPrincipal = false): void {
    const start = this.out.length;
    this.out.mapped('"', range);
    if (asPrincipal) {
      this.usesAccount = true;
      this.out.mapped(`arn:${this.facts.partition}:iam::${this.facts.account}:role/`, range);
    }
    const labels: string[] = [];
    let uncertain = false;
    for (const p of pieces) {
      const r = this.piece(p, true);
      if (r) {
        labels.push(r.label);
        uncertain ||= r.uncertain;
      }
    }
    this.out.mapped('"', range);
    if (labels.length > 0) this.opens.push({ offset: start, length: this.out.length - start, labels, uncertain });
  }

  /**
   * Writes one piece (escaped for a JSON string when `inString`). Returns what it leaves open, if anything:
   * literal text and resolved facts leave nothing open.
   */
  private piece(p: Piece, inString: boolean): { label: string; uncertain: boolean } | undefined {
    const write = (text: string, range: HostRange, exactAt?: number): void => {
      const escaped = inString ? escapeJson(text) : text;
      if (exactAt !== undefined && escaped === text) this.out.exact(text, exactAt);
      else this.out.mapped(escaped, range);
    };
    switch (p.kind) {
      case 'text':
        write(p.text, p.range, p.exact ? p.range.start : undefined);
        return undefined;
      case 'known': {
        const text = knownText(p, this.facts);
        if (p.value === 'account') this.usesAccount = true;
        if (text !== undefined) {
          write(text, p.range);
          return undefined;
        }
        // The key's Region, when the facts leave it open, is «region»: a token without colons, so an ARN
        // written with it (arn:aws:kms:${AWS::Region}:…) keeps its fields.
        const stand = p.value === 'region' ? '«region»' : `«${p.label}»`;
        write(stand, p.range);
        if (p.value === 'region') this.regionText ??= stand;
        return { label: p.label, uncertain: false };
      }
      case 'ref':
        this.usesAccount = true;
        if (!this.refs.some((x) => x.iam === p.iam && x.name === p.name)) this.refs.push({ iam: p.iam, name: p.name });
        write(`arn:${this.facts.partition}:iam::${this.facts.account}:${p.iam}/«${p.name}»`, p.range);
        return { label: p.label, uncertain: false };
      case 'open':
        write(`«${p.label}»`, p.range);
        return { label: p.label, uncertain: true };
    }
  }

  /**
   * JSON text with interpolations. An interpolation inside a JSON string becomes «label» in it (the string
   * is then open); one between values becomes the string "«label»".
   */
  private jsonText(pieces: readonly Piece[]): void {
    const scan = new StringScanner();
    let stringStart = -1;
    let pending: { label: string; uncertain: boolean }[] = [];
    for (const p of pieces) {
      if (p.kind === 'text') {
        const before = this.out.length;
        this.piece(p, false);
        scan.feed(p.text, before, (at, opening) => {
          if (opening) stringStart = at;
          else if (pending.length > 0) {
            this.opens.push({
              offset: stringStart,
              length: at + 1 - stringStart,
              labels: pending.map((x) => x.label),
              uncertain: pending.some((x) => x.uncertain),
            });
            pending = [];
          }
        });
        continue;
      }
      if (scan.inString) {
        const r = this.piece(p, true);
        if (r) pending.push(r);
        continue;
      }
      const start = this.out.length;
      this.out.mapped('"', p.range);
      const r = this.piece(p, true);
      this.out.mapped('"', p.range);
      if (r) this.opens.push({ offset: start, length: this.out.length - start, labels: [r.label], uncertain: r.uncertain });
    }
  }
}

/** Follows JSON string boundaries across pieces of raw JSON text. */
class StringScanner {
  inString = false;
  private escaped = false;

  /** Scans `text` (written at `base`), calling `edge` at each quote that opens or closes a string. */
  feed(text: string, base: number, edge: (at: number, opening: boolean) => void): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34 || c === 10) {
          this.inString = false;
          edge(base + i, false);
        }
      } else if (c === 34) {
        this.inString = true;
        edge(base + i, true);
      }
    }
  }
}

/** The label of a string with open parts: its text, each open part as `${…}` (or its own label when a function). */
function principalLabel(pieces: readonly Piece[]): string {
  const text = pieces
    .map((p) => {
      if (p.kind === 'text') return p.text;
      if (p.kind === 'open') return /^[!$]/.test(p.label) ? p.label : `\${${p.label}}`;
      return `\${${p.label}}`;
    })
    .join('');
  return cleanLabel(text);
}

/** Writes a policy value out as JSON, with its source map and open strings. */
export function renderPolicy(value: SourceValue, facts: RenderFacts): RenderedPolicy {
  const r = new Renderer(facts);
  r.value(value);
  const { text, map } = r.out.build();
  return { text, map, opens: r.opens, usesAccount: r.usesAccount, refs: r.refs, ...(r.regionText ? { regionText: r.regionText } : {}) };
}
