// Key policies where people write them, in the browser workbench with the packaged extension: a CloudFormation
// YAML template and a Terraform file (no Terraform extension installed) each show their mistake in the Problems
// panel, explain an action on hover, and carry the "Who can decrypt?" lens above the key. One screenshot per step.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startWorkbench, type Workbench } from './harness';
import { activeEditor, goToPosition, hidePanel, hoverText, openFile, problemRow, runCommand, statusBarLanguage } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const example = (relative: string): string => fs.readFileSync(path.join(ROOT, 'examples', relative), 'utf8');

/** The examples with one misspelt action each (the workspace copy gets these next to the clean ones). */
const STACK = example('templates/app-stack.yaml').replace('- kms:Decrypt\n', '- kms:Decrytp\n');
const MAIN = example('terraform/main.tf').replace('"kms:Decrypt"', '"kms:Decrytp"');

/** The 1-based line and column of the first `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}

describe('key policies in templates and Terraform files', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await startWorkbench({ name: 'templates', files: { 'templates/stack-typo.yaml': STACK, 'terraform/typo.tf': MAIN } });
  });
  after(() => workbench?.close());
  // Each test starts from no open editor: the Problems panel then lists the one file the test opens.
  beforeEach(async () => {
    await hidePanel(workbench.page);
    await runCommand(workbench.page, 'View: Close All Editors');
  });

  for (const [kind, file, text, language, mistakeAt, action, keyLine, role] of [
    ['CloudFormation YAML', 'templates/stack-typo.yaml', STACK, 'YAML', 'kms:Decrytp', 'kms:GenerateDataKey*', '  DataKey:', 'role AppRole in this template'],
    [
      'Terraform',
      'terraform/typo.tf',
      MAIN,
      'Terraform',
      '"kms:Decrytp"',
      'kms:GenerateDataKey*',
      'resource "aws_kms_key" "app"',
      'role aws_iam_role.app in this configuration',
    ],
  ] as const) {
    test(`${kind}: the mistake in the Problems panel, an action's hover, the who-can lens above the key`, async () => {
      const { page } = workbench;
      await workbench.step(`${kind} opened`, async () => {
        await openFile(page, file);
        assert.equal(await statusBarLanguage(page), language);
      });
      await workbench.step(`${kind} KP201 in the Problems panel`, async () => {
        const row = await problemRow(page, 'KP201');
        assert.equal(row.severity, 'error');
        assert.match(row.text, /"kms:Decrytp" is not a KMS action/);
        const at = positionOf(text, mistakeAt);
        assert.match(row.text, new RegExp(`\\[Ln ${at.line}, Col ${at.column}\\]`));
      });
      await hidePanel(page);
      await workbench.step(`${kind} hover on an action`, async () => {
        const at = positionOf(text, action);
        await goToPosition(page, at.line, at.column);
        const hover = await hoverText(page, 'GenerateDataKey*');
        assert.match(hover, /^kms:GenerateDataKey\* matches \d+ actions/);
      });
      await workbench.step(`${kind} who-can lens above the key`, async () => {
        const at = positionOf(text, keyLine);
        await goToPosition(page, at.line, 1);
        // The lens of this key (the file's other key has its own, further down).
        const lens = activeEditor(page).locator('.codelens-decoration a', {
          hasText: new RegExp(`^Who can decrypt\\? \\d+ principal classes: IAM principals of 111122223333, ${role}`),
        });
        await lens.filter({ visible: true }).first().waitFor({ state: 'visible' });
        // Only the lenses on screen: Monaco keeps the other key's lens, scrolled away, hidden in the DOM.
        const titles = (await activeEditor(page).locator('.codelens-decoration a').filter({ visible: true }).allInnerTexts()).map((t) => t.trim());
        assert.ok(
          titles.some((t) => t.startsWith('Who can administer?')),
          titles.join(' | '),
        );
      });
    });
  }
});
