/**
 * What kind of path an input names, for the front doors that read files (the CLI's inputs, trail files for
 * the CLI and the language server): only regular files are read. A named pipe would block the read until
 * something wrote to it, and a device never ends (/dev/zero) or reads as empty (/dev/null), so each is
 * refused with a message instead.
 */
import type * as fs from 'node:fs';

/** Why a path that exists cannot be read as a file ("is a directory", ...), or undefined for a regular file. */
export function notAFile(stats: fs.Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a directory';
  const kind = stats.isFIFO()
    ? 'a named pipe (FIFO)'
    : stats.isCharacterDevice()
      ? 'a character device'
      : stats.isBlockDevice()
        ? 'a block device'
        : stats.isSocket()
          ? 'a socket'
          : 'something else';
  return `is ${kind}, not a regular file`;
}

/** The message for an empty path argument: it would otherwise name the working directory. */
export const EMPTY_PATH = 'an empty path names no file';
