/**
 * Which files a lint run reads, and reading them without ever throwing: directories are searched
 * recursively for *.json, and for templates and Terraform files (*.yaml, *.yml, *.template, *.tf) (skipping
 * node_modules and dot-folders), `-` is standard input, and every file that cannot be read becomes a reported problem instead
 * of an exception.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMPTY_PATH, notAFile } from '../fileKind';

/** The files a directory search reads: key policies (JSON), and the templates and Terraform files that may declare keys. */
export const SEARCHED_FILES = /\.(json|ya?ml|template|tf)$/i;

/** Files larger than this are refused unread (a key policy is at most 32 KB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** One input of a lint run. */
export type Source =
  | {
      readonly kind: 'file';
      /** Absolute path. */
      readonly path: string;
      /** The path as reports show it (relative to the working directory when inside it). */
      readonly display: string;
      /** Named on the command line (always linted) rather than found in a directory (linted if a policy). */
      readonly explicit: boolean;
    }
  | { readonly kind: 'stdin'; readonly display: string };

/** A path that could not be read or searched. */
export interface IoProblem {
  readonly display: string;
  readonly message: string;
}

/** The inputs found for a list of command-line arguments. */
export interface Targets {
  readonly sources: Source[];
  readonly problems: IoProblem[];
}

/** How a path is shown: relative to `cwd` when inside it, absolute otherwise. */
export function displayPath(cwd: string, absolute: string): string {
  const rel = path.relative(cwd, absolute);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? absolute : rel;
}

/** Expands the command-line arguments into sources; never throws. */
export function collectTargets(args: readonly string[], cwd: string, stdinName: string): Targets {
  const sources: Source[] = [];
  const problems: IoProblem[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const addFile = (abs: string, explicit: boolean): void => {
    if (seenFiles.has(abs)) return;
    seenFiles.add(abs);
    sources.push({ kind: 'file', path: abs, display: displayPath(cwd, abs), explicit });
  };

  const walk = (dir: string): void => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ display: displayPath(cwd, dir), message: ioMessage(e) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const isJson = SEARCHED_FILES.test(entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (e) {
          // A dangling link named like a policy is a file the user expects to be linted: say so.
          if (isJson) problems.push({ display: displayPath(cwd, full), message: ioMessage(e) });
          continue;
        }
      }
      if (isDir) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      } else if (isFile && isJson) addFile(full, false);
    }
  };

  for (const arg of args) {
    if (arg === '-') {
      if (!sources.some((s) => s.kind === 'stdin')) sources.push({ kind: 'stdin', display: stdinName });
      continue;
    }
    if (arg === '') {
      problems.push({ display: '""', message: EMPTY_PATH });
      continue;
    }
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      problems.push({ display: displayPath(cwd, abs), message: ioMessage(e) });
      continue;
    }
    if (st.isDirectory()) walk(abs);
    else addFile(abs, true);
  }
  return { sources, problems };
}

/** The outcome of reading one file. */
export type ReadResult = { readonly text: string } | { readonly error: string };

/** Opening without blocking: a named pipe opens at once (and is then refused) instead of waiting for a writer. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a regular file as UTF-8 text (invalid bytes become U+FFFD; a BOM is kept for the linter to see).
 * Directories, pipes and devices are refused unread (`-` reads standard input).
 */
export function readText(file: string): ReadResult {
  let fd: number | undefined;
  try {
    // One open, one fstat and one read per file: a run over thousands of files spends much of its time here.
    fd = fs.openSync(file, OPEN_FLAGS);
    const st = fs.fstatSync(fd);
    const kind = notAFile(st);
    if (kind !== undefined) return { error: kind };
    if (st.size > MAX_FILE_BYTES) return { error: tooLarge(st.size) };
    const bytes = readAll(fd, st.size);
    if (bytes.length > MAX_FILE_BYTES) return { error: tooLarge(bytes.length) };
    return { text: decode(bytes) };
  } catch (e) {
    return { error: ioMessage(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads an open file to its end: `size` bytes expected, more if it grew (pipes and /proc files report 0). */
function readAll(fd: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let buffer = Buffer.allocUnsafe(Math.max(size, 1) + 1);
  for (;;) {
    const n = fs.readSync(fd, buffer, 0, buffer.length, null);
    if (n === 0) break;
    chunks.push(buffer.subarray(0, n));
    total += n;
    if (total > MAX_FILE_BYTES) break;
    // Exactly the size fstat gave, in a read that asked for more: the end of the file (no second read to see it).
    if (size > 0 && total === size && n < buffer.length) break;
    if (n === buffer.length) buffer = Buffer.allocUnsafe(buffer.length * 2);
    else buffer = buffer.subarray(n);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}

/** Decodes bytes read from a file or standard input. */
export function decode(bytes: Buffer): string {
  return bytes.toString('utf8');
}

/** The refusal for an oversized input. */
export function tooLarge(size: number): string {
  return `too large to be a key policy (${(size / 1048576).toFixed(1)} MiB; the limit here is ${MAX_FILE_BYTES / 1048576} MiB, KMS allows 32 KB)`;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a path component is not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};

/** A short, stable explanation of a file-system error. */
export function ioMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && ERRNO_TEXT[code]) return ERRNO_TEXT[code] as string;
  return e instanceof Error ? e.message : String(e);
}
