// Bundles the three programs: the VS Code client, the language server (with its analysis worker) and the CLI (with
// its AWS SDK side apart, scripts/bundleSplit.mjs).
// `node esbuild.mjs` builds everything once; `--watch` rebuilds on change; `--dev` keeps names and adds source maps.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { CLI_AWS_ENTRY, CLI_AWS_FILE, cliAwsExternal } from './scripts/bundleSplit.mjs';

const watch = process.argv.includes('--watch');
/** Module aliases every bundle shares (see the build options). */
const WASM_ALIASES = { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' };
const dev = watch || process.argv.includes('--dev');

const entries = [
  // keepNames only for the client: the AWS SDK it bundles may read constructor names, and in the server and
  // the CLI the helper it adds around every function costs about a tenth of a lint run.
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'], keepNames: true },
  { in: 'server/src/server.ts', out: 'server', banner: '#!/usr/bin/env node' },
  // The server's worker thread (lint, lenses, who-can): loaded by dist/server.js from beside it.
  { in: 'server/src/analysisWorker.ts', out: 'analysisWorker' },
  // The CLI, and the AWS SDK side of `activity --lake/--athena` that it requires only then (scripts/bundleSplit.mjs).
  { in: 'server/src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node', plugins: [cliAwsExternal] },
  { in: CLI_AWS_ENTRY, out: CLI_AWS_FILE.replace(/\.js$/, ''), with: 'cli' },
].filter((e) => existsSync(e.in));
// `node esbuild.mjs server cli` builds only those bundles (and what they require).
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (only.length > 0) entries.splice(0, entries.length, ...entries.filter((e) => only.includes(e.with ?? e.out)));

if (!watch && only.length === 0) rmSync('dist', { recursive: true, force: true });

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: { [e.out]: e.in },
      outdir: 'dist',
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: e.external ?? [],
      minify: !dev,
      keepNames: dev || e.keepNames === true,
      sourcemap: dev ? 'linked' : false,
      legalComments: 'none',
      logLevel: 'warning',
      ...(e.banner ? { banner: { js: e.banner } } : {}),
      // The AWS SDK prefers its ES module builds; either works in Node.
      mainFields: ['module', 'main'],
      // web-tree-sitter's ES module build reads import.meta.url, which a CommonJS bundle lacks: use its CommonJS build.
      alias: WASM_ALIASES,
      plugins: e.plugins ?? [],
    }),
  ),
);

// The Terraform grammar (tree-sitter, WASM) and its runtime, loaded by path at run time by the server and the CLI
// (server/src/hostFiles.ts): copied beside the bundles, and kept by .vscodeignore's allowlist.
const WASM_FILES = ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'];
if (entries.some((e) => e.out === 'server' || e.out === 'cli')) {
  mkdirSync('dist', { recursive: true });
  for (const file of WASM_FILES) copyFileSync(file, `dist/${file.split('/').pop()}`);
}

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${entries.map((e) => e.in).join(', ')}`);
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  console.log(`built ${entries.map((e) => `dist/${e.out}.js`).join(', ')}`);
}
