/**
 * Runs the BUILT CLI (dist/cli.js) as a child process. `npm test` bundles first; a standalone
 * `node --test out/test/cli/` rebuilds dist/cli.js here when it is missing or older than the sources,
 * writing it atomically so test files running side by side never see half a file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository root (tests run from out/test/cli). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The bundled CLI. */
export const CLI = path.join(ROOT, 'dist', 'cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile() && full.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/cli.js (and the AWS SDK side it requires, dist/cliAws.js: scripts/bundleSplit.mjs) with the options
 * esbuild.mjs uses, unless it is already newer than every source.
 */
export async function ensureCliBuilt(): Promise<void> {
  const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
  if (built > newestMtime(path.join(ROOT, 'server', 'src'))) return;
  const split = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'bundleSplit.mjs')).href)) as typeof import('../../scripts/bundleSplit.mjs');
  fs.mkdirSync(path.dirname(CLI), { recursive: true });
  // The SDK side first: a run of the new dist/cli.js finds the one it requires.
  await buildAtomically(path.join(ROOT, split.CLI_AWS_ENTRY), path.join(ROOT, 'dist', split.CLI_AWS_FILE), []);
  await buildAtomically(path.join(ROOT, 'server', 'src', 'cli.ts'), CLI, [split.cliAwsExternal]);
}

/** Bundles one entry to `outfile`, written whole (a test running beside never sees half a file). */
async function buildAtomically(entry: string, outfile: string, plugins: import('esbuild').Plugin[]): Promise<void> {
  const esbuild = await import('esbuild');
  const tmp = `${outfile}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
    mainFields: ['module', 'main'],
    // As esbuild.mjs: web-tree-sitter's CommonJS build (its ES module build needs import.meta.url).
    alias: { 'web-tree-sitter': path.join(ROOT, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs') },
    plugins,
  });
  fs.renameSync(tmp, outfile);
}

/** What one run of the CLI produced. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of one run. */
export interface RunOptions {
  readonly cwd?: string;
  readonly input?: string | Buffer;
  /** Added to a clean environment (no NO_COLOR / FORCE_COLOR from the caller's shell). */
  readonly env?: Record<string, string>;
}

/** The environment tests start from: the caller's, minus anything that changes colouring. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NO_COLOR' && k !== 'FORCE_COLOR') env[k] = v;
  return { ...env, ...extra };
}

/** Runs `node dist/cli.js ...args` and waits for it. */
export function runCli(args: readonly string[], opts: RunOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    env: baseEnv(opts.env),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Creates a temporary directory holding the given files (paths relative to it). */
export function makeTree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-policy-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

/** Removes a temporary tree. */
export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The default key policy AWS gives every key: valid, and clean under every rule. */
export function defaultPolicy(account = '111122223333'): string {
  return `${JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  )}\n`;
}

/** The default policy with trailing commas after the Resource member and after the statement. */
export function trailingCommaPolicy(): string {
  return defaultPolicy()
    .replace('"Resource": "*"', '"Resource": "*",')
    .replace(/\}\n {2}\]/, '},\n  ]');
}
