/** The hidden, non-enumerable slot list a model object carries once something is memoised on it. */
const SLOTS: unique symbol = Symbol('kms-policy.memo');
/** Marks a slot not computed yet (a computed value may itself be undefined). */
const EMPTY: unique symbol = Symbol('kms-policy.memo.empty');
let slotCount = 0;

type WithSlots = { [SLOTS]?: unknown[] };

/**
 * Memoises a pure function of a parsed-model object (a Policy, a Statement): the value is computed on first
 * use and kept on the object itself, in a non-enumerable symbol-keyed list, so it lives exactly as long as
 * the model it was derived from and nothing is cached across documents. The model is immutable and the list
 * invisible (JSON, deep equality and `Object.keys` do not see it), so the memo shows only in time: a dozen
 * rules ask the same questions of the same statement (what its Action list expands to, which keys it tests).
 *
 * Not a WeakMap on purpose: V8's young-generation collector keeps WeakMap values alive, so every parsed
 * document was promoted to the old generation and collected only by full mark-compacts; linting a 32 KB
 * policy spent about a third of its time in garbage collection.
 */
export function memoByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const slot = slotCount++;
  return (key) => {
    const holder = key as K & WithSlots;
    let slots = holder[SLOTS];
    if (slots === undefined) {
      // A frozen object (a caller's own model) cannot carry the list: compute every time, still correct.
      if (!Object.isExtensible(holder)) return compute(key);
      slots = [];
      Object.defineProperty(holder, SLOTS, { value: slots, enumerable: false, writable: false, configurable: false });
    }
    const known = slot < slots.length ? slots[slot] : EMPTY;
    if (known !== EMPTY) return known as V;
    for (let i = slots.length; i < slot; i++) slots.push(EMPTY);
    const v = compute(key);
    slots[slot] = v;
    return v;
  };
}

/**
 * Memoises a pure function of a short text (a pattern, an action glob, a condition key) in a bounded map
 * that is emptied when full. What it keeps is derived from the text alone, never from a document, so sharing
 * it between documents is safe: the same ARN pattern or action glob recurs in nearly every key policy. Texts
 * longer than `maxLength` (rare, or hostile) are computed every time and never kept.
 */
export function memoByText<V>(compute: (text: string) => V, limit = 2048, maxLength = 512): (text: string) => V {
  const values = new Map<string, V>();
  return (text) => {
    if (text.length > maxLength) return compute(text);
    let v = values.get(text);
    if (v === undefined) {
      v = compute(text);
      if (values.size >= limit) values.clear();
      values.set(text, v);
    }
    return v;
  };
}
