/**
 * A streaming scanner for CloudTrail log files: `{"Records": [ {...}, {...} ]}` as CloudTrail delivers
 * them to S3 (and `{"Events": [ {"CloudTrailEvent": "{...}"} ]}` as `aws cloudtrail lookup-events` prints
 * them). Bytes go in chunk by chunk; each record comes out parsed as soon as its closing brace arrives. Only
 * the record being read is ever held, and a record larger than `maxRecordBytes` is skipped without being
 * held, so memory stays bounded whatever the size of the file.
 *
 * The scanner works on bytes: JSON's structural characters and the quote and backslash never occur inside
 * a multi-byte UTF-8 sequence. String contents are skipped with `indexOf`, which keeps it fast.
 */

/** The input is not a CloudTrail log file, or is cut short. `offset` is where (in the decompressed data). */
export class TrailFormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'TrailFormatError';
  }
}

/** Where the scanner's output goes. */
export interface RecordSink {
  /** One record, parsed. */
  record(value: unknown): void;
  /** One element of the array that could not be used, and why. */
  skip(reason: string): void;
  /**
   * Whether a record (its JSON text) needs to be parsed at all; the sink counts those it refuses. Parsing is
   * most of the cost of reading a trail, and most records of a trail are about other keys or other services.
   */
  wants?(text: string): boolean;
}

const enum State {
  Start,
  TopMember,
  TopKey,
  TopColon,
  TopValue,
  SkipTopValue,
  SkipTopScalar,
  Element,
  Record,
  SkipRecord,
  SkipScalar,
  Done,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Default largest record read (CloudTrail events are at most a few hundred KB). */
export const DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

/** The array kinds a file may hold. */
type ArrayKind = 'Records' | 'Events';

/** Scans one file's bytes. */
export class RecordScanner {
  private state = State.Start;
  /** Bytes consumed so far. */
  private consumed = 0;
  private depth = 0;
  private inString = false;
  /** An odd run of backslashes ended the previous chunk inside a string. */
  private escapeCarry = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private key: number[] = [];
  private array: ArrayKind | undefined;
  private sawArray = false;
  private elements = 0;
  private emitted = 0;
  private firstByte = true;
  /** Where the record being read starts in the current chunk (0 when it started in an earlier one). */
  private recordStart = 0;
  /** What a skipped value is: an array element that is not an object, a record too large to hold, or a top-level member. */
  private skipping: 'element' | 'record' | 'top' = 'record';

  constructor(private readonly sink: RecordSink, private readonly maxRecordBytes = DEFAULT_MAX_RECORD_BYTES) {}

  /** Records emitted so far. */
  get records(): number {
    return this.emitted;
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.consumed;
  }

  /** Feeds the next chunk. Throws TrailFormatError when the data is not a CloudTrail log file. */
  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const n = buf.length;
    let i = 0;
    if (this.firstByte && n > 0) {
      this.firstByte = false;
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    }
    while (i < n) {
      switch (this.state) {
        case State.Record:
        case State.SkipRecord:
          i = this.scanValue(buf, i, n);
          break;
        case State.Element: {
          const c = buf[i]!;
          if (isSpace(c) || c === COMMA) i++;
          else if (c === OPEN_BRACE) {
            this.state = State.Record;
            this.depth = 0;
            this.inString = false;
            this.pending = [];
            this.pendingBytes = 0;
            this.recordStart = i;
          } else if (c === CLOSE_BRACKET) {
            this.state = State.TopMember;
            this.array = undefined;
            i++;
          } else {
            this.elements++;
            this.sink.skip('not an object');
            if (c === OPEN_BRACKET || c === QUOTE) {
              this.state = State.SkipRecord;
              this.depth = 0;
              this.inString = false;
              this.skipping = 'element';
            } else {
              this.state = State.SkipScalar;
            }
          }
          break;
        }
        case State.SkipScalar: {
          const c = buf[i]!;
          if (c === COMMA || c === CLOSE_BRACKET || isSpace(c)) this.state = State.Element;
          else i++;
          break;
        }
        default:
          i = this.structure(buf, i);
      }
    }
    if (this.state === State.Record && this.recordStart < n) this.keepPending(buf.subarray(this.recordStart, n));
    this.recordStart = 0;
    this.consumed += n;
  }

  private keepPending(part: Uint8Array): void {
    this.pendingBytes += part.length;
    if (this.pendingBytes > this.maxRecordBytes) {
      // Too large to hold: read past it without keeping it.
      this.pending = [];
      this.state = State.SkipRecord;
      this.skipping = 'record';
      return;
    }
    this.pending.push(Buffer.from(part));
  }

  /**
   * Scans a JSON value from its opening character (`{`, `[` or `"`) to its end, across chunks; returns the
   * index after the value, or `n` when the chunk ends first.
   */
  private scanValue(buf: Buffer, start: number, n: number): number {
    let i = start;
    let depth = this.depth;
    let inString = this.inString;
    while (i < n) {
      if (inString) {
        // Jump to the next quote; it ends the string unless an odd run of backslashes precedes it.
        const q = buf.indexOf(QUOTE, i);
        if (q < 0) {
          let k = n - 1;
          while (k >= i && buf[k] === BACKSLASH) k--;
          const odd = (n - 1 - k) % 2 === 1;
          this.escapeCarry = k < i ? this.escapeCarry !== odd : odd;
          i = n;
          break;
        }
        let k = q - 1;
        while (k >= i && buf[k] === BACKSLASH) k--;
        let escaped = (q - 1 - k) % 2 === 1;
        if (k < i && this.escapeCarry) escaped = !escaped;
        this.escapeCarry = false;
        i = q + 1;
        if (escaped) continue;
        inString = false;
        if (depth === 0) return this.valueEnds(buf, i);
        continue;
      }
      const c = buf[i]!;
      i++;
      if (c === QUOTE) {
        inString = true;
        this.escapeCarry = false;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return this.valueEnds(buf, i);
      }
    }
    this.depth = depth;
    this.inString = inString;
    return i;
  }

  private valueEnds(buf: Buffer, end: number): number {
    this.depth = 0;
    this.inString = false;
    this.finishValue(buf, end);
    return end;
  }

  private finishValue(buf: Buffer, end: number): void {
    if (this.state === State.Record) {
      this.elements++;
      const start = this.recordStart;
      let text: string;
      if (this.pending.length > 0) {
        this.pending.push(Buffer.from(buf.subarray(0, end)));
        text = Buffer.concat(this.pending).toString('utf8');
      } else {
        text = buf.toString('utf8', start, end);
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.state = State.Element;
      this.emit(text);
      return;
    }
    if (this.state === State.SkipRecord && this.skipping === 'record') {
      this.elements++;
      this.sink.skip(`larger than ${sizeText(this.maxRecordBytes)}`);
    }
    this.state = this.skipping === 'top' ? State.TopMember : State.Element;
    this.skipping = 'record';
  }

  private emit(text: string): void {
    if (this.sink.wants && !this.sink.wants(text)) {
      this.emitted++;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.sink.skip('invalid JSON');
      return;
    }
    if (this.array === 'Events') {
      const inner = typeof value === 'object' && value !== null ? (value as { CloudTrailEvent?: unknown }).CloudTrailEvent : undefined;
      if (typeof inner !== 'string') {
        this.sink.skip('Events entry without CloudTrailEvent');
        return;
      }
      try {
        value = JSON.parse(inner);
      } catch {
        this.sink.skip('invalid JSON');
        return;
      }
    }
    this.emitted++;
    this.sink.record(value);
  }

  /** The top level: `{`, member names, `:`, the Records/Events array or other members to skip, `}`. */
  private structure(buf: Buffer, i: number): number {
    const c = buf[i]!;
    const at = this.consumed + i;
    switch (this.state) {
      case State.Start:
        if (isSpace(c)) return i + 1;
        if (c === OPEN_BRACE) {
          this.state = State.TopMember;
          return i + 1;
        }
        throw new TrailFormatError(startProblem(c), at);
      case State.TopMember:
        if (isSpace(c) || c === COMMA) return i + 1;
        if (c === QUOTE) {
          this.state = State.TopKey;
          this.key = [];
          return i + 1;
        }
        if (c === CLOSE_BRACE) {
          this.state = State.Done;
          return i + 1;
        }
        throw new TrailFormatError(`unexpected ${show(c)} at byte ${at} where a member name or } was expected`, at);
      case State.TopKey:
        if (c === QUOTE && this.key[this.key.length - 1] !== BACKSLASH) {
          this.state = State.TopColon;
          return i + 1;
        }
        if (this.key.length < 256) this.key.push(c);
        return i + 1;
      case State.TopColon:
        if (isSpace(c)) return i + 1;
        if (c === COLON) {
          this.state = State.TopValue;
          return i + 1;
        }
        throw new TrailFormatError(`unexpected ${show(c)} at byte ${at} where : was expected`, at);
      case State.TopValue: {
        if (isSpace(c)) return i + 1;
        const name = Buffer.from(this.key).toString('utf8');
        if ((name === 'Records' || name === 'Events') && c === OPEN_BRACKET) {
          if (this.sawArray) throw new TrailFormatError(`a second ${name} array at byte ${at}`, at);
          this.sawArray = true;
          this.array = name;
          this.state = State.Element;
          return i + 1;
        }
        if (name === 'Records' || name === 'Events') throw new TrailFormatError(`"${name}" is not an array (byte ${at})`, at);
        if (c === OPEN_BRACE || c === OPEN_BRACKET || c === QUOTE) {
          this.state = State.SkipRecord;
          this.skipping = 'top';
          this.depth = 0;
          this.inString = false;
          return i;
        }
        this.state = State.SkipTopScalar;
        return i;
      }
      case State.SkipTopScalar:
        if (c === COMMA || c === CLOSE_BRACE || isSpace(c)) {
          this.state = State.TopMember;
          return i;
        }
        return i + 1;
      case State.Done:
        if (isSpace(c)) return i + 1;
        throw new TrailFormatError(`unexpected data after the end of the log file at byte ${at}`, at);
      default:
        return i + 1;
    }
  }

  /** Ends the input. Throws TrailFormatError when it was cut short or held no Records array. */
  end(): void {
    const at = this.consumed;
    switch (this.state) {
      case State.Done:
        if (!this.sawArray) throw new TrailFormatError('no "Records" array: not a CloudTrail log file', at);
        return;
      case State.Start:
        throw new TrailFormatError(this.firstByte ? 'the file is empty' : 'the file holds only white space', at);
      case State.Record:
      case State.SkipRecord:
        if (this.array !== undefined) throw new TrailFormatError(`truncated: the data ends inside record ${this.elements + 1} (${this.emitted} records read)`, at);
        throw new TrailFormatError(`truncated: the data ends inside a value (${this.emitted} records read)`, at);
      case State.Element:
      case State.SkipScalar:
        throw new TrailFormatError(`truncated: the data ends before the ${this.array ?? 'Records'} array is closed (${this.emitted} records read)`, at);
      default:
        throw new TrailFormatError(`truncated: the data ends before the log file's closing } (${this.emitted} records read)`, at);
    }
  }
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1048576)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

function show(c: number): string {
  return c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

function startProblem(c: number): string {
  if (c === OPEN_BRACKET) return 'a JSON array, not a CloudTrail log file (expected {"Records": [...]})';
  if (c === 0x1f) return 'gzip-compressed data in a file read as plain JSON';
  if (c === QUOTE || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) return 'a JSON value that is not an object: not a CloudTrail log file (expected {"Records": [...]})';
  return `not JSON: the data starts with ${show(c)} (expected {"Records": [...]})`;
}
