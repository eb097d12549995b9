/**
 * The analysis worker, seen from the server: lint, question lenses and the simulator's requests run in one
 * worker thread (dist/analysisWorker.js), one job at a time, so the server's own thread only parses and
 * answers hover, completion, symbols and formatting, and never waits on an analysis.
 *
 * - Order: lints and lenses (what the editor shows) go before requests (the workspace view asks about every
 *   policy at start), first come first served within each.
 * - Budgets: a lint or a lens may run ANALYSIS_BUDGET_MS, a request the client asked for REQUEST_BUDGET_MS;
 *   the worker's heap is capped at WORKER_HEAP_MB. A job that overruns either is stopped by terminating the
 *   worker (a new one starts for the next job) and rejected with AnalysisStopped, which says why.
 * - Staleness: a job given a key (a document's lint) supersedes the queued and running jobs with that key. A
 *   queued one is dropped; a running one that has run ABANDON_AFTER_MS is stopped the same way (it is likely to
 *   run much longer, and a new worker starts in a few hundred milliseconds), a younger one finishes and its
 *   caller drops the answer. Cancelling a request does the same to it.
 * - Idle: a worker with no job for WORKER_IDLE_MS exits; the next job starts a new one.
 * - No worker: if the worker cannot start (its file is missing, or it dies before it is ready three times in
 *   a row), jobs run in the server's thread instead, without budgets, and the log says so.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type * as Jobs from './analysisJobs';
import type { AnalysisJob, AnalysisRunner, JobAnswer, JobOutcome, RemoteError } from './analysisJobs';
import type { Logger } from './runSafe';

/** How long a lint or a question lens may run, by default. */
export const ANALYSIS_BUDGET_MS = 5000;

/** How long a request the client asked for (a who-can report, a simulation) may run: six analysis budgets. */
export const REQUEST_BUDGET_FACTOR = 6;

/**
 * The worker's heap limit. Anything that finishes within the time budget fits: the most findings a document
 * the engine analyses can have (64 KB of empty statements, 109,000 findings) take 15 s and under 200 MB of heap.
 * A lower limit also keeps V8 from growing the worker's heap ahead of need (100 open policies: 3 MB less).
 */
export const WORKER_HEAP_MB = 256;

/**
 * A worker with nothing to do for this long exits, giving back its memory (a second V8 isolate, 10 to 20 MB);
 * the next job starts another, which takes a few hundred milliseconds.
 */
export const WORKER_IDLE_MS = 20_000;

/** An abandoned job that has run this long is stopped; a younger one is left to finish. */
export const ABANDON_AFTER_MS = 1000;

/** Worker deaths before it is ready, in a row, after which jobs run in the server's thread. */
const MAX_FAILED_STARTS = 3;

/** Why a job did not answer. */
export type StopReason = 'superseded' | 'cancelled' | 'time' | 'memory' | 'crash';

/** A job that was stopped or dropped before it answered; the message says why, for the user. */
export class AnalysisStopped extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
    this.name = 'AnalysisStopped';
  }
}

/** How the host is set up. */
export interface AnalysisHostOptions {
  /** The worker's entry script. */
  readonly workerFile: string;
  readonly log: Logger;
  /** The budget of a lint or a lens, in ms (a request gets REQUEST_BUDGET_FACTOR times as long). */
  readonly budgetMs?: number;
  readonly heapMb?: number;
  /** How long an idle worker lives (WORKER_IDLE_MS). */
  readonly idleMs?: number;
}

interface Pending {
  readonly id: number;
  readonly job: AnalysisJob;
  readonly key: string | undefined;
  readonly budgetMs: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  startedAt?: number;
  timer?: ReturnType<typeof setTimeout>;
}

type WorkerMessage = { readonly ready: true } | { readonly id: number; readonly outcome: JobOutcome };

/** The budget of a lint from the environment (KMS_KEY_POLICY_ANALYSIS_BUDGET_MS), else the default. */
export function budgetFromEnv(env: NodeJS.ProcessEnv): number {
  const ms = Number(env['KMS_KEY_POLICY_ANALYSIS_BUDGET_MS']);
  return Number.isFinite(ms) && ms > 0 ? ms : ANALYSIS_BUDGET_MS;
}

/** Runs analysis jobs in a worker thread, within budgets. */
export class AnalysisHost {
  private worker: Worker | undefined;
  private ready = false;
  /** The reason the current worker reported before it exited (out of memory), if any. */
  private dying: StopReason | undefined;
  private readonly queue: Pending[] = [];
  private running: Pending | undefined;
  private nextId = 1;
  private failedStarts = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private inThread: AnalysisRunner | undefined;
  private readonly budgetMs: number;
  private readonly heapMb: number;

  constructor(private readonly options: AnalysisHostOptions) {
    this.budgetMs = options.budgetMs ?? ANALYSIS_BUDGET_MS;
    this.heapMb = options.heapMb ?? WORKER_HEAP_MB;
    if (!existsSync(options.workerFile)) this.runInThread(`the analysis worker ${options.workerFile} is missing`);
  }

  /**
   * Runs a job. A `key` makes it supersede earlier jobs with the same key; a cancelled `token` drops it. Rejects
   * with AnalysisStopped when it is dropped or stopped, or with the job's own error (a ResponseError for input
   * the engine refused, another Error for a failure).
   */
  run<J extends AnalysisJob>(job: J, key?: string, token?: CancellationToken): Promise<JobAnswer<J>> {
    if (key !== undefined) this.cancel(key);
    return new Promise((resolve, reject) => {
      if (token?.isCancellationRequested) return reject(new AnalysisStopped('cancelled', 'The request was cancelled.'));
      const budgetMs = job.kind === 'request' ? this.budgetMs * REQUEST_BUDGET_FACTOR : this.budgetMs;
      const onCancel = token?.onCancellationRequested(() => this.abandon(p, new AnalysisStopped('cancelled', 'The request was cancelled.')));
      const settled =
        <T>(f: (v: T) => void) =>
        (v: T): void => {
          onCancel?.dispose();
          f(v);
        };
      const p: Pending = {
        id: this.nextId++,
        job,
        key,
        budgetMs,
        resolve: settled(resolve as (v: unknown) => void),
        reject: settled(reject),
      };
      const firstRequest = job.kind === 'request' ? -1 : this.queue.findIndex((q) => q.job.kind === 'request');
      if (firstRequest < 0) this.queue.push(p);
      else this.queue.splice(firstRequest, 0, p);
      this.pump();
    });
  }

  /** Drops the jobs with this key (their document closed, or a newer version replaces them). */
  cancel(key: string): void {
    for (const p of [...this.queue, ...(this.running ? [this.running] : [])]) {
      if (p.key === key) this.abandon(p, new AnalysisStopped('superseded', 'A newer version of the document replaced this one.'));
    }
  }

  /** Whether a worker thread is running (it exits when idle, and a job starts one). */
  get hasWorker(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker and drops every job. */
  dispose(): void {
    clearTimeout(this.idle);
    const jobs = [...this.queue.splice(0), ...(this.running ? [this.running] : [])];
    this.stopWorker();
    for (const p of jobs) p.reject(new AnalysisStopped('cancelled', 'The server is shutting down.'));
  }

  private pump(): void {
    clearTimeout(this.idle);
    if (this.running) return;
    if (this.queue.length === 0) {
      if (this.worker) this.idle = setTimeout(() => this.stopWorker(), this.options.idleMs ?? WORKER_IDLE_MS).unref();
      return;
    }
    const p = this.queue.shift() as Pending;
    this.running = p;
    if (this.inThread) {
      const runner = this.inThread;
      setImmediate(() => void runner.run(p.job).then((outcome) => this.settle(p, outcome)));
      return;
    }
    const worker = this.worker ?? this.startWorker();
    worker.postMessage({ id: p.id, job: p.job });
    if (this.ready) this.startClock(p);
  }

  private startWorker(): Worker {
    const worker = new Worker(this.options.workerFile, { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
    worker.unref();
    this.worker = worker;
    this.ready = false;
    this.dying = undefined;
    worker.on('message', (m: WorkerMessage) => {
      if (worker !== this.worker) return;
      if ('ready' in m) {
        this.ready = true;
        this.failedStarts = 0;
        if (this.running && this.running.startedAt === undefined) this.startClock(this.running);
      } else if (this.running?.id === m.id) this.settle(this.running, m.outcome);
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (worker !== this.worker) return;
      this.dying = e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash';
      this.options.log.error(`The analysis worker failed: ${e.stack ?? e.message}`);
    });
    worker.on('exit', (code) => {
      if (worker !== this.worker) return;
      const reason = this.dying ?? 'crash';
      if (!this.ready && ++this.failedStarts >= MAX_FAILED_STARTS)
        this.runInThread(`the analysis worker stopped ${this.failedStarts} times before it was ready (exit ${code})`);
      this.worker = undefined;
      const p = this.running;
      if (p)
        this.stop(
          p,
          new AnalysisStopped(
            reason,
            reason === 'memory'
              ? `The analysis was stopped: it needed more than ${this.heapMb} MB of memory.`
              : 'The analysis stopped unexpectedly (see the KMS Key Policy output).',
          ),
        );
      else this.pump();
    });
    return worker;
  }

  private startClock(p: Pending): void {
    p.startedAt = Date.now();
    p.timer = setTimeout(() => {
      this.options.log.info(`Stopped ${describe(p.job)}: it ran past its budget of ${p.budgetMs / 1000} s.`);
      this.stopWorker();
      this.stop(p, new AnalysisStopped('time', `The analysis was stopped after ${p.budgetMs / 1000} s, its time budget in the editor.`));
    }, p.budgetMs);
  }

  /** Drops a queued job, or stops a running one that has run long enough to be worth a new worker. */
  private abandon(p: Pending, why: AnalysisStopped): void {
    const i = this.queue.indexOf(p);
    if (i >= 0) {
      this.queue.splice(i, 1);
      p.reject(why);
    } else if (this.running === p && p.startedAt !== undefined && Date.now() - p.startedAt >= ABANDON_AFTER_MS && !this.inThread) {
      this.stopWorker();
      this.stop(p, why);
    }
  }

  /** Ends the running job with an error and moves on. */
  private stop(p: Pending, why: AnalysisStopped): void {
    clearTimeout(p.timer);
    if (this.running === p) this.running = undefined;
    p.reject(why);
    this.pump();
  }

  private settle(p: Pending, outcome: JobOutcome): void {
    clearTimeout(p.timer);
    if (this.running !== p) return;
    this.running = undefined;
    if (outcome.ok) p.resolve(outcome.value);
    else p.reject(errorOf(outcome.error));
    this.pump();
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = false;
    void worker?.terminate();
  }

  private runInThread(why: string): void {
    this.options.log.error(`Analysing in the server's own thread, without time or memory budgets: ${why}.`);
    // require(), not import: only a server without its worker loads the jobs here.
    const jobs = require('./analysisJobs') as typeof Jobs;
    this.inThread = new jobs.AnalysisRunner();
  }
}

/** A job's error as the server answers it: a refusal as InvalidParams, a failure as an Error (logged). */
function errorOf(e: RemoteError): Error {
  return e.kind === 'refusal' ? new ResponseError(ErrorCodes.InvalidParams, e.message) : new Error(e.message);
}

function describe(job: AnalysisJob): string {
  if (job.kind === 'request') return `kmsKeyPolicy/${job.method}`;
  return `the ${job.kind === 'lint' ? 'lint' : 'code lens'} of ${job.document.uri} (version ${job.document.version})`;
}
