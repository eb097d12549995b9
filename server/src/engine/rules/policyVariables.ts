/**
 * Finds policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`) in a string value and
 * classifies each one, for the KP43x variable rules. Pure text scanning; no catalog knowledge.
 */
import type { Located, Policy, Span } from '../parse/model';

/** What is wrong with one `${…}` occurrence, if anything. */
export type VariableProblem = 'missing-brace' | 'empty' | 'space' | 'missing-quote';

/** One `${…}` occurrence inside a string value. */
export interface VariableToken {
  /** Index of `$` within the decoded string. */
  readonly start: number;
  /** Index just past the closing `}` (or the end of the string when the brace is missing). */
  readonly end: number;
  /** The key the variable names (trimmed), e.g. `aws:username`. Empty for `${}`. */
  readonly name: string;
  /** The default text after the comma, as written (untrimmed), when there is one. */
  readonly fallback?: string;
  /** True for the escapes `${*}`, `${?}` and `${$}`, which are literal characters, not variables. */
  readonly escape: boolean;
  /** The problem, when the occurrence is malformed. */
  readonly problem?: VariableProblem;
}

/** Scans a decoded string for `${…}` occurrences, in order. */
export function scanVariables(value: string): VariableToken[] {
  const out: VariableToken[] = [];
  let i = value.indexOf('${');
  while (i >= 0) {
    const close = value.indexOf('}', i + 2);
    const nextOpen = value.indexOf('${', i + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      const end = nextOpen >= 0 ? nextOpen : value.length;
      out.push({ start: i, end, name: value.slice(i + 2, end).trim(), escape: false, problem: 'missing-brace' });
      i = nextOpen;
      continue;
    }
    const body = value.slice(i + 2, close);
    const comma = body.indexOf(',');
    const rawName = comma < 0 ? body : body.slice(0, comma);
    const fallback = comma < 0 ? undefined : body.slice(comma + 1);
    const name = rawName.trim();
    const base = { start: i, end: close + 1, name, ...(fallback !== undefined ? { fallback } : {}) };
    if (body === '*' || body === '?' || body === '$') out.push({ ...base, escape: true });
    else if (name === '') out.push({ ...base, escape: false, problem: 'empty' });
    else if (/\s/.test(rawName)) out.push({ ...base, escape: false, problem: 'space' });
    else if (fallback !== undefined && !/^\s*'[^']*'\s*$/.test(fallback)) out.push({ ...base, escape: false, problem: 'missing-quote' });
    else out.push({ ...base, escape: false });
    i = value.indexOf('${', close + 1);
  }
  return out;
}

/** The real variables (not escapes) in a value. */
export function variablesIn(value: string): VariableToken[] {
  return scanVariables(value).filter((t) => !t.escape);
}

/**
 * The document offset of index `index` of a decoded string value, or undefined when the JSON text uses
 * escapes (then positions inside the string do not map one-to-one and rules point at the whole string).
 */
export function offsetInString(text: string, value: Located<string>, index: number): number | undefined {
  const raw = text.slice(value.offset + 1, value.offset + value.length - 1);
  return raw === value.value ? value.offset + 1 + index : undefined;
}

/** A string written somewhere in the policy, labelled with the element it belongs to. */
export interface StringSite {
  /** The element: `Id`, `Sid`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource`, `Condition key` or `Condition value`. */
  readonly element: string;
  /** The string and where it is. */
  readonly value: Located<string>;
  /** For condition values: the operator as written. */
  readonly operator?: string;
  /** For condition values: the condition key as written. */
  readonly key?: string;
}

/** Every string of the policy that could hold a `${…}`, in document order. */
export function stringSites(policy: Policy): StringSite[] {
  const out: StringSite[] = [];
  if (policy.id) out.push({ element: 'Id', value: policy.id });
  for (const s of policy.statements) {
    if (!s.isObject) continue;
    if (s.sid) out.push({ element: 'Sid', value: s.sid });
    for (const [element, block] of [['Principal', s.principal], ['NotPrincipal', s.notPrincipal]] as const) {
      for (const e of block?.entries ?? []) out.push({ element, value: e });
    }
    for (const [element, list] of [['Action', s.action], ['NotAction', s.notAction], ['Resource', s.resource], ['NotResource', s.notResource]] as const) {
      for (const item of list?.items ?? []) out.push({ element, value: item });
    }
    for (const clause of s.condition?.clauses ?? []) {
      for (const entry of clause.keys) {
        out.push({ element: 'Condition key', value: entry.key });
        for (const v of entry.values) {
          if (typeof v.value === 'string') {
            out.push({ element: 'Condition value', value: v as Located<string>, operator: clause.operator.value, key: entry.key.value });
          }
        }
      }
    }
  }
  return out;
}

/**
 * The variables of a site that sit where the policy language allows them: anywhere in a condition value,
 * and after the fifth colon of a Resource ARN. `supported: false` marks the others.
 */
export function siteVariables(site: StringSite): { token: VariableToken; supported: boolean }[] {
  const tokens = variablesIn(site.value.value);
  if (site.element === 'Condition value') return tokens.map((token) => ({ token, supported: true }));
  if (site.element === 'Resource' || site.element === 'NotResource') {
    let colon = -1;
    for (let n = 0; n < 5; n++) {
      colon = site.value.value.indexOf(':', colon + 1);
      if (colon < 0) break;
    }
    return tokens.map((token) => ({ token, supported: colon >= 0 && token.start > colon }));
  }
  return tokens.map((token) => ({ token, supported: false }));
}

/** The span of a token inside its string, or the whole string when positions cannot be mapped. */
export function tokenSpan(text: string, site: StringSite, token: VariableToken): Span {
  const start = offsetInString(text, site.value, token.start);
  return start === undefined
    ? { offset: site.value.offset, length: site.value.length, pointer: site.value.pointer }
    : { offset: start, length: token.end - token.start, pointer: site.value.pointer };
}
