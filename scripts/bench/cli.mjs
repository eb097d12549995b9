// CLI throughput: one `kms-policy lint --format json` run over 5,000 generated policy files in a
// temporary tree (100 folders of 50), timed from process start to exit, best of a few runs reported as
// the median. Files per second include Node's start-up, the directory walk, reading, linting and output.
import fs from 'node:fs';
import path from 'node:path';
import { runNode } from './lib/runNode.mjs';

export const title = 'CLI throughput (one process, 5,000 files)';

const FILES = 5000;
const RUNS = 3;

async function runOnce(cli, dir, extraArgs = []) {
  const r = await runNode([cli, 'lint', '--format', 'json', ...extraArgs, dir]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`kms-policy exited ${r.code}: ${r.stderr}`);
  return { ms: r.ms, reports: JSON.parse(r.stdout.toString('utf8')) };
}

export async function run(ctx) {
  const cli = await ctx.cli();
  const dir = ctx.tempDir('cli-throughput');
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(dir, `team-${String(Math.floor(i / 50)).padStart(3, '0')}`);
    if (i % 50 === 0) fs.mkdirSync(sub, { recursive: true });
    const size = 800 + ((i * 7919) % 3200);
    const text = i % 10 === 9 ? ctx.policies.generateFlawedPolicy(size, i) : ctx.policies.generatePolicy(size, i);
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(path.join(sub, `key-${i}.kms.json`), text);
  }
  console.log(`  ${FILES} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, average ${Math.round(bytes / FILES)} bytes`);

  const measure = async (extraArgs) => {
    const times = [];
    for (let r = 0; r < RUNS; r++) {
      const { ms, reports } = await runOnce(cli, dir, extraArgs);
      if (reports.length !== FILES) throw new Error(`expected ${FILES} reports, got ${reports.length}`);
      times.push(ms);
      if (ms > 10000) break; // a slow pack: one run tells enough
    }
    return ctx.median(times);
  };

  const ms = await measure([]);
  ctx.record('cli.lint-5000-files.wall-time', ms, 'ms');
  ctx.record('cli.lint.files-per-second', FILES / (ms / 1000), 'files/s', { op: '>=', value: 2000 });

  // The CLI's own cost (start-up, walk, read, parse, output) with every rule switched off: what remains
  // when the rule pack is free. The gap to the figure above is the rules' share.
  const engine = await ctx.engine();
  const off = engine.ALL_RULES.flatMap((r) => ['--rule', `${r.code}=off`]);
  const bare = await measure(off);
  ctx.record('cli.lint.files-per-second.rules-off', FILES / (bare / 1000), 'files/s');
}
