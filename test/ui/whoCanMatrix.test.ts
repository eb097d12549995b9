// The who-can matrix as a user sees it, with the demo account's IAM configured: the "Who can decrypt?" lens
// counts named principals and opens the matrix beside the policy, grouped by account and kind with the role chain;
// the keyboard moves focus across cells and Enter expands a row's details; the filter narrows the rows; the view
// follows the color theme (screenshots in a dark and a light theme).
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { demoAuthorizationDetails } from '../../tools/localKms/seedIam';
import { startWorkbench, type Workbench } from './harness';
import { activeWebview, codeLensTitles, goToPosition, openFile, openFromCodeLens, selectColorTheme } from './workbench';

const POLICY = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
            "Action": "kms:*",
            "Resource": "*"
        }
    ]
}
`;

/** What the focused element of the matrix is: its row's id and its text. */
async function focused(matrix: FrameLocator): Promise<{ row: string; text: string; tag: string }> {
  return matrix.locator('body').evaluate((body) => {
    const active = body.ownerDocument.activeElement;
    return { row: active?.closest('tr')?.id ?? '', text: (active?.textContent ?? '').replace(/\s+/g, ' ').trim(), tag: active?.tagName ?? '' };
  });
}

const background = (matrix: FrameLocator): Promise<string> =>
  matrix.locator('body').evaluate((body) => body.ownerDocument.defaultView?.getComputedStyle(body).backgroundColor ?? '');

/** The perceived lightness (0–255) of a CSS rgb() colour. */
function lightness(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
  return 0.299 * r! + 0.587 * g! + 0.114 * b!;
}

describe('the who-can matrix', () => {
  let workbench: Workbench;
  before(async () => {
    workbench = await startWorkbench({
      name: 'who-can-matrix',
      files: { 'named.kms.json': POLICY, 'iam/111122223333.json': JSON.stringify(demoAuthorizationDetails().get('111122223333'), null, 2) },
      settings: { 'kmsKeyPolicy.iam.authorizationFiles': ['iam/111122223333.json'], 'workbench.colorTheme': 'Default Dark Modern' },
    });
  });
  after(() => workbench?.close());

  test('opens from the lens, moves focus with the keyboard, expands a row, filters, and follows the theme', async () => {
    const { page } = workbench;
    await workbench.step('lens counts named principals', async () => {
      await openFile(page, 'named.kms.json');
      await goToPosition(page, 1, 1);
      const lens = page.locator('.codelens-decoration a', { hasText: 'Who can decrypt?' }).first();
      await lens.filter({ hasText: 'roles' }).waitFor({ state: 'visible' });
      const title = (await codeLensTitles(page)).find((t) => t.startsWith('Who can decrypt?'));
      assert.equal(title, 'Who can decrypt? 3 roles, 1 user, 1 account root (1 conditional); 1 more by assuming roles');
    });

    const matrix = activeWebview(page);
    const darkBackground = await workbench.step('matrix in a dark theme', async () => {
      await openFromCodeLens(page, 'Who can decrypt?', 'Who can decrypt — named.kms.json');
      await matrix.locator('table[role="grid"]').waitFor({ state: 'visible' });
      const groups = await matrix.locator('tr.group th').allInnerTexts();
      assert.deepEqual(
        groups.map((g) => g.replace(/\s+/g, ' ').trim()),
        ['Account 111122223333 · account roots (1)', 'Account 111122223333 · users (3)', 'Account 111122223333 · roles (5)'],
      );
      assert.equal(await matrix.locator('.summary').innerText(), 'Answer: 3 roles, 1 user, 1 account root (1 conditional); 1 more by assuming roles.');
      const deploy = matrix.locator('tr.principal', { hasText: 'DeployRole' });
      assert.match((await deploy.locator('td').first().innerText()).trim(), /^✓ Allowed$/);
      const ci = matrix.locator('tr.principal', { hasText: 'ci-runner' });
      assert.match((await ci.locator('td').first().innerText()).replace(/\s+/g, ' ').trim(), /^✕ Denied ↪ via role chain$/);
      const pipeline = matrix.locator('tr.principal', { hasText: 'DataPipelineRole' });
      assert.match((await pipeline.locator('td').first().getAttribute('title')) ?? '', /When:\n {2}StringEquals kms:ViaService "s3.us-east-1.amazonaws.com"/);
      const bg = await background(matrix);
      assert.ok(lightness(bg) < 80, `dark background: ${bg}`);
      return bg;
    });

    await workbench.step('keyboard moves focus across cells and expands a row', async () => {
      const alice = matrix.locator('tr.principal', { hasText: 'alice' });
      await alice.locator('td').first().click();
      let at = await focused(matrix);
      assert.equal(at.tag, 'TD');
      const aliceRow = at.row;
      await page.keyboard.press('ArrowRight');
      at = await focused(matrix);
      assert.equal(at.row, aliceRow);
      assert.equal(at.tag, 'TD');
      await page.keyboard.press('Home');
      at = await focused(matrix);
      assert.equal(at.tag, 'TH');
      assert.match(at.text, /^alice user/);
      await page.keyboard.press('ArrowDown');
      at = await focused(matrix);
      assert.match(at.text, /^local-developer user/);
      await page.keyboard.press('Enter');
      const row = matrix.locator(`tr#${at.row}`);
      assert.equal(await row.getAttribute('aria-expanded'), 'true');
      const details = matrix.locator(`tr#${at.row}-details`);
      await details.waitFor({ state: 'visible' });
      assert.match(await details.innerText(), /arn:aws:iam::111122223333:user\/local-developer/);
      await page.keyboard.press('ArrowDown');
      at = await focused(matrix);
      assert.equal(at.row, `${(await row.getAttribute('id')) ?? ''}-details`);
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press(' ');
      assert.equal(await row.getAttribute('aria-expanded'), 'false');
      await details.waitFor({ state: 'hidden' });
      // The chain is drawn in the expanded row of ci-runner.
      await matrix.locator('tr.principal', { hasText: 'ci-runner' }).locator('th').click();
      await matrix.locator('ol.chain[aria-label="Role chain: ci-runner → DeployRole → kms:Decrypt"]').waitFor({ state: 'visible' });
    });

    await workbench.step('filter narrows the rows', async () => {
      await matrix.locator('#filter').fill('deploy');
      await matrix.locator('#shown', { hasText: '2 of 9 principals' }).waitFor({ state: 'visible' });
      const visible = await matrix.locator('tr.principal:visible .label').allInnerTexts();
      assert.deepEqual(visible, ['ci-runner', 'DeployRole']);
      await matrix.locator('#filter').fill('');
      await matrix.locator('#decision').selectOption('conditional');
      await matrix.locator('#shown', { hasText: '1 of 9 principals' }).waitFor({ state: 'visible' });
      assert.deepEqual(await matrix.locator('tr.principal:visible .label').allInnerTexts(), ['DataPipelineRole']);
      await matrix.locator('#decision').selectOption('');
    });

    await workbench.step('matrix in a light theme', async () => {
      await selectColorTheme(page, 'Light Modern');
      const matrixAgain = activeWebview(page);
      await matrixAgain.locator('table[role="grid"]').waitFor({ state: 'visible' });
      let bg = darkBackground;
      for (let i = 0; i < 50 && lightness(bg) < 128; i++) {
        await page.waitForTimeout(100);
        bg = await background(matrixAgain);
      }
      assert.ok(lightness(bg) > 200, `light background: ${bg} (dark was ${darkBackground})`);
    });
  });
});
