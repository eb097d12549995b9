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

/**
 * Times several synchronous functions in alternating batches (`batch` single calls of each per round; the
 * first call of a batch is not counted, so each function is measured as hot as when timed alone) and returns
 * one { median, mean, runs } per function. For figures that are compared with each other (a ratio): this
 * machine's speed drifts by up to 2x over seconds, and timed one after the other, two medians can come from
 * different speeds. Each function is warmed up first (`warmupMs` each).
 */
export function timeInterleaved(fns, { warmupMs = 1000, batch = 25, minRuns = 200, minMs = 3000 } = {}) {
  for (const fn of fns) {
    const warmStart = now();
    while (now() - warmStart < warmupMs) fn();
  }
  const samples = fns.map(() => []);
  const start = now();
  while (samples[0].length < minRuns || now() - start < minMs) {
    fns.forEach((fn, i) => {
      fn();
      for (let k = 1; k < batch; k++) {
        const t0 = now();
        fn();
        samples[i].push(now() - t0);
      }
    });
  }
  return samples.map((s) => ({ median: median(s), mean: s.reduce((a, b) => a + b, 0) / s.length, runs: s.length }));
}
