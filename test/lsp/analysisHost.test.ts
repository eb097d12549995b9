/**
 * The analysis host on its own (the compiled worker under out/): budgets of time and memory stop a job and
 * the next one gets a new worker; a job with a key supersedes a queued one; a cancelled request never runs; an
 * input the engine refuses comes back as InvalidParams; an idle worker exits and the next job starts another;
 * without its worker file the host analyses in its own thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { CancellationTokenSource, ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { AnalysisHost, AnalysisStopped, type AnalysisHostOptions, type StopReason } from '../../server/src/lsp/analysisHost';
import type { AnalysisJob } from '../../server/src/lsp/analysisJobs';

const WORKER = path.resolve(__dirname, '../../server/src/analysisWorker.js');
const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}';

function host(options: Partial<AnalysisHostOptions> = {}): { host: AnalysisHost; logs: string[] } {
  const logs: string[] = [];
  return {
    host: new AnalysisHost({ workerFile: WORKER, log: { error: (m) => logs.push(m), info: (m) => logs.push(m) }, ...options }),
    logs,
  };
}

const DELAY = 'KMS_KEY_POLICY_TEST_ANALYSIS_DELAY_MS';

/** Calls `start` with the worker's test delay set: a worker started meanwhile (it copies the environment) waits `ms` before each lint. */
function delayed<T>(ms: number, start: () => T): T {
  const before = process.env[DELAY];
  process.env[DELAY] = String(ms);
  try {
    return start();
  } finally {
    if (before === undefined) delete process.env[DELAY];
    else process.env[DELAY] = before;
  }
}

const lint = (text = POLICY, uri = 'file:///p.json'): AnalysisJob => ({ kind: 'lint', settings: {}, document: { uri, version: 1, text } });
const whoCan = (params: object): AnalysisJob => ({ kind: 'request', settings: {}, method: 'whoCan', params });

async function stopped(p: Promise<unknown>, reason: StopReason, message?: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AnalysisStopped, String(e));
    assert.equal(e.reason, reason);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

/** Resolves once `check` holds, polling (the host announces no event for a worker exiting). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(check(), 'never happened');
}

test('a lint past its time budget is stopped, and the next job is answered by a new worker', async () => {
  const { host: h, logs } = host({ budgetMs: 300 });
  try {
    await stopped(
      delayed(5000, () => h.run(lint())),
      'time',
      'The analysis was stopped after 0.3 s, its time budget in the editor.',
    );
    assert.deepEqual(logs, ['Stopped the lint of file:///p.json (version 1): it ran past its budget of 0.3 s.']);
    const report = (await h.run(whoCan({ text: POLICY, question: 'decrypt' }))) as { principals: unknown[] };
    assert.ok(report.principals.length > 0);
  } finally {
    h.dispose();
  }
});

test('a lint that needs more memory than the worker has is stopped, and says so', async () => {
  const { host: h } = host({ heapMb: 24 });
  try {
    const tiny = `{"Statement":[{}${',{}'.repeat(21000)}]}`;
    await stopped(h.run(lint(tiny)), 'memory', 'The analysis was stopped: it needed more than 24 MB of memory.');
    assert.deepEqual(((await h.run(lint())) as { findings: unknown[] }).findings.length > 0, true);
  } finally {
    h.dispose();
  }
});

test('a queued lint is dropped when a newer one with its key comes; a cancelled request never runs', async () => {
  const { host: h } = host();
  try {
    const first = delayed(400, () => h.run(lint(POLICY, 'file:///a.json'), 'a'));
    const old = h.run(lint(POLICY, 'file:///b.json'), 'b');
    const source = new CancellationTokenSource();
    const cancelled = h.run(whoCan({ text: POLICY, question: 'decrypt' }), undefined, source.token);
    const newer = h.run(lint(POLICY, 'file:///b.json'), 'b');
    source.cancel();
    await stopped(old, 'superseded');
    await stopped(cancelled, 'cancelled');
    assert.ok(((await first) as { diagnostics: unknown[] }).diagnostics.length > 0);
    assert.ok(((await newer) as { diagnostics: unknown[] }).diagnostics.length > 0);
  } finally {
    h.dispose();
  }
});

test('a lint goes before the requests queued ahead of it', async () => {
  const { host: h } = host();
  try {
    const order: string[] = [];
    const done = (name: string) => (): void => void order.push(name);
    const first = delayed(300, () => h.run(lint(POLICY, 'file:///a.json'), 'a')).then(done('lint a'));
    const request = h.run(whoCan({ text: POLICY, question: 'decrypt' })).then(done('request'));
    const second = h.run(lint(POLICY, 'file:///b.json'), 'b').then(done('lint b'));
    await Promise.all([first, request, second]);
    assert.deepEqual(order, ['lint a', 'lint b', 'request']);
  } finally {
    h.dispose();
  }
});

test('an input the engine refuses comes back as InvalidParams with its message', async () => {
  const { host: h } = host();
  try {
    await assert.rejects(h.run(whoCan({ uri: 'file:///closed.json', question: 'decrypt' })), (e: unknown) => {
      assert.ok(e instanceof ResponseError);
      assert.equal(e.code, ErrorCodes.InvalidParams);
      assert.equal(e.message, 'No open document file:///closed.json and no text given.');
      return true;
    });
  } finally {
    h.dispose();
  }
});

test('an idle worker exits; the next job starts another', async () => {
  const { host: h } = host({ idleMs: 50 });
  try {
    await h.run(lint());
    await until(() => !h.hasWorker);
    assert.ok(((await h.run(lint())) as { findings: unknown[] }).findings.length > 0);
  } finally {
    h.dispose();
  }
});

test('without its worker file the host analyses in its own thread, and logs why', async () => {
  const { host: h, logs } = host({ workerFile: path.join(path.dirname(WORKER), 'noSuchWorker.js') });
  try {
    assert.ok(((await h.run(lint())) as { findings: unknown[] }).findings.length > 0);
    assert.equal(h.hasWorker, false);
    assert.match(logs[0]!, /^Analysing in the server's own thread, without time or memory budgets: the analysis worker .*noSuchWorker\.js is missing\.$/);
  } finally {
    h.dispose();
  }
});
