/**
 * Reading CloudTrail log files from disk, as CloudTrail delivers them to S3: `{"Records": [...]}`, plain or
 * gzip-compressed (`.json.gz`; compression is recognised by its signature, not by the name). Files are
 * streamed in chunks through the record scanner, so a file of any size is read in bounded memory, and each
 * record is handed on as soon as it is complete. A file that is not gzip though named so, not JSON, not a
 * trail, or cut short yields a clear problem and the records read before it; reading can be cancelled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { notAFile } from '../fileKind';
import { DEFAULT_MAX_RECORD_BYTES, RecordScanner, TrailFormatError, type RecordSink } from './recordScanner';

/** Progress of a read, reported after each chunk. */
export interface TrailProgress {
  readonly file: string;
  /** 0-based index of the file among those read, and their number. */
  readonly fileIndex: number;
  readonly files: number;
  /** Bytes of the file read so far (compressed bytes for a gzip file) and the file's size. */
  readonly bytesRead: number;
  readonly fileBytes: number;
  /** Records read from every file so far. */
  readonly records: number;
}

/** Options of a read. */
export interface TrailReadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: TrailProgress) => void;
  /** Largest record kept; larger ones are skipped (default 4 MiB). */
  readonly maxRecordBytes?: number;
  /** Read size (default 1 MiB). */
  readonly chunkBytes?: number;
}

/** What came of one file. */
export interface TrailFileResult {
  readonly file: string;
  readonly records: number;
  readonly bytes: number;
  /** True when the file was read to its end. */
  readonly complete: boolean;
  /** Why it was not (or what was wrong with it). */
  readonly problem?: string;
}

/** What came of several files. */
export interface TrailReadResult {
  readonly files: readonly TrailFileResult[];
  /** `<file>: <problem>` for every file that was not read to its end. */
  readonly problems: readonly string[];
  /** True when some file was not read to its end, or the read was cancelled. */
  readonly partial: boolean;
  readonly cancelled: boolean;
  readonly records: number;
}

const GZIP = [0x1f, 0x8b];
const DEFAULT_CHUNK = 1024 * 1024;

function isTrailName(name: string): boolean {
  return /\.json(\.gz)?$/i.test(name);
}

/**
 * The trail files named by paths: files as given, and the `.json` / `.json.gz` files under directories
 * (recursively, sorted). Paths that do not exist, and files that are not regular files (pipes, devices), become problems.
 */
export async function expandTrailPaths(paths: readonly string[]): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && isTrailName(e.name)) files.push(full);
    }
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(p);
    } catch (e) {
      problems.push(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : errorText(e)}`);
      continue;
    }
    if (stat.isDirectory()) {
      const before = files.length;
      try {
        await walk(p);
      } catch (e) {
        problems.push(`${p}: ${errorText(e)}`);
      }
      if (files.length === before) problems.push(`${p}: no .json or .json.gz files in this directory`);
    } else {
      const kind = notAFile(stat);
      if (kind === undefined) files.push(p);
      else problems.push(`${p}: ${kind}`);
    }
  }
  return { files, problems };
}

async function startsWithGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP[0] && head[1] === GZIP[1];
  } finally {
    await handle.close();
  }
}

/** Reads one file, handing each record to `sink`. Never throws for a bad file: the result says what went wrong. */
export async function readTrailFile(
  file: string,
  sink: RecordSink,
  options: TrailReadOptions = {},
  place: { fileIndex: number; files: number; recordsBefore: number } = { fileIndex: 0, files: 1, recordsBefore: 0 },
): Promise<TrailFileResult> {
  let size: number;
  let gzip: boolean;
  try {
    size = (await fs.promises.stat(file)).size;
    gzip = await startsWithGzip(file);
  } catch (e) {
    return {
      file,
      records: 0,
      bytes: 0,
      complete: false,
      problem: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorText(e),
    };
  }
  if (!gzip && /\.gz$/i.test(file)) {
    return {
      file,
      records: 0,
      bytes: size,
      complete: false,
      problem: 'not gzip data: the name ends in .gz but the file does not start with the gzip signature (1f 8b)',
    };
  }
  const scanner = new RecordScanner(sink, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK;
  const counted = { bytes: 0 };
  let source: fs.ReadStream | undefined;
  let handle: fs.promises.FileHandle | undefined;
  const progress = (): void =>
    options.onProgress?.({
      file,
      fileIndex: place.fileIndex,
      files: place.files,
      bytesRead: source ? source.bytesRead : counted.bytes,
      fileBytes: size,
      records: place.recordsBefore + scanner.records,
    });
  const result = (complete: boolean, problem?: string): TrailFileResult => ({
    file,
    records: scanner.records,
    bytes: size,
    complete,
    ...(problem ? { problem } : {}),
  });
  try {
    let chunks: AsyncIterable<Buffer>;
    if (gzip) {
      source = fs.createReadStream(file, { highWaterMark: chunkBytes });
      const gunzip = source.pipe(zlib.createGunzip({ chunkSize: 1024 * 1024 }));
      source.on('error', (e) => gunzip.destroy(e));
      chunks = gunzip;
    } else {
      handle = await fs.promises.open(file, 'r');
      chunks = plainChunks(handle, chunkBytes, counted);
    }
    for await (const chunk of chunks) {
      if (options.signal?.aborted) return result(false, `cancelled after ${scanner.records} records`);
      scanner.push(chunk);
      progress();
    }
    scanner.end();
    return result(true);
  } catch (e) {
    if (e instanceof TrailFormatError) return result(false, e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') return result(false, `truncated gzip data: the compressed stream ends early (${scanner.records} records read)`);
    if (code === 'Z_DATA_ERROR') return result(false, `corrupt gzip data: ${errorText(e)} (${scanner.records} records read)`);
    return result(false, errorText(e));
  } finally {
    source?.destroy();
    await handle?.close();
  }
}

/**
 * The bytes of a plain file, read chunk by chunk into one buffer: each chunk is valid until the next one
 * is asked for (the scanner copies what it keeps). A fresh buffer per read, as a read stream allocates,
 * costs several times the reading itself on a large trail.
 */
async function* plainChunks(handle: fs.promises.FileHandle, chunkBytes: number, counted: { bytes: number }): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(chunkBytes);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
    if (bytesRead === 0) return;
    counted.bytes += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** Reads files one after the other into `sink`. Stops early when cancelled. */
export async function readTrailFiles(
  files: readonly string[],
  sink: RecordSink,
  options: TrailReadOptions = {},
  display: (file: string) => string = (f) => f,
): Promise<TrailReadResult> {
  const results: TrailFileResult[] = [];
  const problems: string[] = [];
  let records = 0;
  let cancelled = false;
  for (let i = 0; i < files.length; i++) {
    if (options.signal?.aborted) {
      cancelled = true;
      problems.push(`cancelled: ${files.length - i} file${files.length - i === 1 ? '' : 's'} not read`);
      break;
    }
    const r = await readTrailFile(files[i]!, sink, options, { fileIndex: i, files: files.length, recordsBefore: records });
    results.push(r);
    records += r.records;
    if (!r.complete) {
      problems.push(`${display(r.file)}: ${r.problem ?? 'not read to its end'}`);
      if (options.signal?.aborted) cancelled = true;
    }
  }
  return { files: results, problems, partial: problems.length > 0, cancelled, records };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
