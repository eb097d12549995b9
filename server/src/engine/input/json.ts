/** Small helpers of the input readers: parsed JSON is `unknown` until a reader has checked it. */

/** Parsed JSON of unknown shape. */
export type Json = unknown;

/** `T` with its members writable, for building a result member by member. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** True for a JSON object (not null, not an array). */
export const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a string, number or boolean. */
export const isScalar = (v: Json): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
