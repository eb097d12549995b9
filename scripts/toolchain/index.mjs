// Prepares the toolchain that runs the extension in a real VS Code: Node 24, code-server, Chromium.
// Usage: node scripts/toolchain/index.mjs [--no-browser]
// Idempotent: a second run checks markers and versions and installs nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { aptPackages, cacheDir, chromiumBin, codeServerEntry, node24Bin } from './paths.mjs';
import { ensureNode24 } from './node24.mjs';
import { ensureAptPackages, missingAptPackages } from './aptPackages.mjs';
import { codeServerInstalled, ensureCodeServer } from './codeServer.mjs';
import { say } from './exec.mjs';

const lockDir = path.join(cacheDir, 'toolchain.lock');

/**
 * Takes the toolchain lock so two scripts never install at the same time; waits while a live process holds it.
 * @returns {Promise<() => void>} releases the lock
 */
async function lock() {
  fs.mkdirSync(cacheDir, { recursive: true });
  for (let announced = false; ;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') {
        throw error;
      }
    }
    let holder = 0;
    try {
      holder = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8')) || 0;
    } catch {
      holder = 0; // the holder has made the folder but not yet written its pid
    }
    const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (holder ? !isAlive(holder) : age > 10_000) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      say(`waiting for process ${holder} that is installing the toolchain`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * @typedef {object} Toolchain
 * @property {string} node24Bin Node 24 executable code-server runs on
 * @property {string} codeServerEntry code-server's out/node/entry.js
 * @property {string} chromiumBin Chromium executable for playwright-core
 */

/**
 * Installs whatever is missing and returns where the tools are.
 * @param {{ browser?: boolean }} [options] browser: also require Chromium (default true)
 * @returns {Promise<Toolchain>}
 */
export async function ensureToolchain(options = {}) {
  const browser = options.browser ?? true;
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const needed = aptPackages.filter((name) => browser || name === 'libkrb5-dev');
  const release = await lock();
  try {
    const missing = await missingAptPackages(needed);
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (missing.length > 0 && !isRoot && !(missing.length === 1 && missing[0] === 'libkrb5-dev' && codeServerInstalled())) {
      throw new Error(
        `missing Debian packages: ${missing.join(', ')}. Install them as root:\n` + `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
      );
    }
    // libkrb5-dev must be there before code-server builds its kerberos module; the browser can come in parallel.
    const needKerberos = !codeServerInstalled();
    await Promise.all([ensureNode24(), needKerberos ? ensureAptPackages(['libkrb5-dev']) : Promise.resolve()]);
    const rest = needed.filter((name) => name !== 'libkrb5-dev');
    await Promise.all([ensureCodeServer(), rest.length ? ensureAptPackages(rest) : Promise.resolve()]);
  } finally {
    release();
  }
  return { node24Bin, codeServerEntry, chromiumBin };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = Date.now();
  ensureToolchain({ browser: !process.argv.includes('--no-browser') }).then(
    () => say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`),
    (error) => {
      process.stderr.write(`[toolchain] ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
