/**
 * Finds policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`) in a string value and
 * classifies each one, for the variable rules (KP43x). Pure text scanning; no catalog knowledge.
 */
import type { Located, Policy, PolicyDocument, Span } from '../parse/model';

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

/**
 * Every string of the policy that holds a `${`, in document order (the others cannot hold a variable, and
 * nearly every string is one of them, so they are skipped before any site is made).
 */
export function stringSites(policy: Policy): StringSite[] {
  const out: StringSite[] = [];
  const add = (element: string, value: Located<string>, operator?: string, key?: string): void => {
    if (!value.value.includes('${')) return;
    out.push(operator === undefined ? { element, value } : { element, value, operator, ...(key !== undefined ? { key } : {}) });
  };
  if (policy.id) add('Id', policy.id);
  for (const s of policy.statements) {
    if (!s.isObject) continue;
    if (s.sid) add('Sid', s.sid);
    for (const e of s.principal?.entries ?? []) add('Principal', e);
    for (const e of s.notPrincipal?.entries ?? []) add('NotPrincipal', e);
    for (const item of s.action?.items ?? []) add('Action', item);
    for (const item of s.notAction?.items ?? []) add('NotAction', item);
    for (const item of s.resource?.items ?? []) add('Resource', item);
    for (const item of s.notResource?.items ?? []) add('NotResource', item);
    for (const clause of s.condition?.clauses ?? []) {
      for (const entry of clause.keys) {
        add('Condition key', entry.key);
        for (const v of entry.values) {
          if (typeof v.value === 'string') add('Condition value', v as Located<string>, clause.operator.value, entry.key.value);
        }
      }
    }
  }
  return out;
}

/** A site with its variables (escapes left out), each marked supported or not where it stands. */
export interface VariableSite {
  readonly site: StringSite;
  readonly variables: readonly SiteVariable[];
}

/** One variable of a site and whether the policy language substitutes it there. */
export interface SiteVariable {
  readonly token: VariableToken;
  readonly supported: boolean;
}

/**
 * The sites of a document's policy that hold a variable or malformed `${…}`. Nearly no policy has one, and
 * the text says so at once: a value can hold `${` only where the text does, or through a \u escape.
 */
export function readVariableSites(doc: PolicyDocument, policy: Policy): readonly VariableSite[] {
  const text = doc.text;
  if (!text.includes('${') && !text.includes('\\u')) return NO_SITES;
  return stringSites(policy)
    .map((site) => ({ site, variables: siteVariables(site) }))
    .filter((v) => v.variables.length > 0);
}

const NO_SITES: readonly VariableSite[] = Object.freeze([]);

/**
 * The variables of a site that sit where the policy language allows them: anywhere in a condition value,
 * and after the fifth colon of a Resource ARN. `supported: false` marks the others.
 */
export function siteVariables(site: StringSite): SiteVariable[] {
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
