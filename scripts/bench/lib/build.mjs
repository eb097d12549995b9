// Bundles a TypeScript entry point for the benchmarks with the options esbuild.mjs uses for dist/, into
// a private temporary folder: the benchmark never depends on (or disturbs) an existing dist/ or out/.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/** Bundles `entry` (relative to `root`) to `<outDir>/<name>.cjs` and returns that path. */
export async function bundle(root, entry, outDir, name) {
  const outfile = path.join(outDir, `${name}.cjs`);
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
  });
  for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
    fs.copyFileSync(path.join(root, 'node_modules', wasm), path.join(outDir, path.basename(wasm)));
  }
  return outfile;
}
