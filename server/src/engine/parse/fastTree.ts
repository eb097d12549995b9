/**
 * A strict, allocation-lean JSON reader that builds exactly the tree jsonc-parser's `parseTree` builds,
 * for text that is valid JSON (the common case). On the first deviation from strict JSON it gives up and
 * returns undefined; the caller then uses jsonc-parser, which recovers from errors and reports them.
 * jsonc-parser's tree is the contract: a property test checks that both agree on valid JSON.
 */
import type { Node as JsonNode } from 'jsonc-parser';

/** Every node gets the same hidden class (type, value, offset, length, parent, children, colonOffset). */
function mk(type: JsonNode['type'], offset: number, length: number, parent: JsonNode | undefined, value: unknown, children: JsonNode[] | undefined): JsonNode {
  return { type, value, offset, length, parent, children, colonOffset: undefined } as unknown as JsonNode;
}

/** What the fast reader gives: the tree, and whether every character of the text is ASCII. */
export interface FastTree {
  readonly root: JsonNode;
  /**
   * True when the text is all ASCII. The reader sees every character (outside strings only ASCII can pass
   * it), so callers need no second scan of the text for this.
   */
  readonly ascii: boolean;
}

/** Thrown internally to abandon the fast path. */
const BAIL = Symbol('bail');

/** Reads strictly valid JSON nested at most `maxDepth` deep into a jsonc-parser-shaped tree, or returns undefined. */
export function fastParseTree(text: string, maxDepth: number): FastTree | undefined {
  let pos = 0;
  let depth = 0;
  let ascii = true;
  const n = text.length;

  const skipWs = (): void => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else break;
    }
  };

  const readString = (): string => {
    // pos is at the opening quote
    const start = pos + 1;
    let i = start;
    let escaped = false;
    for (;;) {
      if (i >= n) throw BAIL;
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) throw BAIL;
      if (c > 127) ascii = false;
      if (c === 92) {
        escaped = true;
        i += 2;
        continue;
      }
      i++;
    }
    pos = i + 1;
    if (!escaped) return text.slice(start, i);
    try {
      return JSON.parse(text.slice(start - 1, i + 1)) as string;
    } catch {
      throw BAIL;
    }
  };

  const readNumber = (): number => {
    const start = pos;
    if (text.charCodeAt(pos) === 45) pos++;
    const first = text.charCodeAt(pos);
    if (first === 48) pos++;
    else if (first >= 49 && first <= 57) while (pos < n && isDigit(text.charCodeAt(pos))) pos++;
    else throw BAIL;
    if (text.charCodeAt(pos) === 46) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) throw BAIL;
      while (pos < n && isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 101 || e === 69) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 43 || sign === 45) pos++;
      if (!isDigit(text.charCodeAt(pos))) throw BAIL;
      while (pos < n && isDigit(text.charCodeAt(pos))) pos++;
    }
    return Number(text.slice(start, pos));
  };

  const literal = (word: string, parent: JsonNode | undefined, type: 'boolean' | 'null', value: boolean | null): JsonNode => {
    if (!text.startsWith(word, pos)) throw BAIL;
    const node = mk(type, pos, word.length, parent, value, undefined);
    pos += word.length;
    return node;
  };

  const readValue = (parent: JsonNode | undefined): JsonNode => {
    skipWs();
    const c = text.charCodeAt(pos);
    const offset = pos;
    switch (c) {
      case 123: {
        if (++depth > maxDepth) throw BAIL;
        const node = mk('object', offset, -1, parent, undefined, []);
        pos++;
        skipWs();
        if (text.charCodeAt(pos) === 125) {
          pos++;
          (node as { length: number }).length = pos - offset;
          depth--;
          return node;
        }
        for (;;) {
          skipWs();
          if (text.charCodeAt(pos) !== 34) throw BAIL;
          const keyOffset = pos;
          const name = readString();
          const prop = mk('property', keyOffset, -1, node, undefined, []) as JsonNode & { colonOffset: number };
          (node.children as JsonNode[]).push(prop);
          (prop.children as JsonNode[]).push(mk('string', keyOffset, pos - keyOffset, prop, name, undefined));
          skipWs();
          if (text.charCodeAt(pos) !== 58) throw BAIL;
          prop.colonOffset = pos;
          pos++;
          const value = readValue(prop);
          (prop.children as JsonNode[]).push(value);
          (prop as { length: number }).length = value.offset + value.length - keyOffset;
          skipWs();
          const d = text.charCodeAt(pos);
          pos++;
          if (d === 44) continue;
          if (d === 125) break;
          throw BAIL;
        }
        (node as { length: number }).length = pos - offset;
        depth--;
        return node;
      }
      case 91: {
        if (++depth > maxDepth) throw BAIL;
        const node = mk('array', offset, -1, parent, undefined, []);
        pos++;
        skipWs();
        if (text.charCodeAt(pos) === 93) {
          pos++;
          (node as { length: number }).length = pos - offset;
          depth--;
          return node;
        }
        for (;;) {
          (node.children as JsonNode[]).push(readValue(node));
          skipWs();
          const d = text.charCodeAt(pos);
          pos++;
          if (d === 44) continue;
          if (d === 93) break;
          throw BAIL;
        }
        (node as { length: number }).length = pos - offset;
        depth--;
        return node;
      }
      case 34: {
        const value = readString();
        return mk('string', offset, pos - offset, parent, value, undefined);
      }
      case 116:
        return literal('true', parent, 'boolean', true);
      case 102:
        return literal('false', parent, 'boolean', false);
      case 110:
        return literal('null', parent, 'null', null);
      default: {
        const value = readNumber();
        return mk('number', offset, pos - offset, parent, value, undefined);
      }
    }
  };

  try {
    const root = readValue(undefined);
    skipWs();
    if (pos !== n) return undefined;
    (root as { parent?: JsonNode }).parent = undefined;
    return { root, ascii };
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
