// First UI test: the packaged extension installed in code-server, an example policy opened in the workbench.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { languageDisplayName, startWorkbench } from './harness';
import { activeEditor, openFile, statusBarLanguage } from './workbench';

test('an example policy opens in the workbench with the KMS key policy language', async (t) => {
  const workbench = await startWorkbench({ name: 'open-policy' });
  t.after(() => workbench.close());
  const { page } = workbench;

  await workbench.step('workbench with the examples workspace', async () => {
    const explorer = page.locator('.explorer-folders-view');
    await explorer.locator('.monaco-list-row', { hasText: 'aws-default.kms.json' }).waitFor({ state: 'visible' });
  });

  await workbench.step('aws-default.kms.json open', async () => {
    const editor = await openFile(page, 'aws-default.kms.json');
    await editor.locator('.view-lines', { hasText: 'Enable IAM User Permissions' }).waitFor({ state: 'visible' });
    assert.equal(await statusBarLanguage(page), languageDisplayName(workbench.extensionManifest, 'kms-key-policy'));
    assert.match(await activeEditor(page).locator('.view-lines').innerText(), /"Version":\s*"2012-10-17"/);
  });
});
