// Browser UI test harness: code-server with the PACKAGED extension (VSIX) installed, driven by Playwright
// and Debian's Chromium. Each step saves a screenshot under test-results/ui/<test>/ (failures too).
// Workbench helpers live in workbench.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

/** The project root (this file compiles to out/test/ui/harness.js). */
export const projectRoot = path.resolve(__dirname, '..', '..', '..');

/** Where screenshots go. */
export const resultsDir = path.join(projectRoot, 'test-results', 'ui');

type LaunchModule = typeof import('../../scripts/toolchain/launch.mjs');
type BrowserModule = typeof import('../../scripts/toolchain/browser.mjs');
type ToolchainModule = typeof import('../../scripts/toolchain/index.mjs');

/** Loads one of the ESM toolchain scripts (shared with the code-server runner and `npm start`). */
function loadScript<T>(relative: string): Promise<T> {
  return import(pathToFileURL(path.join(projectRoot, 'scripts', 'toolchain', relative)).href) as Promise<T>;
}

/** The VSIX under test: $KMS_VSIX, else <name>-<version>.vsix at the root as `npm run package` writes it. */
export function defaultVsix(): string {
  if (process.env.KMS_VSIX) {
    return path.resolve(process.env.KMS_VSIX);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  return path.join(projectRoot, `${manifest.name}-${manifest.version}.vsix`);
}

/** Options of startWorkbench. */
export interface WorkbenchOptions {
  /** Names the screenshot folder test-results/ui/<name>/. */
  name: string;
  /** The packaged extension to install; default defaultVsix(). */
  vsix?: string;
  /** Folder copied as the workspace; default examples/. */
  workspaceSource?: string;
  /** Extra user settings (merged over the harness defaults). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and the extension host (AWS_* of the caller are dropped). */
  env?: NodeJS.ProcessEnv;
  /** Files written into the workspace copy before the workbench opens (path relative to it → text). */
  files?: Record<string, string>;
  /**
   * Connects the AWS Keys view to the local KMS endpoint (seeded with demo keys) that scripts/runUiTests.mjs
   * started, listing these Regions.
   */
  localKms?: { regions: string[] };
}

/** The environment variable through which scripts/runUiTests.mjs passes its local KMS endpoint's URL. */
export const LOCAL_KMS_ENV = 'KMS_UI_LOCAL_KMS';

/**
 * Settings and environment that point the extension at the runner's local KMS endpoint. The extension
 * reads the endpoint and Regions from its settings and finds static credentials in the environment
 * through the SDK's default chain (profile setting empty), as it would for a user's own endpoint.
 */
function localKmsConnection(regions: string[]): { settings: Record<string, unknown>; env: NodeJS.ProcessEnv } {
  const url = process.env[LOCAL_KMS_ENV];
  assert.ok(url, `${LOCAL_KMS_ENV} is not set: run the UI tests with scripts/runUiTests.mjs, which starts the seeded local KMS endpoint`);
  return {
    settings: { 'kmsKeyPolicy.aws.endpoint': url, 'kmsKeyPolicy.aws.regions': regions, 'kmsKeyPolicy.aws.profile': '' },
    // The endpoint attributes unknown access keys to the demo account 111122223333.
    env: { AWS_ACCESS_KEY_ID: 'AKIDUITESTS000000001', AWS_SECRET_ACCESS_KEY: 'local-kms-ui-tests' },
  };
}

/** A running workbench: code-server + Chromium page, with a step runner that takes screenshots. */
export interface Workbench {
  page: Page;
  context: BrowserContext;
  /** The workspace copy opened in the workbench (safe to modify). */
  workspace: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** package.json of the extension as installed from the VSIX. */
  extensionManifest: ExtensionManifest;
  /** Runs `action`, then saves NN-<title>.png; on failure saves NN-<title>-failed.png and rethrows. */
  step<T>(title: string, action: () => Promise<T>): Promise<T>;
  /** Saves a screenshot now and returns its path. */
  screenshot(title: string): Promise<string>;
  /** Closes the browser and stops code-server; keeps the run folder when a step failed. */
  close(): Promise<void>;
}

/** The parts of an extension manifest UI tests look at. */
export interface ExtensionManifest {
  name: string;
  publisher: string;
  version: string;
  contributes?: {
    languages?: { id: string; aliases?: string[] }[];
    viewsContainers?: Record<string, { id: string; title: string }[]>;
    views?: Record<string, { id: string; name: string }[]>;
  };
}

/** Reads package.json of the one extension installed in `extensionsDir`. */
function installedManifest(extensionsDir: string): ExtensionManifest {
  const installed = fs.readdirSync(extensionsDir).filter((name) => fs.existsSync(path.join(extensionsDir, name, 'package.json')));
  assert.equal(installed.length, 1, `expected exactly one installed extension in ${extensionsDir}, found ${installed.join(', ')}`);
  return JSON.parse(fs.readFileSync(path.join(extensionsDir, installed[0], 'package.json'), 'utf8')) as ExtensionManifest;
}

/** The name the workbench shows for a language: its first alias, else its id. */
export function languageDisplayName(manifest: ExtensionManifest, languageId: string): string {
  const language = manifest.contributes?.languages?.find((entry) => entry.id === languageId);
  assert.ok(language, `the installed extension contributes no ${languageId} language`);
  return language.aliases?.[0] ?? language.id;
}

/** Settings that make UI interaction deterministic. */
const uiSettings = {
  'editor.hover.delay': 150,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'workbench.editor.enablePreview': false,
  'files.autoSave': 'off',
  'window.commandCenter': false,
};

/** Starts code-server with the VSIX installed, opens the workbench on a workspace copy, waits until it is ready. */
export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const [toolchain, launch, browser] = await Promise.all([
    loadScript<ToolchainModule>('index.mjs'),
    loadScript<LaunchModule>('launch.mjs'),
    loadScript<BrowserModule>('browser.mjs'),
  ]);
  const vsix = options.vsix ?? defaultVsix();
  assert.ok(fs.existsSync(vsix), `${vsix} not found: run "npm run package" first (or set KMS_VSIX)`);
  await toolchain.ensureToolchain({ browser: true });

  const dirs = launch.profileDirs(launch.runName('ui'));
  const workspace = path.join(dirs.root, 'workspace');
  fs.cpSync(options.workspaceSource ?? path.join(projectRoot, 'examples'), workspace, { recursive: true });
  for (const [relative, text] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true });
    fs.writeFileSync(path.join(workspace, relative), text);
  }
  const aws = options.localKms ? localKmsConnection(options.localKms.regions) : { settings: {}, env: {} };
  launch.writeUserSettings(dirs, { ...uiSettings, ...aws.settings, ...options.settings });
  await launch.installVsix(dirs, vsix);

  const shotsDir = path.join(resultsDir, options.name);
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });

  const server = await launch.startCodeServer({ dirs, env: { ...launch.awsIsolation(), ...aws.env, ...options.env } });
  let context: BrowserContext | undefined;
  let failed = false;
  let closed = false;
  let counter = 0;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await context?.close().catch(() => undefined);
    await server.stop();
    if (!failed && !process.env.KMS_UI_KEEP) {
      fs.rmSync(dirs.root, { recursive: true, force: true });
    } else {
      process.stdout.write(`# ui run folder kept: ${dirs.root}\n`);
    }
  };
  try {
    const browserContext = await browser.launchBrowser({ profileDir: dirs.browserProfile, tmpDir: dirs.tmp });
    context = browserContext;
    const page = browserContext.pages()[0] ?? (await browserContext.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(launch.workbenchUrl(server, { folder: workspace }));
    await waitForWorkbench(page);

    const screenshot = async (title: string): Promise<string> => {
      counter += 1;
      const file = path.join(shotsDir, `${String(counter).padStart(2, '0')}-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      await page.screenshot({ path: file });
      return file;
    };
    const step = async <T>(title: string, action: () => Promise<T>): Promise<T> => {
      try {
        const result = await action();
        await screenshot(title);
        return result;
      } catch (error) {
        failed = true;
        await screenshot(`${title}-failed`).catch(() => undefined);
        throw error;
      }
    };
    return {
      page,
      context: browserContext,
      workspace,
      origin: server.origin,
      extensionManifest: installedManifest(dirs.extensions),
      step,
      screenshot,
      close,
    };
  } catch (error) {
    failed = true;
    if (context) {
      await context
        .pages()[0]
        ?.screenshot({ path: path.join(shotsDir, 'startup-failed.png') })
        .catch(() => undefined);
    }
    await close();
    throw error;
  }
}

/** Waits until the workbench has rendered the workspace folder in the explorer. */
async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
}
