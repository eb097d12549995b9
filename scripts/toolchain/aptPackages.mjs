// Debian packages (Chromium, fonts, kerberos headers): installed with apt-get when missing and running as root.
import { run, say } from './exec.mjs';

/**
 * Returns which of `names` dpkg does not report as installed.
 * @param {readonly string[]} names
 * @returns {Promise<string[]>}
 */
export async function missingAptPackages(names) {
  const missing = [];
  for (const name of names) {
    let status = '';
    try {
      status = await run('dpkg-query', ['-W', '-f=${Status}', name], { quiet: true });
    } catch {
      status = '';
    }
    if (!status.includes('install ok installed')) {
      missing.push(name);
    }
  }
  return missing;
}

/**
 * Installs the missing packages among `names` (apt-get update first). Without root it throws an error
 * that says exactly what to install.
 * @param {readonly string[]} names
 * @returns {Promise<void>}
 */
export async function ensureAptPackages(names) {
  const missing = await missingAptPackages(names);
  if (missing.length === 0) {
    say(`debian packages present: ${names.join(', ')}`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `missing Debian packages: ${missing.join(', ')}. Install them as root:\n` + `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  say(`installing debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, quiet: true });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, quiet: true });
  const still = await missingAptPackages(missing);
  if (still.length > 0) {
    throw new Error(`apt-get finished but these packages are still not installed: ${still.join(', ')}`);
  }
  say(`debian packages installed: ${missing.join(', ')}`);
}
