/** Text utilities for the parser: line tables, UTF-8 size, JSON pointers. Pure and allocation-light. */

/** Builds the offsets at which each line starts (after \n, \r\n or \r). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Converts an offset to a 0-based position using a line table. */
export function positionAt(starts: readonly number[], textLength: number, offset: number): { line: number; character: number } {
  const o = Math.max(0, Math.min(offset, textLength));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= o) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: o - (starts[lo] as number) };
}

/** Converts a 0-based position to an offset, clamped to the text. */
export function offsetAt(starts: readonly number[], textLength: number, pos: { line: number; character: number }): number {
  if (pos.line < 0) return 0;
  if (pos.line >= starts.length) return textLength;
  const start = starts[pos.line] as number;
  const next = pos.line + 1 < starts.length ? (starts[pos.line + 1] as number) : textLength;
  return Math.max(start, Math.min(start + Math.max(0, pos.character), next));
}

/** The first character outside ASCII. */
const NON_ASCII = /[^\x00-\x7f]/;

/** True when every character of the text is ASCII. */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** The size of a string in UTF-8 bytes, without allocating. */
export function utf8Length(text: string): number {
  // Key policies are nearly always ASCII: one regular-expression scan (a few times faster than the loop)
  // finds where counting must start, if anywhere.
  const first = text.search(NON_ASCII);
  if (first < 0) return text.length;
  let n = first;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** The array indexes a policy uses, written once (every list item's pointer ends in one). */
const INDEX_SEGMENTS: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  if (typeof segment === 'number') return segment < INDEX_SEGMENTS.length ? (INDEX_SEGMENTS[segment] as string) : String(segment);
  return segment.indexOf('~') < 0 && segment.indexOf('/') < 0 ? segment : segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a parent pointer and a segment. */
export function childPointer(parent: string, segment: string | number): string {
  return `${parent}/${pointerSegment(segment)}`;
}
