// The bundled language server over real stdio, for the benchmarks: built with its analysis worker beside it
// (as dist/ has them), started with the node flags given, spoken to with vscode-languageserver-protocol.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

/** The server bundle, with dist/analysisWorker's bundle built beside it (the server finds it there). */
export async function buildServer(ctx) {
  await ctx.build('server/src/analysisWorker.ts', 'analysisWorker');
  return ctx.build('server/src/server.ts', 'server');
}

/**
 * Starts the server and initializes it, answering every configuration request with `settings`. Returns the connection, the process, how long initialize took
 * (wall and CPU), `diagnostics(uri, version)` (resolves with that version's publishDiagnostics), `open` and
 * `stop`.
 */
export async function startServer(ctx, serverJs, nodeFlags = [], env = {}, settings = { account: '111122223333', region: 'us-east-1' }) {
  const rpc = ctx.require('vscode-languageserver-protocol/node');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeFlags, serverJs, '--stdio'], {
    stdio: ['pipe', 'pipe', process.env.ERR ? 'inherit' : 'ignore'],
    env: { ...process.env, ...env },
  });
  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].uri === p.uri && waiters[i].version === p.version) waiters.splice(i, 1)[0].resolve(p);
  });
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
  });
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  const startCpuMs = cpuMs(child.pid);
  await connection.sendNotification('initialized', {});
  const diagnostics = (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve }));
  /** Opens a document; resolves with its first diagnostics. */
  const open = async (uri, text) => {
    const ready = diagnostics(uri, 1);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kms-key-policy', version: 1, text } });
    return ready;
  };
  const stop = async () => {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
    child.kill();
  };
  return { connection, child, startMs, startCpuMs, diagnostics, open, stop };
}

/** A process's resident memory now, in MB (Linux). */
export const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** A process's peak resident memory so far, in MB (Linux). */
export const peakRss = (pid) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** CPU time a process has used so far, over all its threads (V8's compiler and GC threads too), or undefined off Linux. */
export function cpuMs(pid) {
  try {
    const tasks = fs.readdirSync(`/proc/${pid}/task`);
    return tasks.reduce((sum, t) => sum + Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]) / 1e6, 0);
  } catch {
    return undefined;
  }
}

/** The 0-based line and character of an offset. */
export function positionOf(text, offset) {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Milliseconds since `t0` (from process.hrtime.bigint()). */
export const since = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
