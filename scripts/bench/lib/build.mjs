// Bundles a TypeScript entry point for the benchmarks with the options esbuild.mjs uses for dist/, into
// a private temporary folder: the benchmark never depends on (or disturbs) an existing dist/ or out/.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { CLI_AWS_ENTRY, CLI_AWS_FILE, cliAwsExternal } from '../../bundleSplit.mjs';

/**
 * Bundles `entry` (relative to `root`) to `<outDir>/<name>.cjs` and returns that path. The CLI is split as
 * esbuild.mjs splits it: its AWS SDK side is bundled beside it.
 */
export async function bundle(root, entry, outDir, name) {
  const outfile = path.join(outDir, `${name}.cjs`);
  const cli = entry === 'server/src/cli.ts';
  if (cli) await build(root, CLI_AWS_ENTRY, path.join(outDir, CLI_AWS_FILE), []);
  await build(root, entry, outfile, cli ? [cliAwsExternal] : []);
  for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
    fs.copyFileSync(path.join(root, 'node_modules', wasm), path.join(outDir, path.basename(wasm)));
  }
  return outfile;
}

/** One bundle, with the options esbuild.mjs uses for dist/. */
async function build(root, entry, outfile, plugins) {
  await esbuild.build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    keepNames: false,
    legalComments: 'none',
    logLevel: 'warning',
    mainFields: ['module', 'main'],
    // As esbuild.mjs: web-tree-sitter's CommonJS build, and the Terraform grammar's WASM files beside the bundle.
    alias: { 'web-tree-sitter': path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs') },
    plugins,
  });
}
