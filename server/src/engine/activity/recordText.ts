/**
 * A CloudTrail record read from its JSON text member by member. Parsing a whole record is most of the cost
 * of reading a trail, yet the analysis reads a dozen top-level members of a record that holds twenty or
 * more (user agents, TLS details, request and event ids, response elements…), and the largest member it
 * reads, `userIdentity`, repeats from record to record. So whoever scans a trail's text (the file scanner)
 * notes where each top-level member of a record starts and ends; a member is parsed only when read, and a
 * repeated one is looked up by its text (TextMemo) instead of being parsed again.
 *
 * What is read is checked as strictly as JSON.parse would: the top-level structure (by the scanner, and
 * here the top-level scalars and brackets) and every member read. Members never read are only known to be
 * well nested. A record this reader does not take (see `RecordText.read`) is parsed whole.
 */

/** A record whose top-level members are read one by one. */
export interface RecordMembers {
  /** A member's value; undefined when the record has none. Throws SyntaxError when its text is not JSON. */
  value(name: string): unknown;
  /**
   * What `read` makes of a member's value, remembered in `memo` by the member's text when the record is
   * read from text (so a member repeated verbatim is parsed and read once). `read` must depend on the value
   * only (`context` is how it reaches its own caches: no closure is made per record).
   */
  memoised<T, C>(name: string, memo: TextMemo<T>, read: (value: unknown, context: C) => T, context: C): T;
}

/** The members of an already-parsed record. */
export class ParsedMembers implements RecordMembers {
  constructor(private readonly record: Readonly<Record<string, unknown>>) {}

  value(name: string): unknown {
    return this.record[name];
  }

  memoised<T, C>(name: string, _memo: TextMemo<T>, read: (value: unknown, context: C) => T, context: C): T {
    return read(this.record[name], context);
  }
}

/**
 * Values computed from JSON texts, found again by their text. A Map keyed by the text would hash all of it
 * on every look-up, which costs about as much as parsing a record's identity; a memo fingerprints the
 * text's length, head and tail (where the texts it holds differ: a caller's name and ARN come first, a
 * session's creation date last) and compares the few texts with that fingerprint whole, which is fast.
 * Bounded: cleared when full.
 */
export class TextMemo<T> {
  private readonly entries = new Map<number, { readonly text: string; readonly value: T }[]>();
  private size = 0;

  constructor(private readonly limit = 10_000) {}

  /** The value remembered for `text` (whose fingerprint is `print`), or undefined. */
  get(text: string, print: number): T | undefined {
    const bucket = this.entries.get(print);
    if (bucket === undefined) return undefined;
    for (const e of bucket) if (e.text === text) return e.value;
    return undefined;
  }

  set(text: string, print: number, value: T): void {
    if (this.size >= this.limit) {
      this.entries.clear();
      this.size = 0;
    }
    const bucket = this.entries.get(print);
    if (bucket) bucket.push({ text, value });
    else this.entries.set(print, [{ text, value }]);
    this.size++;
  }
}

const PRINT_HEAD = 128;
const PRINT_TAIL = 64;

/** The fingerprint of `text[start, end)`: its length, first PRINT_HEAD and last PRINT_TAIL characters (a small integer). */
function fingerprint(text: string, start: number, end: number): number {
  let h = end - start;
  const head = Math.min(end, start + PRINT_HEAD);
  for (let i = start; i < head; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) & 0x3fffffff;
  for (let i = Math.max(head, end - PRINT_TAIL); i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) & 0x3fffffff;
  return h;
}

/** Integers per member in a span table: key start (its quote), key end (after its quote), value start, value end. */
export const SPAN_WIDTH = 4;

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CONTROL = /[\u0000-\u001f]/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * The members of one record's text. One instance is reused record after record (`read` points it at the
 * next one), so what a reader gets is valid only until it returns.
 */
export class RecordText implements RecordMembers {
  private source = '';
  /** Whether the record's text holds a backslash (an escape somewhere). */
  private escapes = false;
  /** Index of each name readers may ask for. */
  private readonly index = new Map<string, number>();
  /** Name code (see nameCode) → 1 + the index of the one name with that code, -1 for several, 0 for none. */
  private readonly byCode = new Int16Array(1 << 15);
  /** Per name: its value's start and end in `source`, and the record they belong to (earlier ones are stale). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly records: Int32Array;
  private current = 0;

  /** @param names The members readers may ask for; others are never looked up. */
  constructor(private readonly names: readonly string[]) {
    names.forEach((n, i) => {
      this.index.set(n, i);
      const code = nameCode(n, 0, n.length);
      this.byCode[code] = this.byCode[code] === 0 ? i + 1 : -1;
    });
    this.starts = new Int32Array(names.length);
    this.ends = new Int32Array(names.length);
    this.records = new Int32Array(names.length);
  }

  /**
   * Points the reader at a record: `text` and its member spans (`count` members, SPAN_WIDTH integers each,
   * offsets into `text`). Returns false for a record this reader does not take: a member name with an escape,
   * a top-level scalar that is not JSON, or a bracket closed by the other kind. The caller parses it whole.
   */
  read(text: string, spans: Int32Array, count: number): boolean {
    this.source = text;
    const escapes = text.includes('\\');
    this.escapes = escapes;
    const record = ++this.current;
    const last = count * SPAN_WIDTH;
    for (let at = 0; at < last; at += SPAN_WIDTH) {
      const keyStart = spans[at]! + 1;
      const keyLength = spans[at + 1]! - 1 - keyStart;
      let start = spans[at + 2]!;
      let end = spans[at + 3]!;
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
      if (!wellFormed(text, start, end)) return false;
      if (escapes && text.slice(keyStart, keyStart + keyLength).includes('\\')) return false;
      // Most members are not read: their code matches no name, and their name is never compared.
      const found = this.byCode[nameCode(text, keyStart, keyLength)]!;
      if (found === 0) continue;
      const i = found > 0 ? found - 1 : this.nameAt(text, keyStart, keyLength);
      if (i < 0 || this.names[i]!.length !== keyLength || !sameText(text, keyStart, this.names[i]!)) continue;
      // A repeated member: the last one wins, as in JSON.parse.
      this.starts[i] = start;
      this.ends[i] = end;
      this.records[i] = record;
    }
    return true;
  }

  /** The index of the name at `text[start, start + length)` among several with the same code, or -1. */
  private nameAt(text: string, start: number, length: number): number {
    for (let i = 0; i < this.names.length; i++) if (this.names[i]!.length === length && sameText(text, start, this.names[i]!)) return i;
    return -1;
  }

  value(name: string): unknown {
    const i = this.index.get(name);
    if (i === undefined || this.records[i] !== this.current) return undefined;
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    // A string without escapes (or control characters, which JSON.parse refuses) is its text between the quotes.
    if (this.source.charCodeAt(start) === QUOTE) {
      const inner = this.source.slice(start + 1, end - 1);
      if ((!this.escapes || !inner.includes('\\')) && !CONTROL.test(inner)) return inner;
    }
    return JSON.parse(this.source.slice(start, end));
  }

  memoised<T, C>(name: string, memo: TextMemo<T>, read: (value: unknown, context: C) => T, context: C): T {
    const i = this.index.get(name);
    if (i === undefined || this.records[i] !== this.current) return read(undefined, context);
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    const print = fingerprint(this.source, start, end);
    const text = this.source.slice(start, end);
    const known = memo.get(text, print);
    if (known !== undefined) return known;
    const value = read(JSON.parse(text), context);
    // Kept as a copy (a string parsed anew): the slice would hold on to the whole record's text.
    memo.set(JSON.parse(JSON.stringify(text)) as string, print, value);
    return value;
  }
}

/** A cheap code of a member name: its length, first character and third character from its end, 5 bits each. */
function nameCode(text: string, start: number, length: number): number {
  if (length === 0) return 0;
  return ((length & 31) << 10) | ((text.charCodeAt(start) & 31) << 5) | (text.charCodeAt(start + Math.max(0, length - 3)) & 31);
}

/** Whether `text` holds `word` at `start` (a loop: faster than startsWith for the short words compared here). */
function sameText(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Whether one top-level value's text (the scanner saw one value: a string, a nested value, or scalar
 * characters) is well formed where the scanner cannot tell: a scalar is a JSON literal or number, and a
 * nested value is closed by its own kind of bracket.
 */
function wellFormed(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length <= 0) return false;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  // The scanner saw a string close at its last quote.
  if (first === QUOTE) return last === QUOTE && length >= 2;
  if (first === OPEN_BRACE) return last === CLOSE_BRACE;
  if (first === OPEN_BRACKET) return last === CLOSE_BRACKET;
  if (length === 4 && (sameText(text, start, 'true') || sameText(text, start, 'null'))) return true;
  if (length === 5 && sameText(text, start, 'false')) return true;
  NUMBER.lastIndex = start;
  return NUMBER.test(text) && NUMBER.lastIndex === end;
}
