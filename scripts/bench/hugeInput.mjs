// Inputs far beyond the 32 KB quota (issue 15). The CLI lints a 63 MB policy of tiny statements (the shape
// whose model once needed over 4 GB) and the largest policy it still analyses (64 KB of tiny statements, the
// most findings per byte), each in a process of its own given a 1 GB heap; wall time and peak resident memory
// (the child's own getrusage, printed as it exits). The language server opens a 20 MB document and takes an
// edit to it (it used to hold 2.7 GB and take 9–13 s per edit); time to diagnostics and peak resident memory.
import fs from 'node:fs';
import path from 'node:path';
import { buildServer, peakRss, since, startServer } from './lib/lspServer.mjs';
import { runNode } from './lib/runNode.mjs';

export const title = 'Inputs far beyond the quota (CLI and language server)';

/** A policy of `count` empty statements. */
const tinyStatements = (count) => `{"Version":"2012-10-17","Statement":[{}${',{}'.repeat(count - 1)}]}`;

/** Runs `node --max-old-space-size=1024 cli.js lint --format json file`: { ms, peakMb, code, findings }. */
async function lintBounded(cli, file, peakScript) {
  const r = await runNode(['--max-old-space-size=1024', '--require', peakScript, cli, 'lint', '--format', 'json', file]);
  const peak = /peak-rss=(\d+)/.exec(r.stderr);
  if (!peak) throw new Error(`kms-policy died (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
  const findings = JSON.parse(r.stdout.toString('utf8'))[0]?.diagnostics.length ?? 0;
  return { ms: r.ms, peakMb: Number(peak[1]) / 1024, code: r.code, findings };
}

async function cliFigures(ctx) {
  const cli = await ctx.cli();
  const dir = ctx.tempDir('huge-input');
  const peakScript = path.join(dir, 'peak.cjs');
  fs.writeFileSync(peakScript, "process.on('exit', () => process.stderr.write(`peak-rss=${process.resourceUsage().maxRSS}\\n`));\n");
  const cases = [
    ['63MB', Math.ceil((63 * 1024 * 1024) / 3), { ms: 20000, mb: 1024 }],
    ['64KB-analysed', Math.floor((65536 - 40) / 3), { mb: 1024 }],
  ];
  for (const [name, count, target] of cases) {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, tinyStatements(count));
    const bytes = fs.statSync(file).size;
    const r = await lintBounded(cli, file, peakScript);
    fs.rmSync(file);
    console.log(`  ${name}: ${bytes.toLocaleString('en-US')} bytes of empty statements; exit ${r.code}, ${r.findings.toLocaleString('en-US')} findings`);
    ctx.record(`cli.lint.${name}.wall-time`, r.ms, 'ms', target.ms ? { op: '<=', value: target.ms } : undefined);
    ctx.record(`cli.lint.${name}.peak-resident-memory`, r.peakMb, 'MB', { op: '<=', value: target.mb });
  }
}

async function serverFigures(ctx) {
  const serverJs = await buildServer(ctx);
  // As the VS Code client starts it (client/src/languageClient.ts).
  const s = await startServer(ctx, serverJs, ['--max-semi-space-size=1', '--optimize-for-size'], { MALLOC_ARENA_MAX: '1' });
  try {
    const text = tinyStatements(Math.ceil((20 * 1024 * 1024) / 3));
    const uri = 'file:///bench/20MB.kms.json';
    let t0 = process.hrtime.bigint();
    await s.open(uri, text);
    const openMs = since(t0);
    const ready = s.diagnostics(uri, 2);
    t0 = process.hrtime.bigint();
    await s.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: ' ' }],
    });
    await ready;
    const editMs = since(t0);
    t0 = process.hrtime.bigint();
    await s.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 100 } });
    const hoverMs = since(t0);
    console.log(`  20 MB document of empty statements (${Buffer.byteLength(text).toLocaleString('en-US')} bytes)`);
    ctx.record('lsp.20MB-document.didOpen-to-diagnostics', openMs, 'ms');
    ctx.record('lsp.20MB-document.edit-to-diagnostics', editMs, 'ms');
    ctx.record('lsp.20MB-document.hover', hoverMs, 'ms', { op: '<=', value: 50 });
    ctx.record('lsp.20MB-document.peak-resident-memory', peakRss(s.child.pid), 'MB', { op: '<=', value: 1024 });
  } finally {
    await s.stop();
  }
}

export async function run(ctx) {
  await cliFigures(ctx);
  await serverFigures(ctx);
}
