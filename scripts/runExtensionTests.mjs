// Runs the extension-host test suites inside code-server, driven by headless Chromium: the offline equivalent
// of @vscode/test-electron's runTests (see test/vscode/runElectron.ts). Two runs, one code-server start each:
//   trusted    test/vscode/suite (compiled to out/), workspace trust off
//   untrusted  test/vscode/untrusted, the same workspace in Restricted Mode (trust on, folder never trusted)
//
// Usage: node scripts/runExtensionTests.mjs [--grep <pattern>] [--timeout <seconds per run>] [--keep]
//          [--runs trusted,untrusted] [--extension-path <dir>] [--tests-path <index.js>]
//          [--untrusted-tests-path <index.js>] [--workspace <dir>] [--verbose]
// Exit code: 0 when every run passed; otherwise a failed run's exit code (1 on timeout or harness failure).
// The last stdout line is always "N passed, N failed" over all runs (scripts/test.mjs reads it).
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
    'untrusted-tests-path': { type: 'string', default: path.join(projectRoot, 'out', 'test', 'vscode', 'untrusted', 'index.js') },
    runs: { type: 'string', default: process.env.KMS_VSCODE_TEST_RUNS ?? 'trusted,untrusted' },
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

/**
 * The runs: the main suite in a trusted workspace (trust off, as @vscode/test-electron runs), then a short suite in
 * an UNTRUSTED one (Restricted Mode) proving the extension keeps to the safe subset there.
 * @typedef {{ name: 'trusted' | 'untrusted', testsPath: string }} RunSpec
 */

/** @type {Array<() => Promise<void>>} cleanup steps of the current run, run last-in first-out */
const cleanups = [];
let cleaning = Promise.resolve();
function cleanup() {
  cleaning = cleaning.then(async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop();
      await step().catch((error) => process.stderr.write(`[exthost-tests] cleanup: ${error}\n`));
    }
  });
  return cleaning;
}

async function main() {
  const started = Date.now();
  const extensionPath = path.resolve(options['extension-path']);
  const timeoutMs = Number(options.timeout) * 1000;
  if (!(timeoutMs > 0)) fail(`--timeout must be a positive number of seconds, got "${options.timeout}"`);
  const wanted = new Set(
    options.runs
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );
  /** @type {RunSpec[]} */
  const runs = [
    { name: 'trusted', testsPath: path.resolve(options['tests-path']) },
    { name: 'untrusted', testsPath: path.resolve(options['untrusted-tests-path']) },
  ].filter((run) => wanted.has(run.name));
  const unknown = [...wanted].filter((name) => name !== 'trusted' && name !== 'untrusted');
  if (runs.length === 0 || unknown.length > 0) fail(`--runs takes trusted and/or untrusted, got "${options.runs}"`);
  for (const run of runs) checkInputs(extensionPath, run.testsPath);
  // The local KMS endpoint (tools/localKms, seeded) for the AWS tests, in this process on 127.0.0.1.
  const localKmsServer = path.join(projectRoot, 'out', 'tools', 'localKms', 'server.js');
  if (!fs.existsSync(localKmsServer)) fail(`${localKmsServer} is missing: compile first ("npx tsc -p .")`);
  const { startLocalKms } = createRequire(import.meta.url)(localKmsServer);

  await ensureToolchain({ browser: true });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      say(`${signal}: stopping`);
      cleanup().finally(() => process.exit(130));
    });
  }

  let exitCode = 0;
  let passed = 0;
  let failed = 0;
  for (const run of runs) {
    const result = await runSuite(run, extensionPath, timeoutMs, startLocalKms);
    if (result.exitCode !== 0) exitCode = result.exitCode;
    // A run that ended without totals (crash, timeout) counts as one failure.
    passed += result.totals?.passed ?? 0;
    failed += (result.totals?.failed ?? 0) + (result.exitCode !== 0 && !result.totals?.failed ? 1 : 0);
  }
  say(`exit ${exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = exitCode;
  // Last line, read by scripts/test.mjs: the totals of every run.
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
}

/**
 * One code-server start running one suite. The untrusted run keeps workspace trust on, so the new folder opens in
 * Restricted Mode (no startup prompt), and gives the workspace its own values of the restricted AWS settings,
 * pointing at a second endpoint. Afterwards neither endpoint may have received a request: that check counts as one
 * test of the run.
 * @param {RunSpec} run
 * @param {string} extensionPath
 * @param {number} timeoutMs
 * @param {(options: { seed?: boolean }) => Promise<{ url: string, requestCount: number, close(): Promise<void> }>} startLocalKms
 * @returns {Promise<{ exitCode: number, totals?: { passed: number, failed: number } }>}
 */
async function runSuite(run, extensionPath, timeoutMs, startLocalKms) {
  const started = Date.now();
  const untrusted = run.name === 'untrusted';
  say(`${run.name} workspace: ${path.relative(projectRoot, run.testsPath)}`);
  const dirs = profileDirs(runName(untrusted ? 'xu' : 'xh'));
  const workspace = path.join(dirs.root, 'workspace');
  if (fs.existsSync(options.workspace)) {
    fs.cpSync(options.workspace, workspace, { recursive: true });
  } else {
    fs.mkdirSync(workspace, { recursive: true });
  }
  // The extension gets the endpoint's URL through the user settings and fake static credentials through the
  // environment of code-server (the SDK's default chain reads them), so the extension never needs a test-only path.
  const localKms = await startLocalKms({ seed: true });
  cleanups.push(() => localKms.close());
  say(`local KMS endpoint ${localKms.url}`);
  const userSettings = {
    // The web workbench auto-saves after 1 s by default; under load that beat the live-policy tests' explicit saves
    // (the save was then refused as an auto save). Tests save explicitly, as the UI harness does.
    'files.autoSave': 'off',
    'kmsKeyPolicy.aws.endpoint': localKms.url,
    'kmsKeyPolicy.aws.regions': ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  };
  /** @type {{ url: string, requestCount: number } | undefined} */
  let workspaceKms;
  if (untrusted) {
    // What a cloned repository could set: another endpoint, a profile and Regions, and IAM files to read (any path on
    // the machine). The suite asserts they are ignored.
    workspaceKms = await startLocalKms({ seed: true });
    cleanups.push(() => workspaceKms.close());
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const existing = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(
      settingsFile,
      `${JSON.stringify(
        {
          ...existing,
          'kmsKeyPolicy.aws.endpoint': workspaceKms.url,
          'kmsKeyPolicy.aws.profile': 'workspace-profile',
          'kmsKeyPolicy.aws.regions': ['eu-north-1'],
          'kmsKeyPolicy.iam.authorizationFiles': ['/etc/hostname'],
          'kmsKeyPolicy.iam.organizationFiles': ['/etc/hostname'],
        },
        null,
        2,
      )}\n`,
    );
    say(`workspace's own endpoint ${workspaceKms.url}`);
  }
  writeUserSettings(dirs, {
    ...userSettings,
    // Trust on, and no modal "Do you trust the authors?" prompt: a folder never trusted stays in Restricted Mode.
    ...(untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {}),
  });

  let exitCode = 1;
  /** @type {{ passed: number, failed: number } | undefined} */
  let totals;
  try {
    const server = await startCodeServer({
      dirs,
      workspaceTrust: untrusted,
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
    const finished = new Promise((resolve) => {
      finish = resolve;
    });
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
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve(-1), timeoutMs);
    });
    const serverDied = server.exited.then(() => -3);
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: extensionPath, extensionTestsPath: run.testsPath }));
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
    process.stderr.write(`[exthost-tests] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  if (workspaceKms !== undefined) {
    // Counted after code-server stopped, so a call made after the last test is seen too.
    const sent = `user endpoint ${localKms.requestCount}, workspace endpoint ${workspaceKms.requestCount}`;
    const quiet = localKms.requestCount === 0 && workspaceKms.requestCount === 0;
    (quiet ? process.stdout : process.stderr).write(`${quiet ? '  ✔' : '  ✗'} untrusted workspace: no request reached a KMS endpoint (${sent})\n`);
    if (totals) totals = { passed: totals.passed + (quiet ? 1 : 0), failed: totals.failed + (quiet ? 0 : 1) };
    if (!quiet && exitCode === 0) exitCode = 1;
  }
  if (exitCode === 0 && !options.keep) {
    fs.rmSync(dirs.root, { recursive: true, force: true });
  } else {
    say(`run folder kept: ${path.relative(process.cwd(), dirs.root)} (code-server.log, workspace, profiles)`);
  }
  say(`${run.name} run: exit ${exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { exitCode, ...(totals ? { totals } : {}) };
}

main().catch((error) => {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
});
