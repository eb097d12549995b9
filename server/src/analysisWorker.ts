/**
 * The language server's analysis worker thread (see lsp/analysisHost.ts): runs the jobs the server sends, one
 * at a time, and says when it is ready. Its own bundle (dist/analysisWorker.js): the thread loads the engine
 * and the custom requests, not the LSP connection.
 */
import { parentPort } from 'node:worker_threads';
import { AnalysisRunner, type AnalysisJob } from './lsp/analysisJobs';

const port = parentPort;
if (!port) throw new Error("analysisWorker.js is the language server's worker thread; start dist/server.js");

const runner = new AnalysisRunner();
// For tests only: every lint first waits this long, so that a test can watch the server while an analysis
// runs (a real slow policy may not stay slow as the engine improves).
const delay = Number(process.env['KMS_KEY_POLICY_TEST_ANALYSIS_DELAY_MS'] ?? 0);

port.on('message', ({ id, job }: { id: number; job: AnalysisJob }) => {
  if (delay > 0 && job.kind === 'lint') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
  void runner.run(job).then((outcome) => port.postMessage({ id, outcome }));
});
port.postMessage({ ready: true });
