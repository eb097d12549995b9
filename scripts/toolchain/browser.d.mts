// Types of browser.mjs for TypeScript callers (test/ui).
import type { BrowserContext } from 'playwright-core';
/** Flags that keep Chromium off the network. */
export const quietChromiumFlags: readonly string[];
/** Launches headless Debian Chromium with a fresh profile in profileDir. */
export function launchBrowser(options: {
  profileDir: string;
  tmpDir: string;
  viewport?: { width: number; height: number };
}): Promise<BrowserContext>;
