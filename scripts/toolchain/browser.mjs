// Debian's Chromium driven by playwright-core, with flags that keep it quiet on a closed network.
import * as fs from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumBin } from './paths.mjs';

/** Flags that stop Chromium from reaching out to Google services on a closed network. */
export const quietChromiumFlags = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
]);

/**
 * Launches headless Chromium with a brand-new, empty profile in `profileDir` (wiped first).
 * Temporary files go to `tmpDir` so nothing lands outside the project.
 * @param {{ profileDir: string, tmpDir: string, viewport?: { width: number, height: number } }} options
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launchBrowser(options) {
  if (!fs.existsSync(chromiumBin)) {
    throw new Error(`${chromiumBin} is missing: run "npm run toolchain" (installs Debian's chromium)`);
  }
  fs.rmSync(options.profileDir, { recursive: true, force: true });
  fs.mkdirSync(options.profileDir, { recursive: true });
  // playwright-core puts its own artifacts in os.tmpdir(), which follows TMPDIR.
  process.env.TMPDIR = options.tmpDir;
  return chromium.launchPersistentContext(options.profileDir, {
    executablePath: chromiumBin,
    headless: true,
    args: [...quietChromiumFlags],
    env: { ...process.env, TMPDIR: options.tmpDir, HOME: options.tmpDir },
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
}
