/**
 * ARN patterns for the `Arn*` operators and for `Resource`. Per the IAM operator reference each of the six
 * colon-separated parts (arn, partition, service, region, account, resource) is matched on its own,
 * case-sensitively, and `*`/`?` glob within one part only; the sixth part is everything after the fifth colon.
 */
import { memoByText } from '../../memo';
import { compileGlobParts, type Glob, type GlobPart } from './values';

/** A compiled ARN pattern: six globs, or none when the pattern is not ARN-shaped (it then matches nothing). */
export interface ArnPattern {
  readonly source: string;
  readonly parts: readonly Glob[] | undefined;
}

/** Splits a plain ARN into its six parts; undefined when it has fewer than six. */
export function splitArn(arn: string): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const c = arn.indexOf(':', start);
    if (c < 0) return undefined;
    out.push(arn.slice(start, c));
    start = c + 1;
  }
  out.push(arn.slice(start));
  return out;
}

/** Compiles an ARN pattern from text whose `*`/`?` glob (shared: a compiled pattern is immutable). */
export const compileArnPattern: (pattern: string) => ArnPattern = memoByText((pattern) => compileArnParts([{ text: pattern, literal: false }]));

/** Compiles an ARN pattern made of parts, some literal (escapes and substituted variable values). */
export function compileArnParts(parts: readonly GlobPart[]): ArnPattern {
  const source = parts.map((p) => p.text).join('');
  const segments: GlobPart[][] = [[]];
  for (const part of parts) {
    let text = part.text;
    let colon = text.indexOf(':');
    while (colon >= 0 && segments.length < 6) {
      segments[segments.length - 1]!.push({ text: text.slice(0, colon), literal: part.literal });
      segments.push([]);
      text = text.slice(colon + 1);
      colon = text.indexOf(':');
    }
    segments[segments.length - 1]!.push({ text, literal: part.literal });
  }
  if (segments.length < 6) return { source, parts: undefined };
  return { source, parts: segments.map((s) => compileGlobParts(s)) };
}

/** True when the ARN matches the pattern part by part. */
export function arnMatches(pattern: ArnPattern, arn: string): boolean {
  const globs = pattern.parts;
  if (!globs) return false;
  const parts = splitArn(arn);
  if (!parts) return false;
  for (let i = 0; i < 6; i++) if (!globs[i]!.test(parts[i]!)) return false;
  return true;
}
