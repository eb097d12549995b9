/**
 * A parallel lint run: the files are handed out in small batches to worker threads, each with its own
 * engine (same settings), and the outcomes are put back in input order, so the output is exactly that of a
 * serial run. A CI job linting thousands of policies uses every core; a handful of files never pays for
 * starting workers (the caller decides with `plannedJobs`).
 *
 * A worker runs the CLI's own entry script (dist/cli.js, or out/server/src/cli.js in the tests), which
 * serves batches instead of reading a command line when it finds itself in a lint worker.
 */
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createPolicyService, type PolicyContext, type SeverityOverride } from '../engine';
import { lintFile, type FileSource, type LintOutcome } from './lintFiles';
import { hostReaders } from '../hostFiles';

/** What every worker is started with. */
export interface LintJobSettings {
  readonly rules: Readonly<Record<string, SeverityOverride>>;
  readonly context: PolicyContext;
  readonly quiet: boolean;
}

const WORKER_KIND = 'kms-policy-lint-worker';

/** Files per message: small enough to balance uneven files, large enough that messages cost little. */
const BATCH = 32;

/** Below this many files a run stays in one thread (starting a worker costs about as much as 100 files). */
export const PARALLEL_THRESHOLD = 200;

interface Batch {
  readonly start: number;
  readonly sources: readonly FileSource[];
}

interface BatchDone {
  readonly start: number;
  readonly outcomes: readonly LintOutcome[];
}

/**
 * Below this many cores a run stays in one thread unless --jobs says otherwise: on a two-core machine two
 * workers spent half as much CPU again as one thread (each warms its own JIT and heap) and finished no sooner.
 */
export const PARALLEL_MIN_CORES = 4;

/** How many threads to use for `files` files: `requested` (from --jobs) or one per core on 4+ cores, never more than needed. */
export function plannedJobs(files: number, requested: number | undefined, cores = os.availableParallelism()): number {
  const wanted = requested ?? (files >= PARALLEL_THRESHOLD && cores >= PARALLEL_MIN_CORES ? cores : 1);
  return Math.max(1, Math.min(wanted, Math.ceil(files / BATCH)));
}

/** Lints the files with `jobs` worker threads; resolves with one outcome per file, in order. */
export function lintInWorkers(sources: readonly FileSource[], settings: LintJobSettings, jobs: number, entry: string): Promise<LintOutcome[]> {
  const outcomes: LintOutcome[] = new Array<LintOutcome>(sources.length);
  let next = 0;
  let pending = sources.length;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let failed = false;
    const finish = (error?: Error): void => {
      if (failed) return;
      if (error) failed = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(outcomes);
    };
    const feed = (w: Worker): void => {
      if (next >= sources.length) return;
      const batch: Batch = { start: next, sources: sources.slice(next, next + BATCH) };
      next += batch.sources.length;
      w.postMessage(batch);
    };
    for (let i = 0; i < jobs; i++) {
      const w = new Worker(entry, { workerData: { kind: WORKER_KIND, settings } });
      workers.push(w);
      w.on('message', (done: BatchDone) => {
        done.outcomes.forEach((o, k) => (outcomes[done.start + k] = o));
        pending -= done.outcomes.length;
        if (pending === 0) finish();
        else feed(w);
      });
      w.on('error', (e) => finish(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) => {
        if (pending > 0 && code !== 0) finish(new Error(`a lint worker stopped (exit ${code})`));
      });
      feed(w);
    }
  });
}

/** True in a thread started by `lintInWorkers`. */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND;
}

/** The worker side: lint each batch received and send the outcomes back (messages wait while the Terraform grammar loads). */
export async function serveLintWorker(): Promise<void> {
  const { settings } = workerData as { settings: LintJobSettings };
  const service = createPolicyService({ rules: settings.rules, context: settings.context }, undefined, await hostReaders());
  parentPort?.on('message', (batch: Batch) => {
    const done: BatchDone = { start: batch.start, outcomes: batch.sources.map((s) => lintFile(service, s, settings.quiet)) };
    parentPort?.postMessage(done);
  });
}
