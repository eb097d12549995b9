// code-server from npm, installed with Node 24 first on PATH and npm_config_nodedir set so node-gyp builds
// its native modules against the local Node 24 headers (no header download).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeServerEntry, codeServerPackageDir, codeServerPrefix, codeServerVersion, node24Dir } from './paths.mjs';
import { cleanEnv, run, say } from './exec.mjs';

const marker = path.join(codeServerPrefix, '.installed');

/**
 * True when the pinned code-server version is fully installed (marker written after a successful install).
 * @returns {boolean}
 */
export function codeServerInstalled() {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(codeServerPackageDir, 'package.json'), 'utf8'));
    return pkg.version === codeServerVersion && fs.existsSync(codeServerEntry) && fs.readFileSync(marker, 'utf8').trim() === codeServerVersion;
  } catch {
    return false;
  }
}

/**
 * Installs code-server into .cache/code-server unless the pinned version is already there.
 * Requires Node 24 in .cache/node24 and the libkrb5-dev headers.
 * @returns {Promise<void>}
 */
export async function ensureCodeServer() {
  if (codeServerInstalled()) {
    say(`code-server ${codeServerVersion} already in ${codeServerPrefix}`);
    return;
  }
  say(`installing code-server ${codeServerVersion} (takes a few minutes)`);
  fs.rmSync(marker, { force: true });
  fs.mkdirSync(codeServerPrefix, { recursive: true });
  fs.writeFileSync(path.join(codeServerPrefix, 'package.json'), `${JSON.stringify({ name: 'kms-key-policy-code-server', private: true }, null, 2)}\n`);
  const env = cleanEnv({
    PATH: `${path.join(node24Dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node24Dir,
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  });
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--save-exact', `code-server@${codeServerVersion}`], {
    cwd: codeServerPrefix,
    env,
  });
  if (!fs.existsSync(codeServerEntry)) {
    throw new Error(`code-server installed but ${codeServerEntry} is missing`);
  }
  fs.writeFileSync(marker, `${codeServerVersion}\n`);
  say(`code-server ${codeServerVersion} installed`);
}
