/**
 * The top-level members of the record the scanner is reading, noted as it passes them: where each member's
 * name and value start and end (the span table the engine's RecordText reads), or that the record's top level
 * is not well formed. The scanner reports only what it sees at depth 1 (inside the record's own braces), at
 * offsets from the record's start; strings and nested values are crossed by the scanner, not here.
 */
import { SPAN_WIDTH } from '../engine';
import { CLOSE_BRACE, COLON, COMMA } from './jsonBytes';

/** What comes next at the record's top level. */
const enum Next {
  Key,
  InKey,
  Colon,
  Value,
}

/** The members of one record at a time (`start` begins the next). */
export class MemberSpans {
  /** SPAN_WIDTH offsets per member (see RecordText). */
  spans = new Int32Array(64 * SPAN_WIDTH);
  count = 0;
  /** The record's top level is not well formed: it must be parsed whole (and is then refused). */
  irregular = false;
  private next = Next.Key;
  /** What the current member's value is so far: 0 nothing, 1 scalar characters, 2 a string or nested value. */
  private valueKind = 0;
  private keyStart = 0;
  private keyEnd = 0;
  private valueStart = 0;

  /** A new record starts. */
  start(): void {
    this.count = 0;
    this.next = Next.Key;
    this.irregular = false;
  }

  /** A string or nested value starts at `at`: a member name, or a member's value. */
  opens(at: number, string: boolean): void {
    if (this.next === Next.Key && string) {
      this.keyStart = at;
      this.next = Next.InKey;
    } else if (this.next === Next.Value && this.valueKind === 0) this.valueKind = 2;
    else this.irregular = true;
  }

  /** A string ended at `at` (after its quote): when it was a member name, a colon comes next. */
  stringEnds(at: number): void {
    if (this.next === Next.InKey) {
      this.keyEnd = at;
      this.next = Next.Colon;
    }
  }

  /** A colon, comma or scalar character at `at`. */
  mark(at: number, c: number): void {
    if (c === COLON) {
      if (this.next !== Next.Colon) this.irregular = true;
      this.next = Next.Value;
      this.valueKind = 0;
      this.valueStart = at + 1;
    } else if (c === COMMA) {
      this.ends(at);
      this.next = Next.Key;
    } else if (this.next === Next.Value && this.valueKind !== 2) this.valueKind = 1;
    else this.irregular = true;
  }

  /** The record's closing brace `c` (or a bracket where it should be) at `at`. */
  closes(at: number, c: number): void {
    if (c !== CLOSE_BRACE) this.irregular = true;
    else if (this.next !== Next.Key || this.count > 0) this.ends(at);
  }

  /** The current member ends at `at` (a comma or the closing brace). */
  private ends(at: number): void {
    if (this.next !== Next.Value || this.valueKind === 0) {
      this.irregular = true;
      return;
    }
    const slot = this.count * SPAN_WIDTH;
    if (slot + SPAN_WIDTH > this.spans.length) {
      const grown = new Int32Array(this.spans.length * 2);
      grown.set(this.spans);
      this.spans = grown;
    }
    this.spans[slot] = this.keyStart;
    this.spans[slot + 1] = this.keyEnd;
    this.spans[slot + 2] = this.valueStart;
    this.spans[slot + 3] = at;
    this.count++;
  }
}
