// The context every benchmark module receives: lazily built bundles of the project's own code, timing
// helpers, policy generators, a scratch folder, and `record` to report a figure.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundle } from './build.mjs';
import { timeAsync, timeInterleaved, timeSync, median } from './measure.mjs';
import { generateFlawedPolicy, generatePolicy, typicalPolicy } from './policies.mjs';

/** Formats a figure's value for the console. */
function show(value, unit) {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

/**
 * Creates the context. `figures` collects every recorded figure
 * ({ name, value, unit, target }; target is a string such as "<= 2 ms", or null).
 */
export function createContext(root) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-policy-bench-'));
  const require = createRequire(path.join(root, 'package.json'));
  const built = new Map();
  const figures = [];

  const build = async (entry, name) => {
    if (!built.has(entry)) built.set(entry, bundle(root, entry, scratch, name));
    return built.get(entry);
  };

  return {
    root,
    figures,
    /** Requires a package from the project's node_modules. */
    require,
    /** Bundles a TypeScript entry (relative to the root) once and returns the .cjs path. */
    build,
    /** The engine's public surface (server/src/engine/index.ts), bundled and loaded. */
    async engine() {
      return require(await build('server/src/engine/index.ts', 'engine'));
    },
    /** The CLI bundle's path (server/src/cli.ts). */
    cli: () => build('server/src/cli.ts', 'cli'),
    /** A fresh folder inside the benchmark's scratch space (removed at exit). */
    tempDir(name) {
      const dir = path.join(scratch, name);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    timeSync,
    timeInterleaved,
    timeAsync,
    median,
    policies: { generatePolicy, generateFlawedPolicy, typicalPolicy },
    /**
     * Records and prints a figure. `target` is { op: '<=' | '>=', value } or undefined; the line says
     * whether the figure meets it. Nothing is asserted: a benchmark informs, it does not fail.
     */
    record(name, value, unit, target) {
      const targetText = target ? `${target.op} ${target.value} ${unit}` : null;
      figures.push({ name, value: Number(value.toPrecision(6)), unit, target: targetText });
      const verdict = target ? ((target.op === '<=' ? value <= target.value : value >= target.value) ? 'meets' : 'MISSES') : '';
      const line = `  ${name.padEnd(52)} ${show(value, unit).padStart(14)}`;
      console.log(target ? `${line}   target ${targetText}: ${verdict}` : line);
    },
    /** Removes the scratch space. */
    dispose() {
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}
