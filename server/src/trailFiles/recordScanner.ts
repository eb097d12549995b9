/**
 * A streaming scanner for CloudTrail log files: `{"Records": [ {...}, {...} ]}` as CloudTrail delivers
 * them to S3 (and `{"Events": [ {"CloudTrailEvent": "{...}"} ]}` as `aws cloudtrail lookup-events` prints
 * them). Bytes go in chunk by chunk; each record comes out parsed as soon as its closing brace arrives. Only
 * the record being read is ever held, and a record larger than `maxRecordBytes` is skipped without being
 * held, so memory stays bounded whatever the size of the file.
 *
 * The scanner works on bytes (see jsonBytes.ts). A sink that reads records member by member (`members`) gets
 * them unparsed: while finding a record's end the scanner notes where each top-level member starts and ends
 * (memberSpans.ts), and the engine's RecordText parses only the members read. Records it cannot hand over
 * that way (not ASCII, or irregular at the top level) are parsed whole, so a broken one is still refused as
 * invalid JSON.
 */
import { RecordText, type RecordMembers } from '../engine';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  ESCAPE_CARRIED,
  isSpace,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  show,
  startProblem,
  stringEnd,
} from './jsonBytes';
import { MemberSpans } from './memberSpans';

/** The input is not a CloudTrail log file, or is cut short. `offset` is where (in the decompressed data). */
export class TrailFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
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
  /** The top-level members `members` reads; with both, records of a Records array are read member by member. */
  readonly memberNames?: readonly string[];
  /** One record, unparsed: only the members named in `memberNames` can be read, and only during the call. */
  members?(record: RecordMembers): void;
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
  /** The member reader, when the sink reads records member by member. */
  private readonly reader: RecordText | undefined;
  /** Whether the record being read has its members noted (a Records array, and a member reader). */
  private tracking = false;
  /** Offset in the record of index 0 of the current chunk. */
  private recordBase = 0;
  /** The members of the record being read, when tracking. */
  private readonly members = new MemberSpans();

  constructor(
    private readonly sink: RecordSink,
    private readonly maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
  ) {
    this.reader = sink.members && sink.memberNames ? new RecordText(sink.memberNames) : undefined;
  }

  /** Records emitted so far. */
  get records(): number {
    return this.emitted;
  }

  /** Feeds the next chunk. Throws TrailFormatError when the data is not a CloudTrail log file. */
  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const n = buf.length;
    let i = 0;
    if (this.state === State.Record) this.recordBase = this.pendingBytes;
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
            this.recordBase = -i;
            this.tracking = this.reader !== undefined && this.array === 'Records';
            this.members.start();
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
    // Top-level members are noted at depth 1 (inside the record's braces), at offsets from the record's start.
    const track = this.tracking && this.state === State.Record;
    const base = this.recordBase;
    if (this.inString) {
      // The previous chunk ended inside a string (just after a backslash, when the escape is carried over).
      const end = stringEnd(buf, this.escapeCarry ? i + 1 : i, n);
      if (end < 0) return this.endsInString(depth, end, n);
      i = end;
      this.inString = false;
      if (depth === 0) return this.valueEnds(buf, i);
      if (track && depth === 1) this.members.stringEnds(base + i);
    }
    while (i < n) {
      const c = buf[i]!;
      i++;
      if (c === QUOTE) {
        if (track && depth === 1) this.members.opens(base + i - 1, true);
        const end = stringEnd(buf, i, n);
        if (end < 0) return this.endsInString(depth, end, n);
        i = end;
        if (depth === 0) return this.valueEnds(buf, i);
        if (track && depth === 1) this.members.stringEnds(base + i);
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (track && depth === 1) this.members.opens(base + i - 1, false);
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) {
          if (track) this.members.closes(base + i - 1, c);
          return this.valueEnds(buf, i);
        }
      } else if (track && depth === 1 && !isSpace(c)) this.members.mark(base + i - 1, c);
    }
    this.depth = depth;
    return i;
  }

  /** The chunk (of `n` bytes) ended inside a string (`how`: see stringEnd). */
  private endsInString(depth: number, how: number, n: number): number {
    this.depth = depth;
    this.inString = true;
    this.escapeCarry = how === ESCAPE_CARRIED;
    return n;
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
      let bytes: number;
      if (this.pending.length > 0) {
        this.pending.push(Buffer.from(buf.subarray(0, end)));
        bytes = this.pendingBytes + end;
        text = Buffer.concat(this.pending).toString('utf8');
      } else {
        bytes = end - start;
        text = buf.toString('utf8', start, end);
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.state = State.Element;
      // Member offsets are byte offsets: they index the text when every character is one byte (ASCII).
      this.emit(text, this.tracking && !this.members.irregular && text.length === bytes);
      return;
    }
    if (this.state === State.SkipRecord && this.skipping === 'record') {
      this.elements++;
      this.sink.skip(`larger than ${sizeText(this.maxRecordBytes)}`);
    }
    this.state = this.skipping === 'top' ? State.TopMember : State.Element;
    this.skipping = 'record';
  }

  private emit(text: string, byMembers: boolean): void {
    if (this.sink.wants && !this.sink.wants(text)) {
      this.emitted++;
      return;
    }
    if (byMembers && this.reader!.read(text, this.members.spans, this.members.count)) {
      this.emitted++;
      this.sink.members!(this.reader!);
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
        if (this.array !== undefined)
          throw new TrailFormatError(`truncated: the data ends inside record ${this.elements + 1} (${this.emitted} records read)`, at);
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
