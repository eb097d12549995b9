// The language server over real stdio (the bundled server, the same JSON-RPC a client sends):
// start to `initialize` answered, didChange → publishDiagnostics on a 32 KB policy, completion latency
// inside a Condition block of that policy, resident memory with 100 open policies, and hover and
// completion latency while the analysis of a hostile policy runs in the worker (issue 15).
//
// On a shared machine the wall-clock start time mostly measures the scheduler, so the CPU time the server
// spent until it answered (all its threads, from /proc on Linux) is reported beside it. The server is run
// as the VS Code client starts it (SERVER_NODE_FLAGS and SERVER_ENV, from client/src/languageClient.ts: the V8
// flags that bound the heap's slack, one malloc arena); diagnostics latency and memory are also measured as a plain
// `node server.js --stdio` (what a standalone LSP client gets unless it passes the flags), for comparison.
// Diagnostics latency is judged on a warm server (after 50 other 32 KB policies were validated, as after a
// little typing); the first 20 changes of a fresh server are printed beside it.
//
// Resident memory is judged once the server is idle: the analysis worker (a second V8 isolate, 10 to 20 MB)
// exits after WORKER_IDLE_MS without work, as it does in an editor where nobody types. The memory while it
// still runs is printed beside it, and so is the first change after it exited (a new worker starts).
import { buildServer, positionOf, rss, since, startServer } from './lib/lspServer.mjs';
import { slowPolicy } from './lib/slowPolicy.mjs';

export const title = 'Language server over stdio';

const RUNS = 20;
const STARTS = 9;
/** The flags and environment client/src/languageClient.ts starts the server with (SERVER_NODE_FLAGS, SERVER_ENV). */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'];
export const SERVER_ENV = { MALLOC_ARENA_MAX: '1' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How long the analysis worker stays without work (WORKER_IDLE_MS in server/src/lsp/analysisHost.ts). */
const WORKER_IDLE_MS = 20_000;

/** Opens, validates and closes 50 different 32 KB policies, so the server's code is optimised as after some typing. */
async function warmUp(ctx, s) {
  for (let i = 0; i < 50; i++) {
    const uri = `file:///bench/warm-${i}.kms.json`;
    const ready = s.diagnostics(uri, 1);
    await s.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'kms-key-policy', version: 1, text: ctx.policies.generatePolicy(32 * 1024, 100 + i) },
    });
    await ready;
    await s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
}

/**
 * Opens 100 policies of typical size (2–8 KB), waits for each one's diagnostics and lenses; returns the server's
 * RSS then (`live`) and once its worker has exited for want of work (`idle`).
 */
async function residentWith100Policies(ctx, s) {
  const opened = [];
  let bytes = 0;
  for (let i = 0; i < 100; i++) {
    const text = ctx.policies.generatePolicy(2048 + ((i * 977) % 6144), 100 + i);
    bytes += Buffer.byteLength(text);
    const u = `file:///bench/p${i}.kms.json`;
    opened.push(s.diagnostics(u, 1));
    await s.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: u, languageId: 'kms-key-policy', version: 1, text },
    });
  }
  await Promise.all(opened);
  await Promise.all(
    Array.from({ length: 100 }, (_, i) => s.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: `file:///bench/p${i}.kms.json` } })),
  );
  const live = rss(s.child.pid);
  await sleep(WORKER_IDLE_MS + 2000);
  return { live, idle: rss(s.child.pid), kib: bytes / 1024 };
}

/**
 * Hover and completion on a policy whose analysis takes seconds (lib/slowPolicy.mjs), each asked every 25 ms
 * from didOpen until the policy's diagnostics come: the analysis finished, or the worker stopped it at its
 * budget (5 s) and the structural checks came with KP007.
 */
async function duringSlowAnalysis(ctx, serverJs) {
  const s = await startServer(ctx, serverJs, SERVER_NODE_FLAGS, SERVER_ENV);
  try {
    // Warm, as an editor is after a little use: a policy linted, hover and completion asked a few times on
    // actions and in Condition blocks (the places asked about below).
    const warm = ctx.policies.typicalPolicy();
    await s.open('file:///bench/warm.kms.json', warm);
    const places = [...warm.matchAll(/kms:|"StringEquals": \{|"Bool": \{/g)].map((m) => positionOf(warm, m.index + m[0].length));
    for (let i = 0; i < 40; i++) {
      const at = places[i % places.length];
      await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///bench/warm.kms.json' }, position: at });
      await s.connection.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///bench/warm.kms.json' }, position: at });
    }
    const text = slowPolicy(20);
    const uri = 'file:///bench/slow.kms.json';
    const hoverAt = positionOf(text, text.indexOf('aws:PrincipalTag/') + 5);
    const completeAt = positionOf(text, text.indexOf('"StringEquals":{') + '"StringEquals":{'.length);
    const hovers = [];
    const completions = [];
    const t0 = process.hrtime.bigint();
    let analysisMs;
    const published = s.open(uri, text).then((d) => ((analysisMs = since(t0)), d));
    while (analysisMs === undefined && hovers.length < 1000) {
      let t = process.hrtime.bigint();
      await s.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: hoverAt });
      hovers.push(since(t));
      t = process.hrtime.bigint();
      await s.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: completeAt });
      completions.push(since(t));
      await sleep(25);
    }
    const d = await published;
    const stopped = d.diagnostics.some((x) => x.code === 'KP007') ? ', stopped at its budget (KP007)' : '';
    console.log(
      `  slow policy: ${Buffer.byteLength(text)} bytes, ${JSON.parse(text).Statement.length} statements; analysis ${analysisMs.toFixed(0)} ms${stopped}; ${hovers.length} hovers and completions meanwhile`,
    );
    ctx.record('lsp.slow-analysis.didOpen-to-diagnostics', analysisMs, 'ms');
    ctx.record('lsp.hover.during-slow-analysis.median', ctx.median(hovers), 'ms', { op: '<=', value: 50 });
    ctx.record('lsp.hover.during-slow-analysis.max', Math.max(...hovers), 'ms', { op: '<=', value: 50 });
    ctx.record('lsp.completion.during-slow-analysis.median', ctx.median(completions), 'ms', { op: '<=', value: 50 });
    ctx.record('lsp.completion.during-slow-analysis.max', Math.max(...completions), 'ms', { op: '<=', value: 50 });
  } finally {
    await s.stop();
  }
}

export async function run(ctx) {
  const serverJs = await buildServer(ctx);
  const starts = [];
  const cpu = [];
  for (let i = 0; i < STARTS; i++) {
    const s = await startServer(ctx, serverJs, SERVER_NODE_FLAGS, SERVER_ENV);
    starts.push(s.startMs);
    if (s.startCpuMs !== undefined) cpu.push(s.startCpuMs);
    await s.stop();
  }
  ctx.record('lsp.start-to-initialize.median', ctx.median(starts), 'ms', { op: '<=', value: 300 });
  if (cpu.length > 0) ctx.record('lsp.start-to-initialize.server-cpu.median', ctx.median(cpu), 'ms');

  const big = ctx.policies.generatePolicy(32 * 1024, 7);
  const uri = 'file:///bench/big.kms.json';
  const openBig = async (s) => {
    const ready = s.diagnostics(uri, 1);
    await s.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'kms-key-policy', version: 1, text: big },
    });
    await ready;
  };
  // `runs` changes to the 32 KB policy on server `s` (opened on the first call; its version goes on from there).
  const changes = async (s, runs = RUNS) => {
    if (s.bigVersion === undefined) {
      await openBig(s);
      s.bigVersion = 1;
    }
    const times = [];
    for (let i = 0; i < runs; i++) {
      // Past the debounce window, so each change is validated on its leading edge, as a typist's first key is.
      await sleep(200);
      const version = ++s.bigVersion;
      const text = big.replace('"2012-10-17"', i % 2 === 0 ? '"2012-10-17" ' : '"2012-10-17"');
      const ready = s.diagnostics(uri, version);
      const t0 = process.hrtime.bigint();
      await s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      await ready;
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return ctx.median(times);
  };
  const s = await startServer(ctx, serverJs, SERVER_NODE_FLAGS, SERVER_ENV);
  try {
    console.log(
      `  policy: ${Buffer.byteLength(big)} bytes, ${JSON.parse(big).Statement.length} statements; server flags: ${SERVER_NODE_FLAGS.join(' ')}, MALLOC_ARENA_MAX=1`,
    );
    // A fresh server runs its first lints unoptimised: the first 20 changes are reported apart. The target is
    // judged warm, as in an editor after some typing: 50 other 32 KB policies are opened, validated and closed.
    ctx.record('lsp.didChange-to-diagnostics.32KB.median.first-20-changes', await changes(s), 'ms');
    await warmUp(ctx, s);
    ctx.record('lsp.didChange-to-diagnostics.32KB.median', await changes(s), 'ms', { op: '<=', value: 15 });

    // Completion at a value inside the first Condition block.
    const current = big.replace('"2012-10-17"', RUNS % 2 === 1 ? '"2012-10-17" ' : '"2012-10-17"');
    const at = current.indexOf('"Condition"');
    const keyAt = current.indexOf('{', current.indexOf('{', at + 1) + 1) + 1;
    const before = current.slice(0, keyAt);
    const line = before.split('\n').length - 1;
    const character = keyAt - (before.lastIndexOf('\n') + 1);
    const ctimes = [];
    let items = 0;
    for (let i = 0; i < 50; i++) {
      const t0 = process.hrtime.bigint();
      const list = await s.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } });
      ctimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
      items = (list?.items ?? list ?? []).length;
    }
    console.log(`  completion: ${items} condition keys offered`);
    ctx.record('lsp.completion.condition-block.32KB.median', ctx.median(ctimes), 'ms', { op: '<=', value: 10 });

    // 100 open policies of typical size, each validated.
    const { live, idle, kib } = await residentWith100Policies(ctx, s);
    console.log(`  100 policies open: ${kib.toFixed(0)} KiB in all, 2–8 KB each, plus the 32 KB one`);
    ctx.record('lsp.resident-memory.100-open-policies.worker-running', live, 'MB');
    ctx.record('lsp.resident-memory.100-open-policies', idle, 'MB', { op: '<=', value: 80 });
    // The first change once the worker has exited: a new one starts, loads the engine and analyses.
    ctx.record('lsp.didChange-to-diagnostics.32KB.after-worker-exit', await changes(s, 1), 'ms');
  } finally {
    await s.stop();
  }

  await duringSlowAnalysis(ctx, serverJs);

  // The same in a plain `node server.js --stdio`.
  const plain = await startServer(ctx, serverJs);
  try {
    await warmUp(ctx, plain);
    ctx.record('lsp.didChange-to-diagnostics.32KB.median.plain-node', await changes(plain), 'ms');
    const memory = await residentWith100Policies(ctx, plain);
    ctx.record('lsp.resident-memory.100-open-policies.plain-node.worker-running', memory.live, 'MB');
    ctx.record('lsp.resident-memory.100-open-policies.plain-node', memory.idle, 'MB');
  } finally {
    await plain.stop();
  }
}
