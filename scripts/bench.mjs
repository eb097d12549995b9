// `npm run bench [-- --json] [-- --only lint,cli]`: performance figures of the built code. Every module in
// scripts/bench/*.mjs is run in name order; each exports `title` and `run(ctx)` and reports figures with
// ctx.record(name, value, unit, target?) (see scripts/bench/lib/context.mjs). To add figures, drop in a
// new module (e.g. scripts/bench/simulator.mjs). Prints figures beside their targets and asserts nothing
// about time. `--json` also writes every figure to bench-results.json: [{ name, value, unit, target }].
// Each module runs in a process of its own, so the garbage one leaves (5,000 CLI reports, a 1 GB trail's
// aggregates) never weighs on the next one's timings.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

const childOut = argv.includes('--child') ? argv[argv.indexOf('--child') + 1] : undefined;

if (childOut) {
  // One module, in this process: print as it goes, then hand the figures to the parent.
  const ctx = createContext(root);
  let failed = false;
  try {
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
  fs.writeFileSync(childOut, JSON.stringify(ctx.figures));
  process.exitCode = failed ? 1 : 0;
} else {
  console.log(`kms-key-policy benchmarks (node ${process.version}, ${process.platform}/${process.arch})`);
  const figures = [];
  let failed = false;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kms-policy-bench-figures-')), 'figures.json');
  try {
    for (const file of modules) {
      const name = path.basename(file, '.mjs');
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--only', name, '--child', out], { stdio: 'inherit' });
      if (r.status !== 0) failed = true;
      if (fs.existsSync(out)) {
        figures.push(...JSON.parse(fs.readFileSync(out, 'utf8')));
        fs.rmSync(out);
      }
    }
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
  if (json) {
    const file = path.join(root, 'bench-results.json');
    fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`\nwrote ${figures.length} figures to ${path.relative(process.cwd(), file) || file}`);
  }
  process.exitCode = failed ? 1 : 0;
}
