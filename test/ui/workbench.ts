// Playwright helpers that act on the VS Code workbench the way a user does (keyboard, mouse) and read
// what the user sees. Selectors are those of VS Code 1.139 (code-server 4.139.1).
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** A pattern matching exactly `text` (Playwright's `hasText` matches substrings). */
function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

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

/** The text of the first rendered line of the active editor that contains `text` (spaces as typed). */
export async function editorLine(page: Page, text: string): Promise<string> {
  const line = activeEditor(page).locator('.view-lines .view-line', { hasText: text }).first();
  await line.waitFor({ state: 'visible' });
  return (await line.innerText()).replace(/\u00a0/g, ' ');
}

/** The text the active editor renders (its visible lines, spaces as typed). */
export async function editorText(page: Page): Promise<string> {
  return (await activeEditor(page).locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
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

/** Hides the panel (Problems, Output, …) if it is shown, giving the editor the window's height. */
export async function hidePanel(page: Page): Promise<void> {
  const panel = page.locator('.part.panel');
  if (await panel.isVisible()) {
    await runCommand(page, 'View: Hide Panel');
    await panel.waitFor({ state: 'hidden' });
  }
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

/** Opens the Problems panel (unless shown) and returns it. */
async function problemsPanel(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await runCommand(page, 'View: Focus Problems');
    await panel.waitFor({ state: 'visible' });
  }
  return panel;
}

/** Reads one marker row of the Problems panel. */
async function toProblemRow(row: Locator): Promise<ProblemRow> {
  const icon = (await row.locator('.marker-icon').first().getAttribute('class')) ?? '';
  const severity = /\berror\b/.test(icon) ? 'error' : /\bwarning\b/.test(icon) ? 'warning' : /\binfo\b/.test(icon) ? 'info' : '';
  return { severity, text: (await row.innerText()).replace(/\s+/g, ' ').trim(), label: (await row.getAttribute('aria-label')) ?? '' };
}

/**
 * Opens the Problems panel and returns its marker rows once at least `atLeast` are shown
 * (file heading rows are left out).
 */
export async function readProblems(page: Page, atLeast = 0): Promise<ProblemRow[]> {
  const rows = (await problemsPanel(page)).locator('.monaco-list-row:has(.marker-icon)');
  if (atLeast > 0) {
    await rows.nth(atLeast - 1).waitFor({ state: 'visible' });
  }
  const result: ProblemRow[] = [];
  for (const row of await rows.all()) {
    result.push(await toProblemRow(row));
  }
  return result;
}

/** The first marker row of the Problems panel whose text contains `text` (opens the panel). */
async function problemLocator(page: Page, text: string): Promise<Locator> {
  return (await problemsPanel(page)).locator('.monaco-list-row:has(.marker-icon)', { hasText: text }).first();
}

/** Opens the Problems panel and returns the first marker row whose text contains `text`, once it is shown. */
export async function problemRow(page: Page, text: string): Promise<ProblemRow> {
  const row = await problemLocator(page, text);
  await row.waitFor({ state: 'visible' });
  return toProblemRow(row);
}

/** Clicks the first marker row whose text contains `text`, which selects it and moves the editor's cursor to the problem. */
export async function openProblem(page: Page, text: string): Promise<void> {
  await (await problemLocator(page, text)).click();
}

/** Waits until the status bar shows the active editor's selection as `text`, e.g. "Ln 20, Col 30 (13 selected)". */
export async function waitForSelection(page: Page, text: string): Promise<void> {
  await page.locator('#status\\.editor\\.selection', { hasText: exactly(text) }).waitFor({ state: 'visible' });
}

/** The rows of the visible suggest widget. */
function suggestRows(page: Page): Locator {
  return page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
}

/** The labels of the rows the suggest widget shows. */
async function suggestLabels(page: Page): Promise<string[]> {
  const labels: string[] = [];
  for (const row of await suggestRows(page).all()) {
    labels.push((await row.locator('.label-name').first().innerText()).trim());
  }
  return labels;
}

/** Triggers suggestions at the cursor (Ctrl+Space) and returns the labels shown in the suggest widget. */
export async function triggerCompletion(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Space');
  await suggestRows(page).first().waitFor({ state: 'visible' });
  return suggestLabels(page);
}

/**
 * Types `text` at the cursor the way a user does, key by key (a trigger character such as `"` or `:` opens
 * the suggest widget by itself), waits until the widget offers `label`, and returns the labels it shows.
 */
export async function typeUntilSuggested(page: Page, text: string, label: string): Promise<string[]> {
  await page.keyboard.type(text);
  await suggestRows(page)
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first()
    .waitFor({ state: 'visible' });
  return suggestLabels(page);
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
  const measure = (): Promise<{ x: number; y: number } | undefined> =>
    line.evaluate((element, needle) => {
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
  // Code lenses arriving from the server push lines down while the pointer travels, and a hover shown just
  // before such a shift is hidden again with the pointer at rest: hover again (re-measured) until a hover
  // shows and the text stayed where it was measured, so the hover is the one for this text.
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
  const attempts = 6;
  for (let attempt = 1; ; attempt++) {
    const point = await measure();
    if (!point) throw new Error(`"${text}" is not inside one text run of the editor line; hover a shorter text`);
    await page.mouse.move(0, 0);
    await hover.waitFor({ state: 'hidden' });
    await page.mouse.move(point.x, point.y, { steps: 2 });
    const shown = await hover.waitFor({ state: 'visible', timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (!shown) {
      if (attempt === attempts) throw new Error(`no hover appeared over "${text}" after ${attempts} attempts`);
      continue;
    }
    const after = await measure();
    const stayed = after !== undefined && Math.abs(after.x - point.x) < 1 && Math.abs(after.y - point.y) < 1;
    if (!stayed && attempt < attempts) continue;
    // The hover can still be hidden between the check and the read (a lens arriving late): read with a short
    // timeout and hover again rather than wait out the default 30 s on a hover that is gone.
    const read = await hover.innerText({ timeout: 2000 }).then(
      (t) => t.trim(),
      () => undefined,
    );
    if (read !== undefined) return read;
    if (attempt === attempts) throw new Error(`the hover over "${text}" was hidden before it could be read, ${attempts} times`);
  }
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

/**
 * Clicks a code lens and waits for the editor tab it opens. The workbench asks for the lenses again now and then
 * (a settings change, a lens refresh) and drops the commands of the lenses it replaces: a click that lands just
 * then runs nothing ("Actual command not found" in the extension host's log). So the lens, found afresh, is
 * clicked again when its tab has not opened within a while, as a user would.
 */
export async function openFromCodeLens(page: Page, title: string, tab: string): Promise<void> {
  const opened = page.locator('.tabs-container .tab.active', { hasText: tab });
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    await clickCodeLens(page, title);
    const shown = await opened.waitFor({ state: 'visible', timeout: 10000 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
    if (attempt === attempts) throw new Error(`clicking the "${title}" lens did not open "${tab}" after ${attempts} attempts`);
  }
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
 * The document shown in the active webview (e.g. a Markdown preview). A webview is an iframe holding
 * another iframe (#active-frame) with the content.
 */
export function activeWebview(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

/**
 * Opens the activity-bar view container titled `container`, expands its view `view` and collapses the
 * others, so the view has the side bar's height (trees render only the rows in sight). Returns its pane.
 */
export async function openView(page: Page, container: string, view: string): Promise<Locator> {
  const item = page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${container}"]`).first();
  await item.waitFor({ state: 'visible' });
  const sidebar = page.locator('.part.sidebar');
  const heading = sidebar.locator('.composite.title h2', { hasText: container });
  if (!(await heading.isVisible())) {
    await item.click();
    await heading.waitFor({ state: 'visible' });
  }
  // Inner locators of has/hasNot match inside the element only, so the title is looked up as `h3.title`.
  const title = page.locator('h3.title', { hasText: exactly(view) });
  const pane = sidebar.locator('.pane').filter({ has: page.locator('.pane-header').filter({ has: title }) });
  const header = pane.locator('.pane-header').first();
  await header.waitFor({ state: 'visible' });
  if ((await header.getAttribute('aria-expanded')) === 'false') {
    await header.click();
  }
  await pane.locator('.pane-header[aria-expanded="true"]').waitFor({ state: 'visible' });
  const others = sidebar.locator('.pane-header[aria-expanded="true"]').filter({ hasNot: title });
  for (let count = await others.count(); count > 0; count--) {
    await others.first().click();
  }
  await others.first().waitFor({ state: 'detached' });
  return pane;
}

/** A row of a tree view, as the user reads it. */
export interface TreeRow {
  label: string;
  /** The greyed text after the label ('' when none). */
  description: string;
}

/** The row of the tree in `pane` whose label is exactly `label`, once it is rendered. */
export async function treeRow(pane: Locator, label: string): Promise<Locator> {
  const row = pane
    .locator('.monaco-list-row')
    .filter({ has: pane.page().locator('.label-name', { hasText: exactly(label) }) })
    .first();
  await row.waitFor({ state: 'visible' });
  return row;
}

/** The label and description of every rendered row of the tree in `pane`, top to bottom. */
export async function treeRows(pane: Locator): Promise<TreeRow[]> {
  const rows: TreeRow[] = [];
  for (const row of await pane.locator('.monaco-list-row').all()) {
    const label = (await row.locator('.label-name').first().innerText()).trim();
    const description = row.locator('.label-description').first();
    rows.push({ label, description: (await description.count()) > 0 ? (await description.innerText()).trim() : '' });
  }
  return rows;
}

/** Clicks the inline action titled `title` of a tree row (shown while the mouse is over the row). */
export async function clickRowAction(row: Locator, title: string): Promise<void> {
  await row.hover();
  const action = row.locator(`.actions .action-label[aria-label="${title}"]`).first();
  await action.waitFor({ state: 'visible' });
  await action.click();
}

/** Switches the color theme through "Preferences: Color Theme", picking the theme titled `theme`. */
export async function selectColorTheme(page: Page, theme: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
  await input.fill(theme);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}
