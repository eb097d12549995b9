/** Deep freezing for the catalog's shared tables, so no caller can change what every other caller sees. */

/** Freezes `value` and everything reachable from it, then returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
