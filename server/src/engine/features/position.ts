/**
 * Where a cursor is in a key policy, in policy terms: which element, which statement, which operator and
 * key. Completion and hover both start here.
 */
import { getLocation, findNodeAtOffset, getNodePath, type JSONPath, type Node as JsonNode } from 'jsonc-parser';
import type { PolicyDocument, Statement } from '../parse/model';

/** What the cursor is on. */
export type Slot =
  | { readonly kind: 'topKey' }
  | { readonly kind: 'topValue'; readonly key: string }
  | { readonly kind: 'statementList' }
  | { readonly kind: 'statementKey' }
  | { readonly kind: 'statementValue'; readonly element: string }
  | { readonly kind: 'principalKey' }
  | { readonly kind: 'principalValue'; readonly principalType: string }
  | { readonly kind: 'operatorKey' }
  | { readonly kind: 'conditionKey'; readonly operator: string }
  | { readonly kind: 'conditionValue'; readonly operator: string; readonly key: string }
  | { readonly kind: 'other' };

/** The cursor's place: the slot, the statement it is in, and the string token under it. */
export interface Place {
  readonly slot: Slot;
  readonly path: JSONPath;
  /** The statement the cursor is in, when it is in one. */
  readonly statement?: Statement;
  /** The string literal (key or value) the cursor is inside, if any. */
  readonly stringNode?: JsonNode;
}

/** Finds the statement whose span contains the offset. */
function statementAt(doc: PolicyDocument, offset: number): Statement | undefined {
  return doc.policy?.statements.find((s) => s.span.offset < offset && offset < s.span.offset + s.span.length);
}

/**
 * Locates the cursor. `offset` is where the user's caret is. jsonc-parser's locators recurse once per nesting
 * level, so a document nested thousands deep (never a key policy) overflows the stack: the cursor is then
 * nowhere a key policy has slots, and completion and hover offer nothing instead of failing.
 */
export function locate(doc: PolicyDocument, offset: number): Place {
  try {
    return locateIn(doc, offset);
  } catch (e) {
    if (e instanceof RangeError) return { path: [], slot: { kind: 'other' } };
    throw e;
  }
}

function locateIn(doc: PolicyDocument, offset: number): Place {
  const loc = getLocation(doc.text, offset);
  let path = loc.path;
  let key = loc.isAtPropertyKey;
  let stringNode: JsonNode | undefined;
  if (doc.root) {
    const n = findNodeAtOffset(doc.root, offset, true);
    if (n && n.type === 'string' && n.offset < offset && offset <= n.offset + n.length) stringNode = n;
    // Between members or items (e.g. after a value with no comma yet), the container decides the slot.
    const inner = findNodeAtOffset(doc.root, offset, false);
    if (!stringNode && inner && inner.offset < offset && (inner.type === 'object' || inner.type === 'array')) {
      const between = (inner.children ?? []).every((c) => offset <= c.offset || offset >= c.offset + c.length);
      if (between) {
        const base = getNodePath(inner);
        if (inner.type === 'object') {
          path = [...base, ''];
          key = true;
        } else {
          path = [...base, (inner.children ?? []).filter((c) => c.offset + c.length <= offset).length];
          key = false;
        }
      }
    }
  }
  const statement = statementAt(doc, offset);
  const base = { path, ...(statement ? { statement } : {}), ...(stringNode ? { stringNode } : {}) };
  // Statement elements start after ["Statement", i] (array form) or ["Statement"] (object form).
  let rest: JSONPath | undefined;
  if (path[0] === 'Statement') rest = typeof path[1] === 'number' ? path.slice(2) : path.slice(1);
  if (path.length === 0 || (path.length === 1 && key)) return { ...base, slot: { kind: 'topKey' } };
  if (path.length === 1 && path[0] !== 'Statement') return { ...base, slot: { kind: 'topValue', key: String(path[0]) } };
  if (!rest) return { ...base, slot: { kind: 'other' } };
  // `"Statement": |` or `"Statement": [ |, {...} ]`: a place for a whole statement.
  if (rest.length === 0 && !key) return { ...base, slot: { kind: 'statementList' } };
  if (rest.length === 1 && key) return { ...base, slot: { kind: 'statementKey' } };
  const element = String(rest[0]);
  if (element === 'Principal' || element === 'NotPrincipal') {
    if (rest.length === 2 && key) return { ...base, slot: { kind: 'principalKey' } };
    if (rest.length === 1 && !key) return { ...base, slot: { kind: 'statementValue', element } };
    if (rest.length >= 2 && !key) return { ...base, slot: { kind: 'principalValue', principalType: String(rest[1]) } };
  }
  if (element === 'Condition') {
    if (rest.length === 2 && key) return { ...base, slot: { kind: 'operatorKey' } };
    if (rest.length === 3 && key) return { ...base, slot: { kind: 'conditionKey', operator: String(rest[1]) } };
    if (rest.length >= 3 && !key) return { ...base, slot: { kind: 'conditionValue', operator: String(rest[1]), key: String(rest[2]) } };
    return { ...base, slot: { kind: 'other' } };
  }
  if (!key && (rest.length === 1 || (rest.length === 2 && typeof rest[1] === 'number'))) return { ...base, slot: { kind: 'statementValue', element } };
  return { ...base, slot: { kind: 'other' } };
}
