/**
 * KP119: a statement that repeats another one (same Effect, principals, actions, resources and conditions,
 * whatever the order of list items, the case of actions or the Sid). The copy adds nothing; remove it.
 */
import type { ConditionClause, ConditionKeyEntry, ConditionScalar, Located, PrincipalEntry, Statement } from '../parse/model';
import type { PolicyRule } from './types';
import { canonical, statementAnchor } from '../facts';
import { removeArrayItem } from '../fixes/edits';
import { statementName } from '../messages';

const FNV_OFFSET = 0x811c9dc5;
const SEPARATOR = 0x1f;

/** Continues an FNV-1a hash over a string's UTF-16 units. */
function hashInto(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** Continues an FNV-1a hash over `text.toLowerCase()`, without making that string when the text is ASCII. */
function hashLowerInto(start: number, text: string): number {
  let h = start;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    // Not ASCII: hash the lower-cased text from the start (what came before is hashed again, as it must be).
    if (c > 127) return hashInto(start, text.toLowerCase());
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

/**
 * Mixes a summary of a list that ignores order and repeats, as the canonical form does, into a hash: the
 * least and greatest hash of its items, or a mark of its own when the element is absent.
 */
function mixSpread<T>(h: number, items: readonly T[] | undefined, hash: (item: T) => number): number {
  if (!items) return Math.imul(h ^ 0x2d, 0x01000193);
  let min = 0xffffffff;
  let max = 0;
  for (const item of items) {
    const x = hash(item) >>> 0;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return Math.imul(Math.imul(h ^ min, 0x01000193) ^ max, 0x01000193);
}

/**
 * True when two items of a list have the same name: in pairs for the handful of items lists usually hold (no
 * set is made), through a set beyond, so a condition block of a thousand keys stays linear.
 */
function repeats<T>(items: readonly T[], name: (x: T) => string): boolean {
  if (items.length > 8) return new Set(items.map(name)).size < items.length;
  for (let i = 1; i < items.length; i++) for (let j = 0; j < i; j++) if (name(items[i]!) === name(items[j]!)) return true;
  return false;
}

const nameOf = (a: { readonly name: Located<string> }): string => a.name.value;
const operatorOf = (a: ConditionClause): string => a.operator.value;
const keyOf = (a: ConditionKeyEntry): string => a.key.value.toLowerCase();

/**
 * True when the statement writes a name twice where the canonical form keeps only the last: a principal
 * type (`{"AWS": …, "AWS": …}`), a condition operator, or a condition key within an operator (keys in any case).
 */
function repeatsName(s: Statement): boolean {
  const typeKeys = (s.principal ?? s.notPrincipal)?.typeKeys;
  if (typeKeys && repeats(typeKeys, nameOf)) return true;
  const clauses = s.condition?.clauses;
  if (!clauses) return false;
  if (repeats(clauses, operatorOf)) return true;
  for (const c of clauses) if (repeats(c.keys, keyOf)) return true;
  return false;
}

/** How strings are hashed into a fingerprint: as written, and as `toLowerCase()` would write them. */
interface Hashing {
  readonly text: (h: number, text: string) => number;
  readonly lower: (h: number, text: string) => number;
}

/** Every character counts: exact for any text. */
const FULL: Hashing = { text: hashInto, lower: hashLowerInto };

/** How many characters from each end of a string the sampled hash reads. */
const EDGE = 16;

/**
 * Continues a hash over a string's length and its first and last EDGE characters: what tells action names,
 * ARNs (Region and account near the start, the resource name at the end) and condition values apart, for a
 * fraction of the reads. With `fold` = 32 the characters are read with the ASCII case bit set, so
 * case-folded equal ASCII strings hash the same.
 */
function sampledInto(h: number, text: string, fold: number): number {
  const n = text.length;
  h = Math.imul(h ^ n, 0x01000193);
  const head = n > 2 * EDGE ? EDGE : n;
  for (let i = 0; i < head; i++) h = Math.imul(h ^ (text.charCodeAt(i) | fold), 0x01000193);
  for (let i = n > 2 * EDGE ? n - EDGE : n; i < n; i++) h = Math.imul(h ^ (text.charCodeAt(i) | fold), 0x01000193);
  return h;
}

/**
 * Only for ASCII text, where lower-casing keeps the length and changes only the letters A–Z (so setting the
 * case bit of every sampled character is a function of the lower-cased text).
 */
const SAMPLED_ASCII: Hashing = { text: (h, t) => sampledInto(h, t, 0), lower: (h, t) => sampledInto(h, t, 32) };

/**
 * A cheap fingerprint that equal canonical forms always share: the Effect and a summary of the actions, the
 * principals and the condition tests that ignores order and repeats (what tells statements apart in
 * practice), hashed to a number. Only statements sharing a fingerprint are put through `canonical`: in a
 * large policy most have one of their own. The model lists every principal of a repeated type key and every
 * test of a repeated operator or key where the canonical form keeps the last, so a policy with such a repeat
 * is compared in full (every statement gets the same fingerprint).
 */
function fingerprinter(hs: Hashing): (s: Statement) => number {
  const actionHash = (i: { readonly value: string }): number => hs.lower(FNV_OFFSET, i.value);
  // `"*"` and {"AWS": "*"} write the same principal.
  const principalHash = (e: PrincipalEntry): number =>
    hs.text(Math.imul(hashInto(FNV_OFFSET, e.type === '*' ? 'AWS' : e.type) ^ SEPARATOR, 0x01000193), e.value);
  const valueHash = (v: Located<ConditionScalar>): number => hs.text(FNV_OFFSET, typeof v.value === 'string' ? v.value : JSON.stringify(v.value));
  // A clause's tests (operator, key in any case, value), summarised like a list: order and repeats ignored.
  const clauseHash = (c: ConditionClause): number => {
    let sum = 0;
    const op = Math.imul(hashInto(FNV_OFFSET, c.operator.value) ^ SEPARATOR, 0x01000193);
    for (const k of c.keys) {
      const key = Math.imul(hs.lower(op, k.key.value) ^ SEPARATOR, 0x01000193);
      // Values as the canonical form writes them (strings as they are, numbers and booleans as JSON),
      // summarised like a list (keys are distinct here: a repeated key makes every fingerprint the same).
      sum = (sum + mixSpread(key, k.values, valueHash)) >>> 0;
    }
    return sum;
  };
  return (s) => {
    const actions = s.action ?? s.notAction;
    const principals = s.principal ?? s.notPrincipal;
    let h = hashInto(FNV_OFFSET, s.effect?.value ?? '');
    h = mixSpread(h, actions?.items, actionHash);
    h = mixSpread(h, principals?.entries, principalHash);
    return mixSpread(h, s.condition?.clauses, clauseHash) >>> 0;
  };
}

const fullFingerprint = fingerprinter(FULL);
const asciiFingerprint = fingerprinter(SAMPLED_ASCII);

/** KP119: a statement identical to an earlier one. */
export const redundantStatement: PolicyRule = {
  code: 'KP119',
  name: 'redundant-statement',
  severity: 'info',
  summary: 'A statement repeats an earlier one (ignoring Sid and list order); it adds nothing.',
  check(ctx) {
    const objects = ctx.policy.statements.filter((s) => s.isObject);
    if (objects.length < 2) return;
    const whole = objects.some(repeatsName);
    const fingerprint = ctx.doc.asciiOnly ? asciiFingerprint : fullFingerprint;
    // Fingerprints first (no allocation per statement); only fingerprints seen twice are compared in full.
    const prints: number[] = [];
    const seenPrints = new Set<number>();
    const sharedPrints = new Set<number>();
    for (const s of objects) {
      const print = whole ? 0 : fingerprint(s);
      prints.push(print);
      if (seenPrints.has(print)) sharedPrints.add(print);
      else seenPrints.add(print);
    }
    if (sharedPrints.size === 0) return;
    const firstByMeaning = new Map<string, Statement>();
    objects.forEach((s, i) => {
      const print = prints[i] as number;
      if (!sharedPrints.has(print)) return;
      const key = `${print}\n${canonical(s)}`;
      const first = firstByMeaning.get(key);
      if (!first) {
        firstByMeaning.set(key, s);
        return;
      }
      const remove = removeArrayItem(s.node);
      ctx.report({
        at: statementAnchor(s),
        message: `This statement repeats ${statementName(first.index, first.sid?.value)} and adds nothing; remove it.`,
        related: [{ ...statementAnchor(first), message: 'The same statement' }],
        unnecessary: true,
        ...(remove ? { fixes: [{ title: 'Remove the repeated statement', edits: [remove], preferred: true }] } : {}),
      });
    });
  },
};
