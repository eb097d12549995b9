// Packages the extension into a .vsix with @vscode/vsce (`vsce package --no-dependencies`: esbuild already
// bundles every dependency into dist/), checks that every file the manifest points at is inside (the
// VSIX is removed otherwise), and prints its files and size.
//
// Usage: node scripts/package.mjs [--no-build] [--out <file.vsix>] [--extension-path <dir>]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { run } from './toolchain/exec.mjs';
import { cacheDir, projectRoot } from './toolchain/paths.mjs';

const vsceBin = path.join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

/**
 * Relative file paths the manifest refers to (main, icon and any string under `contributes` naming an
 * existing file of the extension): each must be packaged or the installed extension breaks.
 * @param {string} extensionPath
 * @param {Record<string, unknown>} manifest
 * @returns {string[]}
 */
export function referencedFiles(extensionPath, manifest) {
  const found = new Set();
  const visit = (/** @type {unknown} */ value) => {
    if (typeof value === 'string') {
      const relative = path.posix.normalize(value.replace(/^\.\//, ''));
      if (!relative.startsWith('..') && !path.isAbsolute(relative) && /\.[a-z0-9]+$/i.test(relative)) {
        const file = path.join(extensionPath, relative);
        if (fs.existsSync(file) && fs.statSync(file).isFile()) found.add(relative);
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  visit(manifest.main);
  visit(manifest.icon);
  visit(manifest.contributes);
  return [...found].sort();
}

/**
 * Names of the entries of a zip archive, read from its central directory.
 * @param {string} file
 * @returns {string[]}
 */
export function zipEntryNames(file) {
  const zip = fs.readFileSync(file);
  const endSignature = 0x06054b50;
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === endSignature) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${index}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * Builds (unless told not to), packages and verifies the VSIX.
 * @param {{ build?: boolean, out?: string, extensionPath?: string }} [options]
 * @returns {Promise<{ vsix: string, bytes: number, files: string[] }>}
 */
export async function packageExtension(options = {}) {
  const extensionPath = path.resolve(options.extensionPath ?? projectRoot);
  if (options.build ?? true) {
    await run(process.execPath, [path.join(extensionPath, 'esbuild.mjs')], { cwd: extensionPath });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  const main = path.join(extensionPath, manifest.main ?? '');
  if (!manifest.main || !fs.existsSync(main)) {
    throw new Error(`extension entry ${manifest.main ?? '(package.json has no "main")'} is missing: the build did not produce it`);
  }
  const vsix = path.resolve(options.out ?? path.join(extensionPath, `${manifest.name}-${manifest.version}.vsix`));
  const tmp = path.join(cacheDir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const env = { ...process.env, TMPDIR: tmp };
  const flags = ['--no-dependencies'];
  // Without these vsce stops to ask a question, which hangs a non-interactive run.
  if (!manifest.repository) flags.push('--allow-missing-repository');
  if (!fs.existsSync(path.join(extensionPath, 'LICENSE')) && !fs.existsSync(path.join(extensionPath, 'LICENSE.md'))) {
    flags.push('--skip-license');
  }
  fs.rmSync(vsix, { force: true });
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  await run(process.execPath, [vsceBin, 'package', ...flags, '--out', vsix], { cwd: extensionPath, env, quiet: true });
  const files = zipEntryNames(vsix)
    .filter((name) => name.startsWith('extension/'))
    .map((name) => name.slice('extension/'.length))
    .sort();
  const missing = referencedFiles(extensionPath, manifest).filter((file) => !files.includes(file));
  if (missing.length > 0) {
    fs.rmSync(vsix, { force: true });
    throw new Error(`package.json refers to files that .vscodeignore leaves out: ${missing.join(', ')} (re-include them with "!<path>")`);
  }
  return { vsix, bytes: fs.statSync(vsix).size, files };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(projectRoot, 'scripts', 'package.mjs')) {
  const { values } = parseArgs({
    options: {
      build: { type: 'boolean', default: true },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string' },
      'extension-path': { type: 'string' },
    },
  });
  packageExtension({ build: values.build && !values['no-build'], out: values.out, extensionPath: values['extension-path'] }).then(
    ({ vsix, bytes, files }) => {
      process.stdout.write(`${files.map((file) => `  ${file}`).join('\n')}\n`);
      process.stdout.write(`packaged ${path.relative(process.cwd(), vsix)}: ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB\n`);
    },
    (error) => {
      process.stderr.write(`[package] ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
