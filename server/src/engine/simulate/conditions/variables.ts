/**
 * Policy variables in condition values and Resource: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`,
 * and the escapes `${*}`, `${?}`, `${$}` (IAM policy-variables reference). Variables resolve only under
 * Version 2012-10-17; otherwise the text stays literal. A variable whose key is absent (and has no default)
 * or is multi-valued is unresolved, and the value containing it matches nothing: a positive operator fails and
 * a negated one succeeds. A substituted value is matched literally, so a `*` inside a tag value never globs [inf].
 */
import type { GlobPart, Values } from './values';

/** One piece of a value template. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'escape'; readonly text: string }
  | { readonly kind: 'var'; readonly key: string; readonly keyLower: string; readonly fallback?: string };

/** A compiled value: its parts, and whether it needs the request to be resolved. */
export interface ValueTemplate {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** True when a part is a variable or an escape, so the value must be resolved before matching. */
  readonly dynamic: boolean;
}

const VAR = /\$\{([^{}]*)\}/g;

/** Compiles a value; with `variables` false (Version other than 2012-10-17) everything is text. */
export function compileTemplate(source: string, variables: boolean): ValueTemplate {
  if (!variables || !source.includes('${')) return { source, parts: [{ kind: 'text', text: source }], dynamic: false };
  const parts: TemplatePart[] = [];
  let last = 0;
  let dynamic = false;
  for (const m of source.matchAll(VAR)) {
    const body = m[1]!;
    const at = m.index;
    if (at > last) parts.push({ kind: 'text', text: source.slice(last, at) });
    last = at + m[0].length;
    if (body === '*' || body === '?' || body === '$') {
      dynamic = true;
      parts.push({ kind: 'escape', text: body });
      continue;
    }
    const comma = body.indexOf(',');
    const key = (comma < 0 ? body : body.slice(0, comma)).trim();
    const fallbackMatch = comma < 0 ? undefined : /^\s*'([^']*)'\s*$/.exec(body.slice(comma + 1));
    if (key === '' || /\s/.test(key) || (comma >= 0 && !fallbackMatch)) {
      // Malformed: AWS rejects the policy; keep the text literal so it matches only itself.
      parts.push({ kind: 'text', text: m[0] });
      continue;
    }
    dynamic = true;
    parts.push({ kind: 'var', key, keyLower: key.toLowerCase(), ...(fallbackMatch ? { fallback: fallbackMatch[1]! } : {}) });
  }
  if (last < source.length) parts.push({ kind: 'text', text: source.slice(last) });
  return { source, parts, dynamic };
}

/** Where variable values come from: a request context, or the facts of a principal class. */
export interface Lookup {
  /** A key's values (lower-case name); undefined when absent. */
  get(keyLower: string): Values;
}

/** A lookup in which every key is absent. */
export const NO_LOOKUP: Lookup = { get: () => undefined };

/** Resolves a template to glob parts, or undefined when a variable is unresolved. */
export function resolveTemplate(t: ValueTemplate, lookup: Lookup): GlobPart[] | undefined {
  const out: GlobPart[] = [];
  for (const p of t.parts) {
    if (p.kind === 'text') out.push({ text: p.text, literal: false });
    else if (p.kind === 'escape') out.push({ text: p.text, literal: true });
    else {
      const v = lookup.get(p.keyLower);
      if (v && v.length === 1) out.push({ text: v[0]!, literal: true });
      else if (!v && p.fallback !== undefined) out.push({ text: p.fallback, literal: true });
      else return undefined;
    }
  }
  return out;
}
