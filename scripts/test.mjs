// `npm test`: every test layer, in order, from a fresh checkout. Builds what it needs first.
//   1. bundle (dist/) and compile the tests (out/)
//   2. node:test layers: engine, cli, lsp, kms (only folders that exist)
//   3. the extension-host suite in a real VS Code (code-server) and the browser UI tests, when present
// Prints one closing line "N passed, N failed" over all layers. `--only engine,cli` runs a subset.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const only = (() => {
  const i = process.argv.indexOf('--only');
  return i > 0 ? new Set(process.argv[i + 1].split(',')) : undefined;
})();
const want = (layer) => !only || only.has(layer);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', ...opts });
  if (opts.capture && r.stdout) process.stdout.write(r.stdout);
  return r;
}

function must(cmd, args) {
  const r = run(cmd, args);
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

must(process.execPath, ['esbuild.mjs']);
// out/ afresh: a compiled test whose source was renamed or deleted must not keep running here (CI starts clean).
rmSync('out', { recursive: true, force: true });
must(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);

let passed = 0;
let failed = 0;
const results = [];

const nodeLayers = ['engine', 'cli', 'lsp', 'kms', 'client'];
for (const layer of nodeLayers) {
  const dir = path.join('out', 'test', layer);
  if (!want(layer) || !existsSync(dir) || readdirSync(dir).length === 0) continue;
  console.log(`\n=== ${layer} tests ===`);
  const r = run(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=180000', dir], {
    capture: true,
  });
  const p = Number(/^ℹ pass (\d+)/m.exec(r.stdout ?? '')?.[1] ?? 0);
  const f = Number(/^ℹ fail (\d+)/m.exec(r.stdout ?? '')?.[1] ?? 0);
  passed += p;
  failed += f + (r.status !== 0 && f === 0 ? 1 : 0);
  results.push(`${layer}: ${p} passed, ${f} failed${r.status !== 0 && f === 0 ? ' (runner failed)' : ''}`);
}

// Layers driven by their own runners; each prints "N passed, N failed" as its last line.
const external = [
  ['vscode', 'scripts/runExtensionTests.mjs'],
  ['ui', 'scripts/runUiTests.mjs'],
];
for (const [layer, script] of external) {
  if (!want(layer) || !existsSync(script)) continue;
  console.log(`\n=== ${layer} tests ===`);
  const r = run(process.execPath, [script], { capture: true });
  const m = /(\d+) passed, (\d+) failed\s*$/.exec((r.stdout ?? '').trimEnd());
  const p = m ? Number(m[1]) : 0;
  const f = m ? Number(m[2]) : 0;
  passed += p;
  failed += f + (r.status !== 0 && f === 0 ? 1 : 0);
  results.push(`${layer}: ${p} passed, ${f} failed${r.status !== 0 && f === 0 ? ` (runner exit ${r.status})` : ''}`);
}

console.log('\n=== summary ===');
for (const line of results) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
