// Starts code-server on 127.0.0.1 with its own HOME/XDG/TMPDIR under .cache, off the marketplace,
// and stops it (with every process it spawned) on request.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { codeServerEntry, node24Bin, node24Dir, runsDir } from './paths.mjs';

/**
 * @typedef {object} ProfileDirs folders one code-server profile uses; all under .cache
 * @property {string} root
 * @property {string} home
 * @property {string} tmp
 * @property {string} userData
 * @property {string} extensions
 * @property {string} browserProfile
 * @property {string} config
 * @property {string} log
 */

/**
 * Creates (or reuses) the folders of a profile. `name` is a folder under .cache/runs unless absolute.
 * Short names matter: IPC socket paths under tmp must stay below 108 bytes.
 * @param {string} name
 * @returns {ProfileDirs}
 */
export function profileDirs(name) {
  const root = path.isAbsolute(name) ? name : path.join(runsDir, name);
  const dirs = {
    root,
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    userData: path.join(root, 'data'),
    extensions: path.join(root, 'ext'),
    browserProfile: path.join(root, 'browser'),
    config: path.join(root, 'config.yaml'),
    log: path.join(root, 'code-server.log'),
  };
  for (const dir of [dirs.home, dirs.tmp, dirs.userData, dirs.extensions, path.join(dirs.userData, 'User')]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  return dirs;
}

/**
 * A unique, short run folder name: `<kind>-<time>-<pid>`.
 * @param {string} kind
 * @returns {string}
 */
export function runName(kind) {
  return `${kind}-${Date.now().toString(36)}-${process.pid}`;
}

/** Settings that keep a fresh workbench quiet and deterministic (no welcome page, no tips, no network). */
export const quietSettings = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
});

/**
 * Writes the user settings.json of a profile: the quiet defaults merged with `settings`
 * (existing user edits are kept unless overridden).
 * @param {ProfileDirs} dirs
 * @param {Record<string, unknown>} [settings]
 */
export function writeUserSettings(dirs, settings = {}) {
  const file = path.join(dirs.userData, 'User', 'settings.json');
  let existing = {};
  try {
    existing = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    existing = {};
  }
  fs.writeFileSync(file, `${JSON.stringify({ ...existing, ...quietSettings, ...settings }, null, 2)}\n`);
}

/**
 * The environment code-server runs in: its own HOME, XDG folders and TMPDIR, Node 24 first on PATH,
 * no marketplace.
 * @param {ProfileDirs} dirs
 * @param {NodeJS.ProcessEnv} [extra] added variables; a key set to undefined removes that variable
 * @returns {NodeJS.ProcessEnv}
 */
export function codeServerEnv(dirs, extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Variables of an enclosing VS Code or npm run would leak into the extension host.
    if (!key.startsWith('VSCODE_') && !key.startsWith('ELECTRON_') && key !== 'NODE_OPTIONS' && !key.startsWith('npm_')) {
      env[key] = value;
    }
  }
  Object.assign(env, {
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_STATE_HOME: path.join(dirs.home, '.local', 'state'),
    XDG_RUNTIME_DIR: dirs.tmp,
    TMPDIR: dirs.tmp,
    PATH: `${path.join(node24Dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    ...extra,
  });
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
  }
  return env;
}

/**
 * Environment overrides that keep a test run away from real AWS accounts: the caller's AWS_* variables
 * are dropped and the SDK may not ask the EC2 instance metadata service for credentials. (HOME is
 * already the profile's own, so ~/.aws is not visible.)
 * @returns {NodeJS.ProcessEnv}
 */
export function awsIsolation() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('AWS_')) env[key] = undefined;
  }
  env.AWS_EC2_METADATA_DISABLED = 'true';
  return env;
}

/** Command-line flags every code-server start uses. */
function baseArgs(/** @type {ProfileDirs} */ dirs) {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--disable-telemetry', '--disable-update-check'];
}

/**
 * Installs a packaged extension into the profile (`code-server --install-extension file.vsix`).
 * @param {ProfileDirs} dirs
 * @param {string} vsix
 * @returns {Promise<void>}
 */
export function installVsix(dirs, vsix) {
  return new Promise((resolve, reject) => {
    const child = spawn(node24Bin, [codeServerEntry, ...baseArgs(dirs), '--install-extension', path.resolve(vsix), '--force'], {
      env: codeServerEnv(dirs),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && /was successfully installed|is already installed/.test(output)) {
        resolve();
      } else {
        reject(new Error(`installing ${vsix} into code-server failed (exit ${code}):\n${output.trim()}`));
      }
    });
  });
}

/**
 * Asks the OS for a free TCP port on 127.0.0.1.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * GET http://127.0.0.1:port/healthz; resolves true on HTTP 200.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function healthz(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {string} origin e.g. http://127.0.0.1:41234
 * @property {import('node:child_process').ChildProcess} process
 * @property {Promise<number | null>} exited resolves with the exit code when code-server ends
 * @property {() => Promise<void>} stop kills code-server and everything it spawned; safe to call twice
 */

/** Every code-server still running, so an abrupt exit of this process can still kill them. */
const running = new Set();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts code-server and resolves once GET /healthz answers.
 * @param {object} options
 * @param {ProfileDirs} options.dirs
 * @param {number} [options.port] default: a free port
 * @param {string[]} [options.args] extra flags, e.g. ['--vscode-option', 'enable-smoke-test-driver']
 * @param {boolean} [options.workspaceTrust] keep workspace trust on (default off: `--disable-workspace-trust`);
 *   with the user setting `security.workspace.trust.enabled` a new folder then opens in Restricted Mode
 * @param {NodeJS.ProcessEnv} [options.env] extra environment (reaches the extension host)
 * @param {(line: string) => void} [options.onOutput] each output line (also always written to dirs.log)
 * @param {number} [options.timeoutMs] default 60000
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options) {
  const { dirs } = options;
  const port = options.port ?? (await freePort());
  const args = [
    codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    ...baseArgs(dirs),
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.args ?? []),
  ];
  const log = fs.createWriteStream(dirs.log, { flags: 'a' });
  // detached: its own process group, so stop() can end the extension host and watchers with it.
  const child = spawn(node24Bin, args, {
    cwd: dirs.root,
    env: codeServerEnv(dirs, options.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw new Error(`could not start ${node24Bin} ${codeServerEntry}`);
  }
  const pid = child.pid;
  running.add(pid);
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => {
    child.on('exit', (code) => {
      running.delete(pid);
      resolve(code);
    });
    child.on('error', () => resolve(null));
  });
  let pending = '';
  const onData = (/** @type {Buffer} */ chunk) => {
    log.write(chunk);
    if (!options.onOutput) return;
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.onOutput(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  let stopped = false;
  const stop = async () => {
    if (stopped) return exited.then(() => undefined);
    stopped = true;
    const kill = (/** @type {NodeJS.Signals} */ signal) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // the group is gone
      }
    };
    kill('SIGTERM');
    const grace = setTimeout(() => kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(grace);
    kill('SIGKILL'); // stragglers in the group that ignored SIGTERM
    running.delete(pid);
    await new Promise((resolve) => log.end(resolve));
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60000);
  let earlyExit = false;
  exited.then(() => {
    earlyExit = true;
  });
  // Readiness has no event to wait on from outside the process: poll /healthz until the deadline.
  while (!(await healthz(port))) {
    if (earlyExit || Date.now() > deadline) {
      await stop();
      const tail = fs.readFileSync(dirs.log, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`code-server ${earlyExit ? 'exited' : 'did not answer /healthz'} on port ${port}; last log lines:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { port, origin: `http://127.0.0.1:${port}`, process: child, exited, stop };
}

/**
 * The workbench URL opening `folder`, optionally with a smoke-test-driver payload
 * (extensionDevelopmentPath / extensionTestsPath as vscode-remote URIs).
 * @param {{ origin: string, port: number }} server
 * @param {{ folder: string, extensionDevelopmentPath?: string, extensionTestsPath?: string }} target
 * @returns {string}
 */
export function workbenchUrl(server, target) {
  const remote = (/** @type {string} */ file) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(file)}`;
  const url = new URL(`${server.origin}/`);
  url.searchParams.set('folder', path.resolve(target.folder));
  /** @type {[string, string][]} */
  const payload = [];
  if (target.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(target.extensionDevelopmentPath)]);
  if (target.extensionTestsPath) payload.push(['extensionTestsPath', remote(target.extensionTestsPath)]);
  if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}
