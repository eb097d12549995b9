/**
 * Edit distance for "did you mean" and the IAM glob (`*`, `?`) used by Action patterns.
 */

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent transpositions),
 * ignoring case. Stops early and returns `limit + 1` once the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length];
}

/** How far a candidate may be from a name of this length and still be suggested. */
export function suggestionLimit(name: string): number {
  return Math.max(1, Math.min(4, Math.floor(name.length / 3)));
}

/**
 * Up to `max` candidates nearest to `name` (case-insensitive edit distance within {@link suggestionLimit}),
 * nearest first, ties in candidate order. A candidate equal to `name` ignoring case comes first.
 */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = suggestionLimit(name);
  const scored: { candidate: string; distance: number; index: number }[] = [];
  let index = 0;
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    const distance = editDistance(name, candidate, limit);
    if (distance <= limit) scored.push({ candidate, distance, index });
    index++;
  }
  scored.sort((x, y) => x.distance - y.distance || x.index - y.index);
  return scored.slice(0, max).map((s) => s.candidate);
}

/**
 * Compiles an IAM glob (`*` any run of characters, `?` exactly one) into an anchored regular expression.
 * Every other character is literal.
 */
export function globToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}

/** Whether `value` matches the IAM glob `pattern`. */
export function matchesGlob(pattern: string, value: string, ignoreCase: boolean): boolean {
  return ignoreCase ? globMatchLower(pattern.toLowerCase(), value.toLowerCase()) : globMatchLower(pattern, value);
}

/** IAM glob match (exported for hot paths) (`*` any run, `?` one character) on already-lowercased strings, without building a RegExp. */
export function globMatchLower(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && (c === 63 /* ? */ || c === value.charCodeAt(v))) {
      p++;
      v++;
    } else if (p < pattern.length && c === 42 /* * */) {
      starP = p++;
      starV = v;
    } else if (starP >= 0) {
      p = starP + 1;
      v = ++starV;
    } else return false;
  }
  while (p < pattern.length && pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

/**
 * The name of a small fixed set (policy elements, principal types) that a written name most likely means: the
 * same letters in another case (`caseOnly`), else the nearest within two edits, ignoring case and stray spaces.
 * Names shorter than `minLength` only match by case.
 */
export function nearestName(written: string, known: readonly string[], minLength = 0): { readonly name: string; readonly caseOnly: boolean } | undefined {
  const w = written.trim().toLowerCase();
  const same = known.find((k) => k.toLowerCase() === w);
  if (same) return { name: same, caseOnly: true };
  if (w.length < minLength) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(w, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best ? { name: best, caseOnly: false } : undefined;
}
