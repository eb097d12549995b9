// The language server over real stdio (the bundled server, the same JSON-RPC a client sends):
// start to `initialize` answered, didChange → publishDiagnostics on a 32 KB policy, completion latency
// inside a Condition block of that policy, and resident memory with 100 open policies.
//
// On a shared machine the wall-clock start time mostly measures the scheduler, so the CPU time the server
// spent until it answered (all its threads, from /proc on Linux) is reported beside it. The server is run
// as the VS Code client starts it (SERVER_NODE_FLAGS, from client/src/languageClient.ts: the V8 flags that
// bound the heap's slack); diagnostics latency and memory are also measured as a plain
// `node server.js --stdio` (what a standalone LSP client gets unless it passes the flags), for comparison.
// Diagnostics latency is judged on a warm server (after 50 other 32 KB policies were validated, as after a
// little typing); the first 20 changes of a fresh server are printed beside it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export const title = 'Language server over stdio';

const RUNS = 20;
const STARTS = 9;
/** The flags client/src/languageClient.ts starts the server with (SERVER_NODE_FLAGS). */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'];

async function startServer(ctx, serverJs, nodeFlags = []) {
  const rpc = ctx.require('vscode-languageserver-protocol/node');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeFlags, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].uri === p.uri && waiters[i].version === p.version) waiters.splice(i, 1)[0].resolve(p);
  });
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({ account: '111122223333', region: 'us-east-1' })));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  const startCpuMs = cpuMs(child.pid);
  await connection.sendNotification('initialized', {});
  const diagnostics = (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve }));
  const stop = async () => {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
    child.kill();
  };
  return { connection, child, startMs, startCpuMs, diagnostics, stop };
}

const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU time a process has used so far, over all its threads (V8's compiler and GC threads too), or undefined off Linux. */
function cpuMs(pid) {
  try {
    const tasks = fs.readdirSync(`/proc/${pid}/task`);
    return tasks.reduce((sum, t) => sum + Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]) / 1e6, 0);
  } catch {
    return undefined;
  }
}

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

/** Opens 100 policies of typical size (2–8 KB), waits for each one's diagnostics and lenses; returns the server's RSS. */
async function residentWith100Policies(ctx, s) {
  const opened = [];
  let bytes = 0;
  for (let i = 0; i < 100; i++) {
    const text = ctx.policies.generatePolicy(2048 + ((i * 977) % 6144), 100 + i);
    bytes += Buffer.byteLength(text);
    const u = `file:///bench/p${i}.kms.json`;
    opened.push(s.diagnostics(u, 1));
    await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'kms-key-policy', version: 1, text } });
  }
  await Promise.all(opened);
  await Promise.all(
    Array.from({ length: 100 }, (_, i) => s.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: `file:///bench/p${i}.kms.json` } })),
  );
  return { mb: rss(s.child.pid), kib: bytes / 1024 };
}

export async function run(ctx) {
  const serverJs = await ctx.build('server/src/server.ts', 'server');
  const starts = [];
  const cpu = [];
  for (let i = 0; i < STARTS; i++) {
    const s = await startServer(ctx, serverJs, SERVER_NODE_FLAGS);
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
    await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kms-key-policy', version: 1, text: big } });
    await ready;
  };
  // 20 changes to the 32 KB policy on server `s` (opened on the first call; its version goes on from there).
  const changes = async (s) => {
    if (s.bigVersion === undefined) {
      await openBig(s);
      s.bigVersion = 1;
    }
    const times = [];
    for (let i = 0; i < RUNS; i++) {
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
  const s = await startServer(ctx, serverJs, SERVER_NODE_FLAGS);
  try {
    console.log(`  policy: ${Buffer.byteLength(big)} bytes, ${JSON.parse(big).Statement.length} statements; server flags: ${SERVER_NODE_FLAGS.join(' ')}`);
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
    const { mb, kib } = await residentWith100Policies(ctx, s);
    console.log(`  100 policies open: ${kib.toFixed(0)} KiB in all, 2–8 KB each, plus the 32 KB one`);
    ctx.record('lsp.resident-memory.100-open-policies', mb, 'MB', { op: '<=', value: 80 });
  } finally {
    await s.stop();
  }

  // The same in a plain `node server.js --stdio`.
  const plain = await startServer(ctx, serverJs);
  try {
    await warmUp(ctx, plain);
    ctx.record('lsp.didChange-to-diagnostics.32KB.median.plain-node', await changes(plain), 'ms');
    ctx.record('lsp.resident-memory.100-open-policies.plain-node', (await residentWith100Policies(ctx, plain)).mb, 'MB');
  } finally {
    await plain.stop();
  }
}
