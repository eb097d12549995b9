/**
 * KP119: a statement that repeats another one (same Effect, principals, actions, resources and conditions,
 * whatever the order of list items, the case of actions or the Sid). The copy adds nothing; remove it.
 */
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import type { PrincipalEntry, Statement } from '../parse/model';
import type { PolicyRule } from './types';
import { statementAnchor } from './elements';
import { removeArrayItem } from './edits';

function sortedSet(values: readonly unknown[], fold: (s: string) => string = (s) => s): string[] {
  return [...new Set(values.map((v) => (typeof v === 'string' ? fold(v) : JSON.stringify(v))))].sort();
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function canonicalPrincipal(v: unknown): unknown {
  if (v === '*') return { AWS: ['*'] };
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, string[]> = {};
  for (const [type, list] of Object.entries(v)) out[type] = sortedSet(asList(list));
  return sortObject(out);
}

function canonicalCondition(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [op, keys] of Object.entries(v)) {
    if (!keys || typeof keys !== 'object' || Array.isArray(keys)) {
      out[op] = keys;
      continue;
    }
    // Condition key names are case-insensitive; values keep their case (the operator decides).
    const k: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(keys)) k[key.toLowerCase()] = sortedSet(asList(values));
    out[op] = sortObject(k);
  }
  return sortObject(out);
}

function sortObject<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A statement's meaning as a string: equal strings mean identical statements (the Sid is ignored). */
function canonical(s: Statement): string {
  const out: Record<string, unknown> = {};
  for (const m of s.members) {
    const name = m.name.value;
    if (name === 'Sid' || m.value.length === 0) continue;
    const value: unknown = getNodeValue(m.node as JsonNode);
    if (name === 'Action' || name === 'NotAction') out[name] = sortedSet(asList(value), (a) => a.toLowerCase());
    else if (name === 'Resource' || name === 'NotResource') out[name] = sortedSet(asList(value));
    else if (name === 'Principal' || name === 'NotPrincipal') out[name] = canonicalPrincipal(value);
    else if (name === 'Condition') out[name] = canonicalCondition(value);
    else out[name] = value;
  }
  return JSON.stringify(sortObject(out));
}

/** FNV-1a over a string's UTF-16 units. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A summary of a list that ignores order and repeats, as the canonical form does: the least and greatest
 * hash of its items (`fold` applied first), or "-" when the element is absent.
 */
function spread<T>(items: readonly T[] | undefined, text: (item: T) => string): string {
  if (!items) return '-';
  let min = Infinity;
  let max = -1;
  for (const item of items) {
    const h = hash(text(item));
    if (h < min) min = h;
    if (h > max) max = h;
  }
  return `${min}:${max}`;
}

/** True when the statement's Principal object names a principal type twice (`{"AWS": …, "AWS": …}`). */
function repeatsPrincipalType(s: Statement): boolean {
  const keys = (s.principal ?? s.notPrincipal)?.typeKeys ?? [];
  for (let i = 1; i < keys.length; i++) for (let j = 0; j < i; j++) if (keys[i]?.name.value === keys[j]?.name.value) return true;
  return false;
}

/**
 * A cheap fingerprint that equal canonical forms always share: the Effect and a summary of the actions and
 * the principals that ignores order and repeats (what tells statements apart in practice). Only statements
 * sharing a fingerprint are put through `canonical`: in a large policy most have one of their own. The
 * model lists the principals of a repeated type key where the canonical form keeps the last, so a policy
 * with such a repeat is compared in full (every statement gets the same fingerprint).
 */
function fingerprint(s: Statement): string {
  const actions = s.action ?? s.notAction;
  const principals = s.principal ?? s.notPrincipal;
  return `${s.effect?.value ?? ''};${spread(actions?.items, lowerValue)};${spread(principals?.entries, principalText)}`;
}

const lowerValue = (i: { readonly value: string }): string => i.value.toLowerCase();
// `"*"` and {"AWS": "*"} write the same principal.
const principalText = (e: PrincipalEntry): string => (e.type === '*' ? 'AWS|*' : `${e.type}|${e.value}`);

/** KP119: a statement identical to an earlier one. */
export const redundantStatement: PolicyRule = {
  code: 'KP119',
  name: 'redundant-statement',
  severity: 'info',
  summary: 'A statement repeats an earlier one (ignoring Sid and list order); it adds nothing.',
  check(ctx) {
    const objects = ctx.policy.statements.filter((s) => s.isObject);
    const prints = new Map<Statement, string>();
    const shared = new Map<string, number>();
    const whole = objects.some(repeatsPrincipalType);
    for (const s of objects) {
      const print = whole ? '' : fingerprint(s);
      prints.set(s, print);
      shared.set(print, (shared.get(print) ?? 0) + 1);
    }
    const seen = new Map<string, Statement>();
    for (const s of objects) {
      const print = prints.get(s) as string;
      if ((shared.get(print) ?? 0) < 2) continue;
      const key = `${print}\n${canonical(s)}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, s);
        continue;
      }
      const remove = removeArrayItem(s.node);
      ctx.report({
        at: statementAnchor(s),
        message: `This statement repeats statement ${first.index + 1}${first.sid?.value ? ` ("${first.sid.value}")` : ''} and adds nothing; remove it.`,
        related: [{ ...statementAnchor(first), message: 'The same statement' }],
        unnecessary: true,
        ...(remove ? { fixes: [{ title: 'Remove the repeated statement', edits: [remove], preferred: true }] } : {}),
      });
    }
  },
};
