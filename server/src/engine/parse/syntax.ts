/**
 * Reading the raw text: jsonc-parser's tolerant tree plus the problems KMS cares about (comments,
 * trailing commas, a BOM, duplicate members, runaway nesting). Never throws.
 */
import { parseTree, visit, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { SyntaxProblem } from './model';
import { isAscii, pointerSegment } from './text';
import { fastParseTree } from './fastTree';

/** Nesting deeper than this is refused before building a tree (a key policy needs about six levels). */
export const MAX_NESTING = 256;

/**
 * Documents larger than this (in UTF-8 bytes: twice the 32 KB quota KMS enforces) are read for their JSON
 * structure only (readStructure): no tree, no policy model, no rule beyond the document's own. Their memory
 * then stays that of the text, where the full reader's tree and model take about 40 bytes per byte (63 MB
 * of tiny statements ran a 4 GB heap out of memory), and no rule runs for minutes over a document KMS
 * would refuse anyway.
 */
export const MAX_ANALYSED_BYTES = 65536;

/** At most this many problems are listed for a document read for its structure only. */
export const MAX_STRUCTURE_PROBLEMS = 100;

// jsonc-parser's ParseErrorCode values (a const enum in its typings, so spelled out here).
const PropertyNameExpected = 3;
const ValueExpected = 4;
const InvalidCommentToken = 10;

const ERROR_TEXT: Record<number, string> = {
  1: 'Invalid symbol',
  2: 'Invalid number format',
  3: 'Property name expected',
  4: 'Value expected',
  5: 'Colon expected',
  6: 'Comma expected',
  7: 'Closing brace expected',
  8: 'Closing bracket expected',
  9: 'End of file expected: only one JSON value is allowed',
  10: 'Comments are not allowed',
  11: 'Unexpected end of comment',
  12: 'Unexpected end of string: a string is not closed',
  13: 'Unexpected end of number',
  14: 'Invalid unicode escape sequence',
  15: 'Invalid escape character in string',
  16: 'Invalid character',
};

/** The result of reading text into a JSON tree. */
export interface SyntaxResult {
  readonly root?: JsonNode;
  readonly problems: SyntaxProblem[];
  /** True when every character of the text is ASCII. */
  readonly ascii: boolean;
}

/** Reads text into a tolerant JSON tree and lists every syntax-level problem. */
export function readJson(text: string): SyntaxResult {
  const problems: SyntaxProblem[] = [];
  const source = readStart(text, problems);
  if (source === undefined) return { problems, ascii: isAscii(text) };
  const fast = fastParseTree(source, MAX_NESTING);
  if (fast) {
    findDuplicateMembers(fast.root, problems);
    // A byte-order mark was replaced in `source`; it is not ASCII.
    return { root: fast.root, problems, ascii: fast.ascii && source === text };
  }
  // The slow path: text that is not strict JSON (rare, and being edited).
  const ascii = isAscii(text);
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  const tooDeep = findExcessNesting(source);
  if (tooDeep !== undefined) {
    problems.push(tooDeepProblem(tooDeep));
    return { problems, ascii };
  }
  try {
    root = parseTree(source, errors, PARSE_OPTIONS);
  } catch {
    // jsonc-parser is tolerant; this guards against a runtime limit (stack) we did not foresee.
    problems.push(unreadable(text));
    return { problems, ascii };
  }
  const seen = new Set<string>();
  for (const e of errors) addError(problems, seen, source, text.length, e);
  if (root) findDuplicateMembers(root, problems);
  return root ? { root, problems, ascii } : { problems, ascii };
}

/**
 * The syntax problems of a document too large to analyse, in one pass of jsonc-parser's visitor (no tree):
 * a byte-order mark, emptiness, runaway nesting, and the first MAX_STRUCTURE_PROBLEMS syntax errors, comments
 * and trailing commas. Duplicate members are not looked for (that needs every object's names at once).
 */
export function readStructure(text: string): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const source = readStart(text, problems);
  if (source === undefined) return problems;
  const tooDeep = findExcessNesting(source);
  if (tooDeep !== undefined) return [...problems, tooDeepProblem(tooDeep)];
  const seen = new Set<string>();
  try {
    visit(
      source,
      {
        onError: (error, offset, length) => {
          addError(problems, seen, source, text.length, { error, offset, length });
          if (problems.length >= MAX_STRUCTURE_PROBLEMS) throw ENOUGH;
        },
      },
      PARSE_OPTIONS,
    );
  } catch (e) {
    if (e !== ENOUGH) problems.push(unreadable(text));
  }
  return problems;
}

/** How jsonc-parser reads a key policy: no comments, no trailing commas (each reported), empty text allowed. */
const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true };

/** Thrown to stop reading once enough problems are listed. */
const ENOUGH = Symbol('enough');

/**
 * The problems of the text as a whole (a byte-order mark, emptiness) and the text to read on (a byte-order
 * mark replaced by a space), or undefined when there is nothing to read.
 */
function readStart(text: string, problems: SyntaxProblem[]): string | undefined {
  let source = text;
  if (text.charCodeAt(0) === 0xfeff) {
    problems.push({
      kind: 'bom',
      offset: 0,
      length: 1,
      pointer: '',
      message: 'The text starts with a byte-order mark (U+FEFF); KMS accepts only tab, LF, CR and U+0020–U+00FF.',
    });
    source = ' ' + text.slice(1);
  }
  if (!/\S/.test(source)) {
    problems.push({
      kind: 'empty',
      offset: 0,
      length: text.length,
      pointer: '',
      message: 'The document is empty; a key policy is a JSON object with a Statement.',
    });
    return undefined;
  }
  return source;
}

function tooDeepProblem(offset: number): SyntaxProblem {
  return {
    kind: 'too-deep',
    offset,
    length: 1,
    pointer: '',
    message: `JSON is nested more than ${MAX_NESTING} levels deep; this is not a key policy and was not analysed further.`,
  };
}

function unreadable(text: string): SyntaxProblem {
  return { kind: 'syntax', offset: 0, length: text.length, pointer: '', message: 'The text could not be read as JSON.' };
}

/** Adds one parser error as a problem, once per kind and offset, its span kept inside the text. */
function addError(problems: SyntaxProblem[], seen: Set<string>, source: string, textLength: number, e: ParseError): void {
  const p = classify(source, e);
  const key = `${p.kind}@${p.offset}`;
  if (seen.has(key)) return;
  seen.add(key);
  // Errors at the end of the text point one past it; keep every span inside the text.
  const offset = Math.min(p.offset, textLength);
  problems.push({ ...p, offset, length: Math.min(p.length, textLength - offset) });
}

function classify(text: string, e: ParseError): SyntaxProblem {
  const code = e.error as number;
  if (code === InvalidCommentToken) {
    return {
      kind: 'comment',
      offset: e.offset,
      length: e.length,
      pointer: '',
      message: 'Comments are not allowed in a key policy; KMS rejects the document.',
    };
  }
  if (code === PropertyNameExpected || code === ValueExpected) {
    const ch = text.charAt(e.offset);
    if (ch === '}' || ch === ']') {
      let i = e.offset - 1;
      while (i >= 0 && /\s/.test(text.charAt(i))) i--;
      if (text.charAt(i) === ',') {
        return { kind: 'trailing-comma', offset: i, length: 1, pointer: '', message: 'Trailing comma: KMS rejects it. Remove the comma.' };
      }
    }
  }
  const message = ERROR_TEXT[code] ?? 'Invalid JSON';
  return { kind: 'syntax', offset: e.offset, length: Math.max(e.length, 1), pointer: '', message: `${message}.` };
}

/**
 * Finds the offset where nesting first exceeds MAX_NESTING, or undefined. One pass over the characters,
 * skipping string contents; exact for JSON (brackets inside comments count, which can only refuse sooner).
 */
function findExcessNesting(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */ || c === 10 || c === 13) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Reports every member name repeated within one object (JSON allows it; evaluation would keep one). */
function findDuplicateMembers(root: JsonNode, problems: SyntaxProblem[]): void {
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as JsonNode;
    const children = node.children;
    if (!children) continue;
    if (node.type === 'object') {
      // Small objects (every object in a real policy) compare pairwise; large ones use a set.
      const names = children.length > 16 ? new Set<unknown>() : undefined;
      for (let i = 0; i < children.length; i++) {
        const prop = children[i] as JsonNode;
        const keyNode = prop.children?.[0];
        const value = prop.children?.[1];
        if (value && value.children) stack.push(value);
        if (!keyNode) continue;
        if (names && !names.has(keyNode.value)) {
          names.add(keyNode.value);
          continue;
        }
        for (let j = 0; j < i; j++) {
          const earlier = (children[j] as JsonNode).children?.[0];
          if (earlier && earlier.value === keyNode.value) {
            const pointer = pointerOf(prop);
            problems.push({
              kind: 'duplicate-key',
              offset: keyNode.offset,
              length: keyNode.length,
              pointer,
              message: `Duplicate member "${keyNode.value}" in one object: KMS rejects the policy (a JSON reader would silently keep only the last one).`,
              related: { offset: earlier.offset, length: earlier.length, pointer },
            });
            break;
          }
        }
      }
    } else if (node.type === 'array') {
      for (const child of children) if (child.children) stack.push(child);
    }
  }
}

/** The JSON pointer of a node, walking up its parents (only needed on the rare error path). */
export function pointerOf(node: JsonNode): string {
  const segments: string[] = [];
  let current: JsonNode | undefined = node;
  while (current && current.parent) {
    const parent: JsonNode = current.parent;
    if (current.type === 'property') segments.push(pointerSegment(String(current.children?.[0]?.value ?? '')));
    else if (parent.type === 'array') segments.push(String(parent.children?.indexOf(current) ?? 0));
    current = parent;
  }
  return segments.length === 0 ? '' : '/' + segments.reverse().join('/');
}
