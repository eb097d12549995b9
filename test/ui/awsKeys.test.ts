// The AWS Keys view against the local KMS endpoint the runner started with the demo keys (tools/localKms/seed.ts):
// the user expands the view, sees the keys of each Region, and opens a key's live policy in an editor.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { languageDisplayName, startWorkbench } from './harness';
import { activeEditor, clickRowAction, editorText, openView, statusBarLanguage, treeRow, treeRows } from './workbench';

/** The customer managed demo keys of us-east-1 as the view orders them: by alias; the key without one last, by id. */
const US_EAST_1_KEYS = [
  'alias/app-data',
  'alias/byok',
  'alias/ci-artifacts',
  'alias/cloudtrail-logs',
  'alias/code-signing',
  'alias/ebs-volumes',
  'alias/global-orders',
  'alias/hmac-tokens',
  'alias/legacy-open',
  'alias/old-reports',
  'alias/partner-shared',
  'alias/rds-orders',
  'alias/retired-project',
  'alias/secrets-app',
];
/** The demo keys of eu-west-1: a customer managed key and the replica of the multi-Region key. */
const EU_WEST_1_KEYS = ['alias/gdpr-customer-data', 'alias/global-orders'];
const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('the AWS Keys view lists the demo keys of the local endpoint and opens a key policy', async (t) => {
  const workbench = await startWorkbench({ name: 'aws-keys', localKms: { regions: ['us-east-1', 'eu-west-1'] } });
  t.after(() => workbench.close());
  const { page } = workbench;

  const { view, appDataId } = await workbench.step('AWS Keys view with the demo keys', async () => {
    const view = await openView(page, 'KMS', 'AWS Keys');
    // Listing starts when the view first shows; a listed Region says how many keys it has.
    await view
      .locator('.monaco-list-row .label-description', { hasText: /^\d+ keys? · ≈/ })
      .nth(1)
      .waitFor({ state: 'visible' });
    const rows = await treeRows(view);
    const labels = rows.map((row) => row.label);

    const us = labels.indexOf('us-east-1');
    const eu = labels.indexOf('eu-west-1');
    assert.ok(us >= 0 && eu > us, `Region rows missing or out of order: ${labels.join(', ')}`);
    assert.match(rows[us].description, /^15 keys · ≈ \$\d+\.\d\d\/month$/);
    const usRows = labels.slice(us + 1, eu);
    assert.deepEqual(usRows.slice(0, US_EAST_1_KEYS.length), US_EAST_1_KEYS);
    assert.match(usRows[US_EAST_1_KEYS.length], KEY_ID, 'the key without an alias comes last, by id');
    assert.equal(usRows[US_EAST_1_KEYS.length + 1], '2 AWS managed keys hidden');
    assert.match(usRows[US_EAST_1_KEYS.length + 2], /^Estimated cost: \$\d+\.\d\d\/month$/);

    assert.match(rows[eu].description, /^2 keys · /);
    assert.deepEqual(labels.slice(eu + 1, eu + 1 + EU_WEST_1_KEYS.length), EU_WEST_1_KEYS);
    // Each key row says its state and spec, and its id after the alias.
    const appData = /^Enabled · SYMMETRIC_DEFAULT · \+1 alias · ([0-9a-f-]{36})$/.exec(rows[us + 1].description);
    assert.ok(appData, `alias/app-data row: ${rows[us + 1].description}`);
    return { view, appDataId: appData[1] };
  });

  await workbench.step('alias/app-data key policy open', async () => {
    await clickRowAction(await treeRow(view, 'alias/app-data'), 'Open Key Policy');
    await page.locator('.tabs-container .tab.active', { hasText: 'policy.kms.json' }).waitFor({ state: 'visible' });
    await activeEditor(page).locator('.view-lines', { hasText: 'Allow access for Key Administrators' }).waitFor({ state: 'visible' });
    // The editor is the live policy of the key that was clicked: its Region and id are in the breadcrumbs.
    const breadcrumbs = (await page.locator('.editor-group-container.active .breadcrumbs-control').innerText()).replace(/\s+/g, ' ');
    assert.ok(breadcrumbs.includes(`us-east-1 ${appDataId}`), `breadcrumbs: ${breadcrumbs}`);
    // The policy KMS returned for alias/app-data: the console's default shape, starting with its administrators.
    const text = await editorText(page);
    assert.match(text, /"Id": "key-consolepolicy-3"/);
    assert.match(text, /"Sid": "Enable IAM User Permissions"/);
    assert.match(text, /"Sid": "Allow access for Key Administrators"/);
    assert.match(text, /"arn:aws:iam::111122223333:user\/alice"/);
    assert.match(text, /"arn:aws:iam::111122223333:role\/KeyAdminRole"/);
    // It is a key policy document the language server serves: the who-can lens answers above it.
    assert.equal(await statusBarLanguage(page), languageDisplayName(workbench.extensionManifest, 'kms-key-policy'));
    await activeEditor(page).locator('.codelens-decoration a', { hasText: 'Who can decrypt?' }).waitFor({ state: 'visible' });
  });
});
