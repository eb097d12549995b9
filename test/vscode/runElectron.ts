// Runs the extension-host suite in desktop VS Code through @vscode/test-electron, for machines that can
// download VS Code (this project's offline machine uses scripts/runExtensionTests.mjs and code-server instead).
// Runs against the latest stable and the minimum version in engines.vscode.
//
//   npx tsc -p . && npm run build && node out/test/vscode/runElectron.js
//
// Environment: KMS_VSCODE_VERSIONS=stable,1.95.0 (comma list) picks versions; VSCODE_EXECUTABLE=<path>
// uses an installed VS Code instead of downloading; on a Linux box without a display run under xvfb-run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const projectRoot = path.resolve(__dirname, '..', '..', '..');

/** The lowest VS Code version engines.vscode accepts, e.g. "^1.95.0" -> "1.95.0". */
export function minimumVersion(engine: string): string {
  const match = /(\d+\.\d+\.\d+)/.exec(engine);
  if (!match) {
    throw new Error(`engines.vscode "${engine}" has no x.y.z version`);
  }
  return match[1];
}

/** Versions to test: KMS_VSCODE_VERSIONS when set, otherwise stable and the engines.vscode minimum. */
function versionsToTest(): string[] {
  const fromEnv = process.env.KMS_VSCODE_VERSIONS?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (fromEnv && fromEnv.length > 0) {
    return fromEnv;
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    engines: { vscode: string };
  };
  return ['stable', minimumVersion(manifest.engines.vscode)];
}

/** A throwaway copy of examples/ so tests never dirty the repository. */
function workspaceCopy(version: string): string {
  const target = path.join(projectRoot, '.cache', 'runs', `el-${version}-${Date.now().toString(36)}`, 'workspace');
  fs.mkdirSync(target, { recursive: true });
  const examples = path.join(projectRoot, 'examples');
  if (fs.existsSync(examples)) {
    fs.cpSync(examples, target, { recursive: true });
  }
  return target;
}

async function main(): Promise<void> {
  const extensionTestsPath = path.join(__dirname, 'suite', 'index.js');
  let failed = false;
  for (const version of versionsToTest()) {
    const workspace = workspaceCopy(version);
    process.stdout.write(`[electron-tests] VS Code ${version}\n`);
    try {
      const code = await runTests({
        version: process.env.VSCODE_EXECUTABLE ? undefined : version,
        vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
        cachePath: path.join(projectRoot, '.vscode-test'),
        extensionDevelopmentPath: projectRoot,
        extensionTestsPath,
        extensionTestsEnv: { KMS_VSCODE_TEST_GREP: process.env.KMS_VSCODE_TEST_GREP ?? '' },
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      });
      failed ||= code !== 0;
    } catch (error) {
      process.stderr.write(`[electron-tests] VS Code ${version} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      failed = true;
    } finally {
      fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
    }
    if (process.env.VSCODE_EXECUTABLE) {
      break; // one local executable: testing it once is enough
    }
  }
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  void main();
}
