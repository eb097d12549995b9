/**
 * The engine's caches, two kinds and no others:
 * - per model object (memoByObject): facts derived from one parsed document live on its model objects and
 *   die with them — StatementFacts (facts/statementFacts.ts), the compiled policy (simulate/compile.ts), the
 *   lockout verdict and the one who-can analysis of a lint that the KP6xx rules share (simulate/lintQueries.ts),
 *   a residual atom's verdict when its key is absent (simulate/residual/dnf.ts; never on the compiled conditions
 *   evaluate() reads, whose shape must stay the same), and the IAM data read from one list of IAM files (index.ts:
 *   the language server's worker keeps the list while the files are unchanged);
 * - shared by short text (memoByText, TextCache): what depends on a short text alone and recurs across
 *   documents — catalog lookups (action globs, condition keys, operators), principal strings, compiled
 *   globs, ARN patterns and conditions, the console's recurring action lists (KP118, compiled unions), and the
 *   parsed resource blocks of YAML templates (parse/cloudformation/readTemplate.ts: typing in one resource of a
 *   large template parses only that block again).
 * A template's key policies keep their lint by their text, key facts and rule settings (hosts/hostLint.ts
 * lintEmbedded: an edit in one key leaves the others' lint as it was).
 * The simulator keeps per-question answers on the compiled policy (CompiledPolicy.memo), its Deny
 * subtractions in one store shared with the policy's sub-policies (CompiledPolicy.shared, residual/clauses.ts
 * ResidualStore), and the trail reader its own fingerprinted memo (activity/recordText.ts TextMemo), each for
 * the reason given there; the named who-can (iam/join.ts JoinCache) keeps the statements it prepared for one
 * question, for that question only.
 */
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
 * A copy of a string that does not keep the text it was cut from alive. V8 represents `text.slice(a, b)`
 * of 13 or more characters as a view into `text`: a cache keyed by such a slice of a policy (every string the
 * parser gives is one) would keep the whole policy text alive for as long as the entry lives, and each
 * version of a document typed in the editor is a new text. Concatenating forces a flat string of its own;
 * the slice after it then views only that. Shorter strings are copied by V8 already.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/**
 * A bounded map from short texts to values derived from the text alone, for facts shared between documents
 * (the same ARN pattern or action glob recurs in nearly every key policy). Emptied when full; texts longer
 * than `maxLength` (rare, or hostile) are never kept. Keys are detached (see `detach`), so no document's text
 * stays alive in a cache; values must not hold slices of a document either (`memoByText` computes from the
 * detached key; callers of `set` detach what they keep).
 */
export class TextCache<V> {
  private readonly values = new Map<string, V>();

  constructor(
    private readonly limit = 2048,
    private readonly maxLength = 512,
  ) {}

  /** Whether a value is kept for the text (it may be undefined). */
  has(text: string): boolean {
    return this.values.has(text);
  }

  /** The value kept for the text, or undefined. */
  get(text: string): V | undefined {
    return this.values.get(text);
  }

  /** Whether a text is short enough to be kept. */
  keeps(text: string): boolean {
    return text.length <= this.maxLength;
  }

  /** Keeps `value` for the text (a detached copy of it) when the text is short enough, and returns the value. */
  set(text: string, value: V): V {
    return this.keeps(text) ? this.keep(detach(text), value) : value;
  }

  /** `set` for a text detached already (see `detach`). */
  keep(own: string, value: V): V {
    if (this.keeps(own)) {
      if (this.values.size >= this.limit) this.values.clear();
      this.values.set(own, value);
    }
    return value;
  }
}

/** Memoises a pure function of a short text (a pattern, an action glob, a condition key) in a TextCache. */
export function memoByText<V>(compute: (text: string) => V, limit?: number, maxLength?: number): (text: string) => V {
  const cache = new TextCache<V>(limit, maxLength);
  return (text) => {
    const v = cache.get(text);
    if (v !== undefined || cache.has(text)) return v as V;
    if (!cache.keeps(text)) return compute(text);
    // Computed from the detached copy, so the value cannot hold a slice of the caller's document.
    const own = detach(text);
    return cache.keep(own, compute(own));
  };
}
