// Runs the extension-host test suite (test/vscode/suite, compiled to out/) inside code-server, driven by
// headless Chromium: the offline equivalent of @vscode/test-electron's runTests (see test/vscode/runElectron.ts).
//
// Usage: node scripts/runExtensionTests.mjs [--grep <pattern>] [--timeout <seconds>] [--keep]
//          [--extension-path <dir>] [--tests-path <index.js>] [--workspace <dir>] [--verbose]
// Exit code: the suite's exit code (0 = all tests passed); 1 on timeout or harness failure.
// The last stdout line is always "N passed, N failed" (scripts/test.mjs reads it).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { format, parseArgs } from 'node:util';
import { ensureToolchain } from './toolchain/index.mjs';
import { awsIsolation, profileDirs, runName, startCodeServer, workbenchUrl, writeUserSettings } from './toolchain/launch.mjs';
import { launchBrowser } from './toolchain/browser.mjs';
import { projectRoot } from './toolchain/paths.mjs';

const { values: options } = parseArgs({
  options: {
    'extension-path': { type: 'string', default: projectRoot },
    'tests-path': { type: 'string', default: path.join(projectRoot, 'out', 'test', 'vscode', 'suite', 'index.js') },
    workspace: { type: 'string', default: path.join(projectRoot, 'examples') },
    grep: { type: 'string', default: process.env.KMS_VSCODE_TEST_GREP ?? '' },
    timeout: { type: 'string', default: process.env.KMS_VSCODE_TEST_TIMEOUT ?? '300' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

/** Lines of workbench/extension-host logging that are known, harmless noise on a closed network. */
const noise = [
  /github.*authentication|authentication.*github/i,
  /vsda/i,
  /marketplace|gallery|serviceUrl/i,
  /\[perf\]|performance mark/i,
  /Ignoring the error while validating workspace folder/i,
  // Workbench start-up chatter forwarded through the same channel as the extension host's output.
  /^(Resolving|Resolved) connection token|^Creating a socket|^\[(reconnection-grace-time|Service Worker|AgentHost|AccountPolicyGate)/,
  /^Creation of workbench contribution|^Updating additional builtin extensions cache/,
];

function fail(message) {
  process.stderr.write(`[exthost-tests] ${message}\n`);
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

function say(message) {
  process.stdout.write(`[exthost-tests] ${message}\n`);
}

/** Checks the inputs before anything slow starts, with the command that fixes each problem. */
function checkInputs(extensionPath, testsPath) {
  const manifestFile = path.join(extensionPath, 'package.json');
  if (!fs.existsSync(manifestFile)) fail(`${manifestFile} not found`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const main = path.resolve(extensionPath, manifest.main ?? '');
  if (!manifest.main || !fs.existsSync(main)) fail(`extension entry ${main} is missing: run "npm run build" first`);
  if (!fs.existsSync(testsPath)) fail(`${testsPath} is missing: compile the tests first ("npx tsc -p .")`);
}

async function main() {
  const started = Date.now();
  const extensionPath = path.resolve(options['extension-path']);
  const testsPath = path.resolve(options['tests-path']);
  const timeoutMs = Number(options.timeout) * 1000;
  if (!(timeoutMs > 0)) fail(`--timeout must be a positive number of seconds, got "${options.timeout}"`);
  checkInputs(extensionPath, testsPath);

  await ensureToolchain({ browser: true });
  const dirs = profileDirs(runName('xh'));
  const workspace = path.join(dirs.root, 'workspace');
  if (fs.existsSync(options.workspace)) {
    fs.cpSync(options.workspace, workspace, { recursive: true });
  } else {
    fs.mkdirSync(workspace, { recursive: true });
  }
  // The local KMS endpoint (tools/localKms, seeded) for the AWS Keys tests, in this process on 127.0.0.1. The
  // extension gets its URL through the user settings and fake static credentials through the environment of
  // code-server (the SDK's default chain reads them), so the extension never needs a test-only code path.
  const localKmsServer = path.join(projectRoot, 'out', 'tools', 'localKms', 'server.js');
  if (!fs.existsSync(localKmsServer)) fail(`${localKmsServer} is missing: compile first ("npx tsc -p .")`);
  const { startLocalKms } = createRequire(import.meta.url)(localKmsServer);
  const localKms = await startLocalKms({ seed: true });
  say(`local KMS endpoint ${localKms.url}`);
  writeUserSettings(dirs, {
    'kmsKeyPolicy.aws.endpoint': localKms.url,
    'kmsKeyPolicy.aws.regions': ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  });

  /** @type {Array<() => Promise<void>>} cleanup steps, run last-in first-out */
  const cleanups = [() => localKms.close()];
  let cleaning;
  const cleanup = () => {
    cleaning ??= (async () => {
      for (const step of cleanups.reverse()) {
        await step().catch((error) => process.stderr.write(`[exthost-tests] cleanup: ${error}\n`));
      }
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      say(`${signal}: stopping`);
      cleanup().finally(() => process.exit(130));
    });
  }

  let exitCode = 1;
  /** @type {{ passed: number, failed: number } | undefined} */
  let totals;
  try {
    const server = await startCodeServer({
      dirs,
      args: ['--vscode-option', 'enable-smoke-test-driver'],
      env: {
        ...awsIsolation(),
        AWS_ACCESS_KEY_ID: 'AKIDEXTHOSTTESTS0001',
        AWS_SECRET_ACCESS_KEY: 'local-kms-test-secret',
        KMS_VSCODE_TEST_GREP: options.grep,
        KMS_VSCODE_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
      },
      onOutput: options.verbose ? (line) => process.stdout.write(`[code-server] ${line}\n`) : undefined,
    });
    cleanups.push(server.stop);
    say(`code-server ${server.origin} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const context = await launchBrowser({ profileDir: dirs.browserProfile, tmpDir: dirs.tmp });
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());

    /** @type {(code: number) => void} */
    let finish = () => {};
    const finished = new Promise((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      // The workbench forwards console calls as [format, ...args].
      const text = Array.isArray(message) ? format(...message) : String(message);
      const summary = /\[exthost-summary\] (\d+) passed, (\d+) failed/.exec(text);
      if (summary) {
        totals = { passed: Number(summary[1]), failed: Number(summary[2]) };
        return;
      }
      if (!options.verbose && noise.some((pattern) => pattern.test(text))) return;
      (level === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    page.on('crash', () => finish(-2));

    let timer;
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve(-1), timeoutMs); });
    const serverDied = server.exited.then(() => -3);
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: extensionPath, extensionTestsPath: testsPath }));
    const code = await Promise.race([finished, timedOut, serverDied]);
    clearTimeout(timer);
    if (code === -1) {
      process.stderr.write(`[exthost-tests] timed out after ${options.timeout} s\n`);
      await page.screenshot({ path: path.join(dirs.root, 'timeout.png') }).catch(() => undefined);
    } else if (code === -2) {
      process.stderr.write('[exthost-tests] the browser page crashed\n');
    } else if (code === -3) {
      process.stderr.write('[exthost-tests] code-server exited during the run\n');
    }
    exitCode = code >= 0 ? code : 1;
  } catch (error) {
    process.stderr.write(`[exthost-tests] ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  if (exitCode === 0 && !options.keep) {
    fs.rmSync(dirs.root, { recursive: true, force: true });
  } else {
    say(`run folder kept: ${path.relative(process.cwd(), dirs.root)} (code-server.log, workspace, profiles)`);
  }
  say(`exit ${exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = exitCode;
  // Last line, read by scripts/test.mjs. A run that ended without totals (crash, timeout) counts as one failure.
  const passed = totals?.passed ?? 0;
  const failed = (totals?.failed ?? 0) + (exitCode !== 0 && !totals?.failed ? 1 : 0);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
}

main().catch((error) => {
  fail(error instanceof Error ? error.stack ?? error.message : String(error));
});
