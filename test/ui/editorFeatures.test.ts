// What a user sees while editing key policies, in one workbench with the packaged extension: an example policy
// opened with the KMS Key Policy language, a mistake listed in the Problems panel, actions offered while typing,
// an action's documentation on hover, and the "Who can decrypt?" lens above a policy opening the who-can report.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { findAction } from '../../server/src/engine/catalog';
import { languageDisplayName, startWorkbench, type Workbench } from './harness';
import {
  acceptCompletion,
  activeEditor,
  activeWebview,
  openFromCodeLens,
  codeLensTitles,
  editorLine,
  goToPosition,
  hidePanel,
  hoverText,
  openFile,
  openProblem,
  problemRow,
  statusBarLanguage,
  typeUntilSuggested,
  waitForSelection,
} from './workbench';

/** A policy to type into; `|` marks where the cursor goes (it is not part of the file). */
const TYPING_POLICY = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Let the app decrypt",
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::111122223333:role/AppServer" },
            "Action": [|],
            "Resource": "*"
        }
    ]
}
`;

/** The 1-based line and column of the `|` marker in `text`, and the text without it. */
function cursorMarker(text: string): { text: string; line: number; column: number } {
  const at = text.indexOf('|');
  const before = text.slice(0, at).split('\n');
  return { text: text.slice(0, at) + text.slice(at + 1), line: before.length, column: before[before.length - 1].length + 1 };
}

/** The 1-based line and column of the first `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  return cursorMarker(text.replace(needle, `|${needle}`));
}

describe('editing key policies', () => {
  const typing = cursorMarker(TYPING_POLICY);
  let workbench: Workbench;

  before(async () => {
    workbench = await startWorkbench({ name: 'editor', files: { 'typing.kms.json': typing.text } });
  });
  after(() => workbench?.close());
  // Each test starts from the editor alone (the Problems test opens the panel it looks at).
  beforeEach(() => hidePanel(workbench.page));

  test('an example policy opens in the workbench with the KMS key policy language', async () => {
    const { page } = workbench;
    await workbench.step('workbench with the examples workspace', async () => {
      const explorer = page.locator('.explorer-folders-view');
      await explorer.locator('.monaco-list-row', { hasText: 'aws-default.kms.json' }).waitFor({ state: 'visible' });
    });
    await workbench.step('aws-default.kms.json open', async () => {
      const editor = await openFile(page, 'aws-default.kms.json');
      await editor.locator('.view-lines', { hasText: 'Enable IAM User Permissions' }).waitFor({ state: 'visible' });
      assert.equal(await statusBarLanguage(page), languageDisplayName(workbench.extensionManifest, 'kms-key-policy'));
      assert.match(await editor.locator('.view-lines').innerText(), /"Version":\s*"2012-10-17"/);
    });
  });

  test('a mistake in an example policy shows in the Problems panel with its rule code', async () => {
    const { page } = workbench;
    await workbench.step('KP201 listed in the Problems panel', async () => {
      await openFile(page, 'mistakes.kms.json');
      const row = await problemRow(page, 'KP201');
      assert.equal(row.severity, 'error');
      assert.match(row.text, /"kms:Decrpyt" is not a KMS action/);
      assert.match(row.text, /Did you mean "kms:Decrypt"\?/);
      assert.match(row.text, /\[Ln 20, Col 17\]/);
      // Clicking the row selects the mistake in the editor: "kms:Decrpyt" with its quotes, 13 characters from column 17.
      await openProblem(page, 'KP201');
      await waitForSelection(page, 'Ln 20, Col 30 (13 selected)');
      await activeEditor(page).locator('.squiggly-error').first().waitFor({ state: 'visible' });
    });
  });

  test('typing "kms:De in an Action list offers kms:Decrypt, and accepting it writes the action', async () => {
    const { page } = workbench;
    await workbench.step('kms:Decrypt offered', async () => {
      await openFile(page, 'typing.kms.json');
      await goToPosition(page, typing.line, typing.column);
      const labels = await typeUntilSuggested(page, '"kms:De', 'kms:Decrypt');
      // The widget filters fuzzily: the actions that start with what was typed come first, kms:Decrypt among them.
      const firstOther = labels.findIndex((label) => !label.startsWith('kms:De'));
      const prefixed = firstOther < 0 ? labels : labels.slice(0, firstOther);
      assert.ok(prefixed.includes('kms:Decrypt'), `kms:Decrypt is not among the kms:De… actions at the top: ${labels.join(', ')}`);
      assert.ok(prefixed.includes('kms:DescribeKey'), labels.join(', '));
    });

    await workbench.step('kms:Decrypt accepted', async () => {
      await acceptCompletion(page, 'kms:Decrypt');
      assert.equal((await editorLine(page, '"Action"')).trim(), '"Action": ["kms:Decrypt"],');
      // The server analyses the edited policy: the statement's lens now names the action.
      await activeEditor(page).locator('.codelens-decoration', { hasText: 'kms:Decrypt to IAM role AppServer' }).waitFor({ state: 'visible' });
    });
  });

  test('hovering an action shows its access level and documentation', async () => {
    const { page } = workbench;
    const decrypt = findAction('Decrypt');
    assert.ok(decrypt, 'the catalog knows kms:Decrypt');
    await workbench.step('kms:Decrypt hover', async () => {
      await openFile(page, 'console-default.kms.json');
      // Bring the line into view (the editor renders only visible lines), then point at the action.
      const at = positionOf(fs.readFileSync(path.join(workbench.workspace, 'console-default.kms.json'), 'utf8'), '"kms:Decrypt"');
      await goToPosition(page, at.line, at.column);
      const hover = await hoverText(page, 'kms:Decrypt');
      assert.match(hover, new RegExp(`^kms:Decrypt — ${decrypt.accessLevel}`));
      assert.ok(hover.includes(decrypt.description), `hover lacks the catalog description:\n${hover}`);
      assert.match(hover, /AWS KMS API Reference/);
    });
  });

  test('"Who can decrypt?" above a policy answers in the lens and opens the who-can report', async () => {
    const { page } = workbench;
    const lens = await workbench.step('Who can decrypt lens', async () => {
      await openFile(page, 'console-default.kms.json');
      await goToPosition(page, 1, 1);
      await activeEditor(page).locator('.codelens-decoration a', { hasText: 'Who can decrypt?' }).waitFor({ state: 'visible' });
      const titles = await codeLensTitles(page);
      const title = titles.find((t) => t.startsWith('Who can decrypt?'));
      assert.ok(title, `no "Who can decrypt?" lens among ${titles.join(' | ')}`);
      assert.ok(
        titles.some((t) => t.startsWith('Who can administer?')),
        titles.join(' | '),
      );
      assert.match(title, /^Who can decrypt\? \d+ principal classes: IAM principals of 111122223333, role AppServer, role BatchJobs/);
      return title;
    });

    await workbench.step('who-can report', async () => {
      await openFromCodeLens(page, 'Who can decrypt?', 'Who can decrypt — console-default.kms.json');
      const report = activeWebview(page);
      await report.locator('h1', { hasText: 'Who can decrypt' }).waitFor({ state: 'visible' });
      const body = (await report.locator('body').innerText()).replace(/\s+/g, ' ');
      // The report gives the lens's answer and the matrix of principal classes; a row expands to the statements that decide it.
      assert.ok(body.includes(`Answer: ${lens.slice('Who can decrypt? '.length)}.`), `report lacks the lens's answer:\n${body}`);
      for (const principal of ['IAM principals of 111122223333', 'AppServer', 'BatchJobs']) {
        assert.ok(body.includes(principal), `report lacks ${principal}`);
      }
      await report.locator('tr.principal', { hasText: 'AppServer' }).locator('th').click();
      const details = report.locator('tr.details:visible');
      await details.waitFor({ state: 'visible' });
      const text = await details.innerText();
      assert.match(text, /arn:aws:iam::111122223333:role\/AppServer/);
      assert.match(text, /Allow use of the key/);
    });
  });
});
