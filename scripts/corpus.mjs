// `npm run corpus`: the engine on the corpus of real key policies (test/fixtures/corpus/), with the hand
// verdicts: findings and false-positive rates per severity, and what is still wrong. Bundles the report
// (test/engine/corpus/report.ts) into a temporary folder and runs it from the repository root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bench/lib/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-policy-corpus-'));
try {
  const report = await bundle(root, 'test/engine/corpus/report.ts', scratch, 'report');
  const r = spawnSync(process.execPath, [report], { cwd: root, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
