/** Reading a file as it was at a git revision, for `diff --base REV`. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { InputError } from '../engine';

/** The most a file at a revision may hold (as a file read from disk). */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * The text of `file` at revision `rev` of the repository `cwd` is in, or undefined when the file does not exist
 * there (a new file). A revision git does not know, or a folder outside a repository, is an InputError.
 */
export function gitShow(cwd: string, rev: string, file: string): string | undefined {
  const rel = path.relative(cwd, file).split(path.sep).join('/');
  const r = spawnSync('git', ['show', `${rev}:./${rel}`], { cwd, encoding: 'utf8', maxBuffer: MAX_BYTES });
  if (r.error) throw new InputError(`cannot run git: ${r.error.message}`);
  if (r.status === 0) return r.stdout;
  const message = (r.stderr ?? '').trim();
  if (/exists on disk, but not in|does not exist in|path .* does not exist/.test(message)) return undefined;
  throw new InputError(`git show ${rev}:./${rel} failed: ${message.split('\n')[0] ?? `exit ${r.status}`}`);
}
