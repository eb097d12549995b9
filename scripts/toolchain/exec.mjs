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
    child.stdout?.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      err += chunk;
    });
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
 * The current environment without the variables an enclosing `npm run` adds (npm_*, NODE, INIT_CWD).
 * A nested npm would read them as its own configuration: code-server's install script, for one, takes
 * the Node version from npm_config_user_agent and would see the outer npm's Node 20.
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function cleanEnv(extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD') env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Prints a toolchain progress line with elapsed seconds since `start`.
 * @param {string} message
 */
export function say(message) {
  process.stdout.write(`[toolchain] ${message}\n`);
}
