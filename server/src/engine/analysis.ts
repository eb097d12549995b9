/**
 * Derived facts several rules and features need (the compiled policy, who-can answers), computed at most
 * once per document and analysis. Created per call; nothing is cached across documents here.
 */

/** A per-document memo: the first `memo(key, f)` computes, later calls with the same key reuse it. */
export interface PolicyAnalysis {
  /** The key's account: from the caller's context, or inferred from the policy. */
  readonly account: string | undefined;
  /** Computes once per key. */
  memo<T>(key: string, compute: () => T): T;
}

/** Creates an empty analysis for one document. */
export function createAnalysis(account: string | undefined): PolicyAnalysis {
  const values = new Map<string, unknown>();
  return {
    account,
    memo<T>(key: string, compute: () => T): T {
      if (values.has(key)) return values.get(key) as T;
      const v = compute();
      values.set(key, v);
      return v;
    },
  };
}
