// `npm start`: builds the extension, prepares the toolchain, starts the local KMS endpoint (when built),
// and serves VS Code (code-server) on 127.0.0.1 with the extension and the examples/ workspace.
// Ctrl-C stops everything this script started. All state lives in .cache/start.
//
// Usage: node scripts/start.mjs [--port N] [--dev] [--no-kms] [--no-build] [--extension-path DIR]
//   --dev     load the extension from the project folder (extensionDevelopmentPath) instead of a fresh VSIX
//   --no-kms  do not start the local KMS endpoint
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { run } from './toolchain/exec.mjs';
import { ensureToolchain } from './toolchain/index.mjs';
import { freePort, installVsix, profileDirs, startCodeServer, workbenchUrl, writeUserSettings } from './toolchain/launch.mjs';
import { cacheDir, projectRoot } from './toolchain/paths.mjs';
import { packageExtension } from './package.mjs';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    dev: { type: 'boolean', default: false },
    'no-kms': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'extension-path': { type: 'string', default: projectRoot },
  },
});

const localKmsMain = path.join(projectRoot, 'out', 'tools', 'localKms', 'main.js');
/** Demo identity the local endpoint knows (tools/localKms/identities.ts). */
const localKmsAccessKeyId = 'AKIDLOCALADMIN000001';

function say(message) {
  process.stdout.write(`[start] ${message}\n`);
}

/** True when nothing listens on 127.0.0.1:port. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts node out/tools/localKms/main.js --seed on a free port; resolves with its URL once it says it listens.
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function startLocalKms(tmp) {
  const port = await freePort();
  const child = spawn(process.execPath, [localKmsMain, '--port', String(port), '--seed'], {
    cwd: projectRoot,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    exited.then((code) => reject(new Error(`local KMS exited (${code}) before listening:\n${output.trim()}`)));
  });
  child.stdout.on('data', (chunk) => process.stdout.write(`[local-kms] ${chunk}`));
  child.stderr.on('data', (chunk) => process.stderr.write(`[local-kms] ${chunk}`));
  return {
    url,
    stop: async () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function main() {
  const started = Date.now();
  const dirs = profileDirs(path.join(cacheDir, 'start'));
  process.env.TMPDIR = dirs.tmp;

  if (!options['no-build']) {
    say('building');
    await run(process.execPath, [path.join(projectRoot, 'esbuild.mjs')], { cwd: projectRoot });
    if (!options['no-kms'] && fs.existsSync(path.join(projectRoot, 'tools', 'localKms', 'main.ts'))) {
      // The local endpoint is test tooling compiled by tsc, not bundled; type errors elsewhere do not block it.
      await run(process.execPath, [path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', projectRoot], {
        cwd: projectRoot,
        quiet: true,
      }).catch(() => say('tsc reported errors; using whatever it emitted'));
    }
  }
  await ensureToolchain({ browser: false });

  /** @type {Array<() => Promise<void>>} */
  const stops = [];
  let stopping;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const stop of stops.reverse()) await stop().catch((error) => say(`stop: ${error}`));
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      say('stopping');
      stopAll().finally(() => process.exit(0));
    });
  }

  try {
    const settings = { 'kmsKeyPolicy.aws.endpoint': undefined };
    /** @type {NodeJS.ProcessEnv} */
    const env = {};
    if (!options['no-kms'] && fs.existsSync(localKmsMain)) {
      const kms = await startLocalKms(dirs.tmp);
      stops.push(kms.stop);
      settings['kmsKeyPolicy.aws.endpoint'] = kms.url;
      Object.assign(env, {
        AWS_ACCESS_KEY_ID: localKmsAccessKeyId,
        AWS_SECRET_ACCESS_KEY: 'local-kms-secret',
        AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      });
      say(`local KMS endpoint ${kms.url} (identity ${localKmsAccessKeyId})`);
    } else {
      if (!options['no-kms']) say(`no local KMS endpoint (${path.relative(projectRoot, localKmsMain)} not built)`);
      // code-server runs with its own HOME: point the AWS SDK at the user's real shared config files.
      const realAws = path.join(os.homedir(), '.aws');
      if (!process.env.AWS_CONFIG_FILE && fs.existsSync(path.join(realAws, 'config'))) env.AWS_CONFIG_FILE = path.join(realAws, 'config');
      if (!process.env.AWS_SHARED_CREDENTIALS_FILE && fs.existsSync(path.join(realAws, 'credentials'))) {
        env.AWS_SHARED_CREDENTIALS_FILE = path.join(realAws, 'credentials');
      }
    }
    writeUserSettings(dirs, settings);

    if (!options.dev) {
      const { vsix, bytes } = await packageExtension({
        build: false,
        extensionPath: options['extension-path'],
        out: path.join(dirs.root, 'kms-key-policy-dev.vsix'),
      });
      await installVsix(dirs, vsix);
      say(`installed ${path.relative(projectRoot, vsix)} (${(bytes / 1024).toFixed(1)} KiB)`);
    }

    const requested = options.port ? Number(options.port) : 8080;
    const port = options.port || (await portIsFree(requested)) ? requested : await freePort();
    const server = await startCodeServer({
      dirs,
      port,
      env,
      args: options.dev ? ['--vscode-option', 'enable-smoke-test-driver'] : [],
    });
    stops.push(server.stop);
    const url = workbenchUrl(server, {
      folder: path.join(projectRoot, 'examples'),
      extensionDevelopmentPath: options.dev ? path.resolve(options['extension-path']) : undefined,
    });
    say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.stdout.write(`\n  VS Code (code-server): ${url}\n  Log: ${path.relative(projectRoot, dirs.log)}\n  Ctrl-C stops it.\n\n`);
    const code = await server.exited;
    say(`code-server exited (${code})`);
    await stopAll();
    process.exitCode = code ?? 1;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main().catch((error) => {
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
