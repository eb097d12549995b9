/**
 * Where each character of a policy read from a template came from. A policy embedded in a CloudFormation or
 * Terraform file is written out as JSON (the text every rule, feature and the simulator already read) while a
 * TextBuilder records, run by run, the host-file range each piece of that JSON stands for. The SourceMap then
 * maps any span of the JSON back to the host file, and a host position to the JSON, so a diagnostic lands on
 * the exact YAML or HCL range and a hover or completion in the host file finds its place in the policy.
 */

/** A range of the host file, in UTF-16 offsets. */
export interface HostRange {
  readonly start: number;
  readonly end: number;
}

/** One run of the JSON text and the host range it came from. */
interface Segment {
  /** Start and end in the JSON text. */
  readonly s: number;
  e: number;
  /** Start and end in the host text. */
  readonly hs: number;
  he: number;
  /** True when the run is the host's characters one for one (a literal written without escapes). */
  readonly exact: boolean;
}

/** Builds a JSON text from pieces, recording the host range of each. */
export class TextBuilder {
  private readonly parts: string[] = [];
  private readonly segments: Segment[] = [];
  private size = 0;

  /** The length of the text so far. */
  get length(): number {
    return this.size;
  }

  /** Appends `text`, copied one for one from the host text at `hostStart`. */
  exact(text: string, hostStart: number): void {
    if (text === '') return;
    const last = this.segments[this.segments.length - 1];
    if (last && last.exact && last.e === this.size && last.he === hostStart) {
      last.e += text.length;
      last.he += text.length;
    } else this.segments.push({ s: this.size, e: this.size + text.length, hs: hostStart, he: hostStart + text.length, exact: true });
    this.push(text);
  }

  /** Appends `text`, standing for the host range as a whole (punctuation, escapes, resolved references). */
  mapped(text: string, range: HostRange): void {
    if (text === '') return;
    const last = this.segments[this.segments.length - 1];
    if (last && !last.exact && last.e === this.size && last.hs === range.start && last.he === range.end) last.e += text.length;
    else this.segments.push({ s: this.size, e: this.size + text.length, hs: range.start, he: range.end, exact: false });
    this.push(text);
  }

  /** The text and its map. */
  build(): { text: string; map: SourceMap } {
    return { text: this.parts.join(''), map: new SourceMap(this.segments) };
  }

  private push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }
}

/** Maps offsets of a JSON text built by a TextBuilder to the host text and back. */
export class SourceMap {
  constructor(private readonly segments: readonly Segment[]) {}

  /** The segment holding JSON offset `o` (for a start: s <= o < e; for an end: s < o <= e). */
  private find(o: number, end: boolean): Segment | undefined {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const g = segs[mid] as Segment;
      if (end ? o <= g.s : o < g.s) hi = mid - 1;
      else if (end ? o > g.e : o >= g.e) lo = mid + 1;
      else return g;
    }
    return segs[Math.min(Math.max(lo, 0), segs.length - 1)];
  }

  /** The host offset where a JSON span starting at `o` starts. */
  hostStart(o: number): number {
    const g = this.find(o, false);
    if (!g) return 0;
    return g.exact ? g.hs + Math.max(0, Math.min(o - g.s, g.he - g.hs)) : g.hs;
  }

  /** The host offset where a JSON span ending at `o` ends. */
  hostEnd(o: number): number {
    const g = this.find(o, true);
    if (!g) return 0;
    return g.exact ? g.hs + Math.max(0, Math.min(o - g.s, g.he - g.hs)) : g.he;
  }

  /** The host range of a JSON span (never inverted). */
  hostRange(offset: number, length: number): HostRange {
    const start = this.hostStart(offset);
    const end = length === 0 ? start : this.hostEnd(offset + length);
    return { start, end: Math.max(start, end) };
  }

  /**
   * The JSON offset for a host offset, or undefined outside the policy. The innermost run wins: a character
   * of a literal maps one for one; elsewhere the smallest host range holding the offset stands for it.
   */
  toJson(h: number): number | undefined {
    let best: Segment | undefined;
    for (const g of this.segments) {
      if (h < g.hs || h > g.he) continue;
      if (g.exact) return g.s + (h - g.hs);
      if (!best || g.he - g.hs < best.he - best.hs) best = g;
    }
    return best?.s;
  }

  /** True when the JSON span is a literal of the host text, character for character. */
  isExact(offset: number, length: number): boolean {
    const g = this.find(offset, false);
    return !!g && g.exact && offset + length <= g.e;
  }
}
