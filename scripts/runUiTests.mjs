// Runs the browser UI tests (test/ui, compiled to out/test/ui) against code-server with the PACKAGED
// extension: packages dist/ into a VSIX (build first: `npm run build`), starts the local KMS endpoint
// (tools/localKms) seeded with the demo keys on 127.0.0.1, then runs `node --test out/test/ui/` with
// KMS_VSIX pointing at the VSIX and KMS_UI_LOCAL_KMS at the endpoint. Screenshots land in test-results/ui/.
//
// Usage: node scripts/runUiTests.mjs [--vsix <file>] [--test-name-pattern <regex>]
// The last stdout line is always "N passed, N failed" (scripts/test.mjs reads it).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureToolchain } from './toolchain/index.mjs';
import { cacheDir, projectRoot } from './toolchain/paths.mjs';
import { packageExtension } from './package.mjs';

const { values: options } = parseArgs({
  options: {
    vsix: { type: 'string' },
    'test-name-pattern': { type: 'string' },
  },
});

const uiTestsDir = path.join(projectRoot, 'out', 'test', 'ui');

function finish(passed, failed) {
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

async function main() {
  if (!fs.existsSync(uiTestsDir) || !fs.readdirSync(uiTestsDir).some((name) => name.endsWith('.test.js'))) {
    throw new Error(`no compiled UI tests in ${path.relative(projectRoot, uiTestsDir)}: run "npx tsc -p ." first`);
  }
  await ensureToolchain({ browser: true });
  let vsix = options.vsix ? path.resolve(options.vsix) : undefined;
  if (!vsix) {
    const packaged = await packageExtension({ build: false, out: path.join(cacheDir, 'ui', 'kms-key-policy-ui.vsix') });
    vsix = packaged.vsix;
    process.stdout.write(`[ui-tests] packaged ${path.relative(projectRoot, vsix)} (${(packaged.bytes / 1024).toFixed(1)} KiB)\n`);
  }
  // The AWS Keys tests browse the demo keys: the endpoint lives in this process, for the whole run.
  const localKmsServer = path.join(projectRoot, 'out', 'tools', 'localKms', 'server.js');
  if (!fs.existsSync(localKmsServer)) throw new Error(`${path.relative(projectRoot, localKmsServer)} is missing: run "npx tsc -p ." first`);
  const { startLocalKms } = createRequire(import.meta.url)(localKmsServer);
  const localKms = await startLocalKms({ seed: true });
  process.stdout.write(`[ui-tests] local KMS endpoint ${localKms.url} (demo keys)\n`);
  try {
    await runTests(vsix, localKms.url);
  } finally {
    await localKms.close();
  }
}

/** Runs `node --test` over the compiled UI tests; reports the totals with finish(). */
async function runTests(vsix, localKmsUrl) {
  const args = ['--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=300000'];
  if (options['test-name-pattern']) args.push('--test-name-pattern', options['test-name-pattern']);
  args.push(uiTestsDir);
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, KMS_VSIX: vsix, KMS_UI_LOCAL_KMS: localKmsUrl, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  const passed = Number(/^ℹ pass (\d+)/m.exec(output)?.[1] ?? 0);
  const failed = Number(/^ℹ fail (\d+)/m.exec(output)?.[1] ?? 0);
  finish(passed, failed + (code !== 0 && failed === 0 ? 1 : 0));
}

main().catch((error) => {
  process.stderr.write(`[ui-tests] ${error instanceof Error ? error.message : String(error)}\n`);
  finish(0, 1);
});
