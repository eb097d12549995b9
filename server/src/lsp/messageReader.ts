/**
 * Reads LSP messages from a byte stream (stdio, a socket, a pipe): `Content-Length: N` headers, a blank line,
 * N bytes of JSON. A header the server cannot trust (no Content-Length, one that is not a whole number or is
 * larger than any message it reads, a line without a colon, no blank line after 8 KB) means the stream is out
 * of step and every later byte would be misread: the reader stops and fires a MalformedHeaderError, which
 * the server logs and exits on. vscode-jsonrpc's own reader fires an error and then reads nothing more while
 * the process lives on, deaf until its input closes; given a huge length it just waits.
 *
 * A body that is not JSON leaves the framing intact: it is reported as an ordinary error and reading goes on.
 */
import { AbstractMessageReader, Disposable, type DataCallback, type Message, type MessageReader } from 'vscode-languageserver/node';

/** The largest message read: a 64 MiB document (the CLI's cap), escaped, with room to spare. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** The most header bytes read before the blank line that ends them. */
export const MAX_HEADER_BYTES = 8 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

/** The stream is out of step: the header just read cannot be trusted. */
export class MalformedHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedHeaderError';
  }
}

/** A message reader that refuses malformed headers instead of going deaf. */
export class StrictMessageReader extends AbstractMessageReader implements MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The length of the body being read, or -1 while reading a header. */
  private bodyLength = -1;
  private stopped = false;
  private callback: DataCallback | undefined;

  constructor(private readonly stream: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string): void => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (e: unknown): void => this.fireError(e);
    const onClose = (): void => this.fireClose();
    this.stream.on('data', onData);
    this.stream.on('error', onError);
    this.stream.on('end', onClose);
    this.stream.on('close', onClose);
    return Disposable.create(() => {
      this.stream.off('data', onData);
      this.stream.off('error', onError);
      this.stream.off('end', onClose);
      this.stream.off('close', onClose);
    });
  }

  private onData(chunk: Buffer): void {
    if (this.stopped) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      while (!this.stopped && this.readOne());
    } catch (e) {
      if (!(e instanceof MalformedHeaderError)) throw e;
      this.stopped = true;
      this.chunks = [];
      this.fireError(e);
    }
  }

  /** Reads one header or one body if it has fully arrived; false when more bytes are needed. */
  private readOne(): boolean {
    if (this.bodyLength < 0) {
      const head = this.peek(Math.min(this.buffered, MAX_HEADER_BYTES + HEADER_END.length));
      const end = head.indexOf(HEADER_END);
      if (end < 0) {
        if (this.buffered > MAX_HEADER_BYTES + HEADER_END.length)
          throw new MalformedHeaderError(`no blank line ends the header within ${MAX_HEADER_BYTES} bytes`);
        return false;
      }
      this.bodyLength = contentLength(head.subarray(0, end).toString('latin1'));
      this.take(end + HEADER_END.length);
      return true;
    }
    if (this.buffered < this.bodyLength) return false;
    const body = this.take(this.bodyLength);
    this.bodyLength = -1;
    let message: Message;
    try {
      message = JSON.parse(body.toString('utf8')) as Message;
    } catch (e) {
      this.fireError(new Error(`A message body is not JSON (${e instanceof Error ? e.message : String(e)}); it was skipped.`));
      return true;
    }
    this.callback?.(message);
    return true;
  }

  /** The first `n` buffered bytes, without consuming them (copied only when they span chunks). */
  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (n === 0 || !first) return Buffer.alloc(0);
    if (first.length >= n) return first.subarray(0, n);
    const parts: Buffer[] = [];
    let length = 0;
    for (const c of this.chunks) {
      parts.push(c);
      length += c.length;
      if (length >= n) break;
    }
    return Buffer.concat(parts, length).subarray(0, n);
  }

  /** Consumes and returns the first `n` buffered bytes. */
  private take(n: number): Buffer {
    const out = this.peek(n);
    let left = n;
    while (left > 0) {
      const c = this.chunks[0] as Buffer;
      if (c.length > left) {
        this.chunks[0] = c.subarray(left);
        left = 0;
      } else {
        this.chunks.shift();
        left -= c.length;
      }
    }
    this.buffered -= n;
    return out;
  }
}

/** The Content-Length of a header block (its lines without the blank one), or MalformedHeaderError. */
function contentLength(header: string): number {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MalformedHeaderError(`a header line has no name and colon: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-type' && /charset=/i.test(value) && !/charset=["']?utf-?8["']?\s*(;|$)/i.test(value))
      throw new MalformedHeaderError(`only utf-8 is read, not ${JSON.stringify(value)}`);
    if (name !== 'content-length') continue;
    if (length !== undefined) throw new MalformedHeaderError('Content-Length is given twice');
    if (!/^\d{1,10}$/.test(value)) throw new MalformedHeaderError(`Content-Length is not a whole number of bytes: ${JSON.stringify(value.slice(0, 80))}`);
    length = Number(value);
    if (length > MAX_MESSAGE_BYTES)
      throw new MalformedHeaderError(`Content-Length ${value} is more than the ${MAX_MESSAGE_BYTES / 1048576} MiB the server reads`);
  }
  if (length === undefined) throw new MalformedHeaderError('the header has no Content-Length');
  return length;
}
