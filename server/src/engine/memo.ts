/**
 * Memoises a pure function of a parsed-model object (a Policy, a Statement): the value is computed on first
 * use and kept in a WeakMap, so it lives exactly as long as the model it was derived from and nothing is
 * cached across documents. The model is immutable, so the memo is invisible except in time: a dozen rules
 * ask the same questions of the same statement (what its Action list expands to, which keys it tests).
 */
export function memoByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return (key) => {
    let v = values.get(key);
    if (v === undefined && !values.has(key)) {
      v = compute(key);
      values.set(key, v);
    }
    return v as V;
  };
}
