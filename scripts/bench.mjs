// `npm run bench [-- --json] [-- --only lint,cli]`: performance figures of the built code. Every module in
// scripts/bench/*.mjs is run in name order; each exports `title` and `run(ctx)` and reports figures with
// ctx.record(name, value, unit, target?) (see scripts/bench/lib/context.mjs). To add figures, drop in a
// new module (e.g. scripts/bench/simulator.mjs). Prints figures beside their targets and asserts nothing
// about time. `--json` also writes every figure to bench-results.json: [{ name, value, unit, target }].
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createContext } from './bench/lib/context.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const json = argv.includes('--json');
const onlyIndex = argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((argv[onlyIndex + 1] ?? '').split(',')) : undefined;

const dir = path.join(root, 'scripts', 'bench');
const modules = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()
  .filter((f) => !only || only.has(path.basename(f, '.mjs')));

const ctx = createContext(root);
let failed = false;
try {
  console.log(`kms-key-policy benchmarks (node ${process.version}, ${process.platform}/${process.arch})`);
  for (const file of modules) {
    const mod = await import(pathToFileURL(path.join(dir, file)).href);
    console.log(`\n${mod.title ?? path.basename(file, '.mjs')}`);
    try {
      await mod.run(ctx);
    } catch (e) {
      failed = true;
      console.error(`  ${file} failed: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
    }
  }
} finally {
  ctx.dispose();
}

if (json) {
  const out = path.join(root, 'bench-results.json');
  fs.writeFileSync(out, `${JSON.stringify(ctx.figures, null, 2)}\n`);
  console.log(`\nwrote ${ctx.figures.length} figures to ${path.relative(process.cwd(), out) || out}`);
}
process.exitCode = failed ? 1 : 0;
