// Playwright helpers that act on the VS Code workbench the way a user does (keyboard, mouse) and read
// what the user sees. Selectors are those of VS Code 1.139 (code-server 4.139.1).
import type { Locator, Page } from 'playwright-core';

/** Runs a command from the command palette by its title as shown there (e.g. "View: Focus Problems"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens `relativePath` of the workspace with Quick Open and waits until its editor is active. */
export async function openFile(page: Page, relativePath: string): Promise<Locator> {
  const name = relativePath.split('/').pop() ?? relativePath;
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
  const editor = activeEditor(page);
  await editor.locator('.view-lines').waitFor({ state: 'visible' });
  return editor;
}

/** The text editor of the active editor group. */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/** The language shown in the status bar for the active editor (the language's alias, e.g. "JSON"). */
export async function statusBarLanguage(page: Page): Promise<string> {
  const item = page.locator('#status\\.editor\\.mode');
  await item.waitFor({ state: 'visible' });
  return (await item.innerText()).trim();
}

/** Moves the cursor of the active editor to a 1-based line and column with "Go to Line". */
export async function goToPosition(page: Page, line: number, column = 1): Promise<void> {
  await activeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** A row of the Problems panel. */
export interface ProblemRow {
  /** 'error' | 'warning' | 'info' as shown by the row's icon; '' for file rows. */
  severity: string;
  /** The row's visible text (message, source, code, position). */
  text: string;
  /** The row's accessible label, which spells out severity, message and position. */
  label: string;
}

/**
 * Opens the Problems panel and returns its marker rows once at least `atLeast` are shown
 * (file heading rows are left out).
 */
export async function readProblems(page: Page, atLeast = 0): Promise<ProblemRow[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await runCommand(page, 'View: Focus Problems');
    await panel.waitFor({ state: 'visible' });
  }
  const rows = panel.locator('.monaco-list-row:has(.marker-icon)');
  if (atLeast > 0) {
    await rows.nth(atLeast - 1).waitFor({ state: 'visible' });
  }
  const result: ProblemRow[] = [];
  for (const row of await rows.all()) {
    const icon = (await row.locator('.marker-icon').first().getAttribute('class')) ?? '';
    const severity = /\berror\b/.test(icon) ? 'error' : /\bwarning\b/.test(icon) ? 'warning' : /\binfo\b/.test(icon) ? 'info' : '';
    result.push({ severity, text: (await row.innerText()).replace(/\s+/g, ' ').trim(), label: (await row.getAttribute('aria-label')) ?? '' });
  }
  return result;
}

/** Triggers suggestions at the cursor (Ctrl+Space) and returns the labels shown in the suggest widget. */
export async function triggerCompletion(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Space');
  const rows = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  await rows.first().waitFor({ state: 'visible' });
  const labels: string[] = [];
  for (const row of await rows.all()) {
    labels.push((await row.locator('.label-name').first().innerText()).trim());
  }
  return labels;
}

/** Accepts the suggestion whose label is `label` (selects it with the mouse, then Enter). */
export async function acceptCompletion(page: Page, label: string): Promise<void> {
  const row = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row', { hasText: label }).first();
  await row.click();
  if (await page.locator('.editor-widget.suggest-widget.visible').isVisible()) {
    await page.keyboard.press('Enter');
  }
  await page.locator('.editor-widget.suggest-widget.visible').waitFor({ state: 'hidden' });
}

/** Hovers the mouse over the middle of the first occurrence of `text` in the active editor and returns the hover's text. */
export async function hoverText(page: Page, text: string): Promise<string> {
  const line = activeEditor(page).locator('.view-lines .view-line', { hasText: text }).first();
  await line.waitFor({ state: 'visible' });
  // Without a grammar a whole line can be one span: measure the substring itself with a DOM Range.
  const point = await line.evaluate((element, needle) => {
    const walker = element.ownerDocument.createTreeWalker(element, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(needle);
      if (at >= 0) {
        const range = element.ownerDocument.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        const box = range.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
    }
    return undefined;
  }, text);
  if (!point) {
    throw new Error(`"${text}" is not inside one text run of the editor line; hover a shorter text`);
  }
  await page.mouse.move(0, 0);
  await page.mouse.move(point.x, point.y, { steps: 2 });
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
  await hover.waitFor({ state: 'visible' });
  return (await hover.innerText()).trim();
}

/** The titles of the code lenses shown in the active editor. */
export async function codeLensTitles(page: Page): Promise<string[]> {
  const lenses = activeEditor(page).locator('.codelens-decoration a');
  await lenses.first().waitFor({ state: 'visible' });
  return (await lenses.allInnerTexts()).map((title) => title.trim());
}

/** Clicks the code lens whose title contains `title` in the active editor. */
export async function clickCodeLens(page: Page, title: string): Promise<void> {
  const lens = activeEditor(page).locator('.codelens-decoration a', { hasText: title }).first();
  await lens.waitFor({ state: 'visible' });
  await lens.click();
}

/** The texts of the notification toasts currently shown. */
export async function notifications(page: Page, atLeast = 1): Promise<string[]> {
  const toasts = page.locator('.notifications-toasts .notification-list-item-message');
  if (atLeast > 0) {
    await toasts.nth(atLeast - 1).waitFor({ state: 'visible' });
  }
  return (await toasts.allInnerTexts()).map((text) => text.trim());
}

/**
 * Opens the activity-bar view container titled `title` and expands all of its collapsed views (custom
 * views start collapsed). Returns the labels of the tree rows then visible in the side bar.
 */
export async function expandViewContainer(page: Page, title: string): Promise<string[]> {
  const item = page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${title}"]`).first();
  await item.waitFor({ state: 'visible' });
  const sidebar = page.locator('.part.sidebar');
  const heading = sidebar.locator('.composite.title h2', { hasText: title });
  if (!(await heading.isVisible())) {
    await item.click();
    await heading.waitFor({ state: 'visible' });
  }
  const collapsed = sidebar.locator('.pane-header[aria-expanded="false"]');
  while ((await collapsed.count()) > 0) {
    await collapsed.first().click();
  }
  const rows = sidebar.locator('.monaco-list-row');
  await rows.first().waitFor({ state: 'visible' });
  return (await rows.allInnerTexts()).map((label) => label.replace(/\s+/g, ' ').trim());
}
