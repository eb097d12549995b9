/**
 * A statement's meaning written canonically: list items as sets, actions and condition key names in lower
 * case, members in a fixed order, the Sid left out. Two statements mean the same exactly when their
 * canonical forms are equal (KP119 finds repeated statements with it).
 */
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import type { Statement } from '../parse/model';

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
export function canonical(s: Statement): string {
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
