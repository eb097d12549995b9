/**
 * Request-context values and glob matching, the two primitives every operator family builds on.
 *
 * A context value reaches the engine as a string, number, boolean or list of them; internally every value is
 * a non-empty list of strings (numbers and booleans are compared after conversion by their operator family).
 * Per the IAM operator reference an empty string counts as null, so `""` and `[]` both mean "absent".
 */
import { memoByText } from '../../memo';

/** One value of a request-context key as a caller writes it: a scalar or a list (multi-valued keys). */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/** A context key's values after normalisation; undefined means the key is absent from the request. */
export type Values = readonly string[] | undefined;

/** Normalises a caller's context value: scalars become one-item lists, empty values become absent. */
export function normaliseValue(value: ContextValue | null | undefined): Values {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const v of value as readonly (string | number | boolean)[]) {
      const s = scalarText(v);
      if (s !== '') out.push(s);
    }
    return out.length > 0 ? out : undefined;
  }
  const s = scalarText(value as string | number | boolean);
  return s === '' ? undefined : [s];
}

function scalarText(v: string | number | boolean): string {
  return typeof v === 'string' ? v : String(v);
}

/** A compiled glob: `*` is any run of characters, `?` is one character; everything else is literal. */
export interface Glob {
  /** The pattern as written. */
  readonly source: string;
  /** Tests a whole string. */
  test(s: string): boolean;
}

/** True when a pattern contains a glob character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** A piece of a pattern: text whose `*`/`?` glob, or text that must match literally (escapes, variable values). */
export interface GlobPart {
  readonly text: string;
  readonly literal: boolean;
}

/**
 * Compiles a glob. `caseInsensitive` is for action names (IAM matches them without regard to case); condition
 * values and ARNs glob case-sensitively. Plain strings and a lone `*` get fast paths, because most policy
 * patterns are one of those and the simulator's budget is a couple of microseconds per request.
 */
export function compileGlob(pattern: string, caseInsensitive = false): Glob {
  return caseInsensitive ? insensitiveGlob(pattern) : sensitiveGlob(pattern);
}

// A compiled glob is immutable, so one per pattern text is shared by every policy.
const sensitiveGlob = memoByText((pattern) => buildGlob(pattern, false));
const insensitiveGlob = memoByText((pattern) => buildGlob(pattern, true));

function buildGlob(pattern: string, caseInsensitive: boolean): Glob {
  if (pattern === '*') return { source: pattern, test: () => true };
  if (!hasWildcard(pattern)) return exact(pattern, caseInsensitive);
  const star = pattern.indexOf('*');
  if (!pattern.includes('?') && star === pattern.length - 1) {
    const prefix = caseInsensitive ? pattern.slice(0, -1).toLowerCase() : pattern.slice(0, -1);
    return caseInsensitive ? { source: pattern, test: (s) => s.toLowerCase().startsWith(prefix) } : { source: pattern, test: (s) => s.startsWith(prefix) };
  }
  return compileGlobParts([{ text: pattern, literal: false }], caseInsensitive);
}

/** Compiles a glob made of parts, some of which are literal. */
export function compileGlobParts(parts: readonly GlobPart[], caseInsensitive = false): Glob {
  const source = parts.map((p) => p.text).join('');
  if (parts.every((p) => p.literal || !hasWildcard(p.text))) return exact(source, caseInsensitive);
  let re = '^';
  for (const part of parts) {
    for (const ch of part.text) {
      if (!part.literal && ch === '*') re += '[\\s\\S]*';
      else if (!part.literal && ch === '?') re += '[\\s\\S]';
      else re += escapeRegex(ch);
    }
  }
  const regex = new RegExp(re + '$', caseInsensitive ? 'iu' : 'u');
  return { source, test: (s) => regex.test(s) };
}

function exact(text: string, caseInsensitive: boolean): Glob {
  if (caseInsensitive) {
    const lower = text.toLowerCase();
    return { source: text, test: (s) => s.toLowerCase() === lower };
  }
  return { source: text, test: (s) => s === text };
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? '\\' + ch : ch;
}
