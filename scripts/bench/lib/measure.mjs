// Timing helpers: warm up, then time single calls until both a minimum count and a minimum duration are
// reached; report the median (robust against GC pauses and the odd scheduler hiccup).

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** The median of a list of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times a synchronous function; returns { median, mean, runs } in milliseconds (the mean carries the cost of
 * garbage collection, which the median mostly hides). Warms up with `warmup` calls and,
 * when `warmupMs` is given, keeps calling until that much time has passed (V8 optimises a large call graph
 * such as the rule pack over the first second or two of calls).
 */
export function timeSync(fn, { warmup = 50, warmupMs = 0, minRuns = 200, minMs = 1000, maxRuns = 100000 } = {}) {
  const warmStart = now();
  for (let i = 0; i < warmup || now() - warmStart < warmupMs; i++) fn();
  const samples = [];
  const start = now();
  while (samples.length < maxRuns && (samples.length < minRuns || now() - start < minMs)) {
    const t0 = now();
    fn();
    samples.push(now() - t0);
  }
  return { median: median(samples), mean: samples.reduce((a, b) => a + b, 0) / samples.length, runs: samples.length };
}

/** Times an async function the same way. */
export async function timeAsync(fn, { warmup = 50, minRuns = 200, minMs = 1000, maxRuns = 100000 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  const start = now();
  while (samples.length < maxRuns && (samples.length < minRuns || now() - start < minMs)) {
    const t0 = now();
    await fn();
    samples.push(now() - t0);
  }
  return { median: median(samples), runs: samples.length };
}
