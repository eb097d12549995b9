// Child-process helpers shared by the toolchain scripts.
import { spawn } from 'node:child_process';

/**
 * Runs a command to completion, inheriting stdio unless `quiet`, and rejects with the command line
 * and exit status when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, quiet?: boolean }} [options]
 * @returns {Promise<string>} captured stdout when quiet, otherwise ''
 */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk) => { out += chunk; });
    child.stderr?.on('data', (chunk) => { err += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(out);
      } else {
        const detail = err.trim() ? `\n${err.trim().split('\n').slice(-20).join('\n')}` : '';
        reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${detail}`));
      }
    });
  });
}

/**
 * Prints a toolchain progress line with elapsed seconds since `start`.
 * @param {string} message
 */
export function say(message) {
  process.stdout.write(`[toolchain] ${message}\n`);
}
