// Runs a Node program to its end for a benchmark, timed from spawn to exit.
import { spawn } from 'node:child_process';

/** Runs `node ...args`: resolves with { ms, code, stdout (a Buffer), stderr (a string) }. */
export function runNode(args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, code, stdout: Buffer.concat(out), stderr: err }));
  });
}
