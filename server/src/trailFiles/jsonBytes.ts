/**
 * JSON at the byte level, for the trail scanner: the structural bytes (which never occur inside a multi-byte
 * UTF-8 sequence), white space, where a string ends, and how a byte reads in a message.
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

/** JSON white space. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** stringEnd's answers when the chunk ends inside the string: plainly, or just after a backslash. */
export const STRING_GOES_ON = -1;
export const ESCAPE_CARRIED = -2;

/**
 * The index after the quote that closes a string whose content starts at `i`, or STRING_GOES_ON /
 * ESCAPE_CARRIED when the chunk ends first. Most strings of a trail are short: their bytes are looked at
 * one by one; a long one is crossed from quote to quote with `indexOf`, a quote closing it unless an odd
 * run of backslashes precedes it.
 */
export function stringEnd(buf: Buffer, i: number, n: number): number {
  const quick = Math.min(n, i + 32);
  while (i < quick) {
    const d = buf[i]!;
    i++;
    if (d === QUOTE) return i;
    if (d === BACKSLASH) {
      if (i >= n) return ESCAPE_CARRIED;
      i++;
    }
  }
  // No escape is pending at `i`: runs of backslashes are counted from there.
  for (;;) {
    if (i >= n) return STRING_GOES_ON;
    const q = buf.indexOf(QUOTE, i);
    if (q < 0) {
      let k = n - 1;
      while (k >= i && buf[k] === BACKSLASH) k--;
      return (n - 1 - k) % 2 === 1 ? ESCAPE_CARRIED : STRING_GOES_ON;
    }
    let k = q - 1;
    while (k >= i && buf[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** A byte as a message shows it: the character, or its hex value. */
export function show(c: number): string {
  return c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/** What data is, judged by its first byte, when a CloudTrail log file was expected. */
export function startProblem(c: number): string {
  if (c === OPEN_BRACKET) return 'a JSON array, not a CloudTrail log file (expected {"Records": [...]})';
  if (c === 0x1f) return 'gzip-compressed data in a file read as plain JSON';
  if (c === QUOTE || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e)
    return 'a JSON value that is not an object: not a CloudTrail log file (expected {"Records": [...]})';
  return `not JSON: the data starts with ${show(c)} (expected {"Records": [...]})`;
}
