// The AWS Keys view against the seeded local KMS endpoint: keys of several Regions, customer managed first, details,
// denied calls shown in place, cancellation, reveal; a live policy opened as a kms-key-policy document the language
// server serves; who can decrypt on the deployed policy; compare with a workspace file.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isDenied } from '../../../client/src/aws';
import type { KeyNode, MessageNode } from '../../../client/src/explorer/awsKeysTree';
import { startLocalKms } from '../../../tools/localKms/server';
import { waitForDiagnostics, workspaceUri } from './helpers';
import { api, childrenOf, directSession, endpoint, keyByAlias, labelOf, regionNodes, rowOf, stubUi } from './awsTestSupport';

/** Resolves after the next change event of the tree. */
function nextTreeChange(a: Awaited<ReturnType<typeof api>>): Promise<void> {
  return new Promise((resolve) => {
    const listener = a.aws.keys.onDidChangeTreeData(() => {
      listener.dispose();
      resolve();
    });
  });
}

async function setAwsSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('kmsKeyPolicy.aws').update(name, value, vscode.ConfigurationTarget.Global);
}

suite('AWS Keys view', () => {
  test('lists the seeded keys of every configured Region, customer managed first, AWS managed hidden', async () => {
    const a = await api();
    await a.aws.keys.refresh();
    const regions = regionNodes(a);
    assert.deepEqual(
      regions.map((r) => r.region),
      ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
    );
    for (const r of regions) assert.equal(r.state.status, 'loaded', `${r.region}: ${JSON.stringify(r.state).slice(0, 300)}`);

    const us = childrenOf(a, regions[0]);
    const usKeys = us.filter((n): n is KeyNode => n.kind === 'key');
    assert.equal(usKeys.length, 15, 'the 15 customer managed keys of us-east-1');
    assert.ok(usKeys.every((k) => !isDenied(k.key.details) && k.key.details.manager === 'CUSTOMER'));
    assert.deepEqual(
      usKeys.slice(0, 3).map((k) => labelOf(a, k)),
      ['alias/app-data', 'alias/byok', 'alias/ci-artifacts'],
    );
    assert.equal(labelOf(a, usKeys[usKeys.length - 1]), usKeys[usKeys.length - 1].key.id, 'the key without an alias comes last, by id');
    const hidden = us.find((n): n is MessageNode => n.kind === 'message' && n.name === 'hidden');
    assert.equal(hidden?.text, '2 AWS managed keys hidden');
    assert.match(String(a.aws.keys.getTreeItem(regions[0]).description), /^15 keys · ≈ \$\d+\.\d\d\/month$/);

    const eu = childrenOf(a, regions[1])
      .filter((n): n is KeyNode => n.kind === 'key')
      .map((k) => labelOf(a, k));
    assert.deepEqual(eu, ['alias/gdpr-customer-data', 'alias/global-orders']);
    const ap = childrenOf(a, regions[2])
      .filter((n): n is KeyNode => n.kind === 'key')
      .map((k) => labelOf(a, k));
    assert.deepEqual(ap, ['alias/backup-vault', 'alias/payments-apse2']);
  });

  test('a key shows aliases, state, spec, origin, multi-Region role, rotation, grants, tags, dates and cost', async () => {
    const a = await api();
    const appData = await keyByAlias(a, 'us-east-1', 'alias/app-data');
    const item = a.aws.keys.getTreeItem(appData);
    assert.equal(item.contextValue, 'kmsKey.customer.enabled.rotation-on');
    assert.equal(item.description, `Enabled · SYMMETRIC_DEFAULT · +1 alias · ${appData.key.id}`);
    assert.equal(rowOf(a, appData, 'aliases').row.label, 'Aliases (2)');
    assert.equal(rowOf(a, appData, 'state').row.label, 'State: Enabled');
    assert.equal(rowOf(a, appData, 'spec').row.description, 'usage ENCRYPT_DECRYPT');
    assert.equal(rowOf(a, appData, 'origin').row.label, 'Origin: AWS_KMS');
    assert.equal(rowOf(a, appData, 'multiRegion').row.label, 'Multi-Region: no (single-Region key)');
    assert.match(rowOf(a, appData, 'rotation').row.description ?? '', /^every 365 days · next \d{4}-\d\d-\d\d$/);
    const grants = rowOf(a, appData, 'grants');
    assert.equal(grants.row.label, 'Grants (1)');
    const grant = childrenOf(a, grants)[0];
    assert.equal(a.aws.keys.getTreeItem(grant).contextValue, 'kmsGrant');
    assert.deepEqual(
      childrenOf(a, grant)
        .map((n) => labelOf(a, n))
        .slice(0, 4),
      [
        'Grantee: arn:aws:iam::111122223333:role/AppServerRole',
        'Operations: Decrypt, Encrypt, GenerateDataKey',
        'Constraints: encryption context includes {Department=Finance}',
        'Retiring principal: arn:aws:iam::111122223333:role/KeyAdminRole',
      ],
    );
    assert.equal(rowOf(a, appData, 'tags').row.label, 'Tags (3)');
    assert.match(rowOf(a, appData, 'created').row.label, /^Created: \d{4}-\d\d-\d\d$/);
    assert.match(rowOf(a, appData, 'cost').row.label, /^Estimated cost: \$[123]\.00\/month$/);
    assert.match(rowOf(a, appData, 'cost').row.tooltip ?? '', /Assumptions/);

    const replica = await keyByAlias(a, 'eu-west-1', 'alias/global-orders');
    assert.equal(rowOf(a, replica, 'multiRegion').row.label, 'Multi-Region: replica');
    const pending = await keyByAlias(a, 'us-east-1', 'alias/retired-project');
    assert.equal(a.aws.keys.getTreeItem(pending).contextValue, 'kmsKey.customer.pendingDeletion.rotation-off');
    assert.match(rowOf(a, pending, 'state').row.description ?? '', /^deleted on \d{4}-\d\d-\d\d \(7-day waiting period\)$/);
  });

  test('reveal finds a key through getParent', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'ap-southeast-2', 'alias/backup-vault');
    assert.equal(a.aws.keys.getParent(key), key.parent);
    await a.aws.view.reveal(key, { select: true, focus: false, expand: false });
    assert.equal(a.aws.view.selection[0], key);
  });

  test('AWS managed keys are listed after the customer managed ones when the setting is on', async () => {
    const a = await api();
    await a.aws.keys.refresh(['us-east-1']);
    const changed = nextTreeChange(a);
    await setAwsSetting('showAwsManagedKeys', true);
    try {
      await changed;
      const keys = childrenOf(a, regionNodes(a)[0])
        .filter((n): n is KeyNode => n.kind === 'key')
        .map((k) => labelOf(a, k));
      assert.equal(keys.length, 17);
      assert.deepEqual(keys.slice(-2), ['alias/aws/ebs', 'alias/aws/s3']);
      // Their policies open read-only: AWS maintains them.
      const s3 = await keyByAlias(a, 'us-east-1', 'alias/aws/s3');
      assert.equal(a.aws.keys.getTreeItem(s3).contextValue, 'kmsKey.aws.enabled.rotation-on');
      const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(`kms-policy:/us-east-1/${s3.key.id}/policy.kms.json`));
      assert.equal(stat.permissions, vscode.FilePermission.Readonly);
    } finally {
      await setAwsSetting('showAwsManagedKeys', undefined);
    }
  });

  test('profiles come from the shared config and credentials files; a profile without credentials fails in place', async () => {
    const a = await api();
    // The runner gives code-server a throwaway HOME, so these files are the test's own.
    const aws = vscode.Uri.file(path.join(os.homedir(), '.aws'));
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(aws, 'config'),
      new TextEncoder().encode(
        '[profile local]\nregion = us-east-1\n\n[profile corp-sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n[profile nocreds]\nregion = eu-west-1\n',
      ),
    );
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(aws, 'credentials'),
      new TextEncoder().encode('[local]\naws_access_key_id = AKIDPROFILETEST00001\naws_secret_access_key = local-secret\n'),
    );
    const pick = (name: string) => stubUi(a, { pick: (items) => items.find((i) => i.label === name) });
    try {
      let ui = pick('local');
      try {
        assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.selectProfile'), 'local');
      } finally {
        ui.restore();
      }
      const offered = ui.calls.find((c) => c.method === 'showQuickPick')?.items ?? [];
      assert.deepEqual(offered, ['Default credential chain', 'corp-sso', 'local', 'nocreds']);
      assert.match(String(a.aws.view.description), /^profile local · http:\/\/127\.0\.0\.1:\d+$/);
      await keyByAlias(a, 'us-east-1', 'alias/app-data');

      ui = pick('nocreds');
      try {
        assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.selectProfile'), 'nocreds');
      } finally {
        ui.restore();
      }
      await a.aws.keys.refresh();
      for (const region of regionNodes(a)) {
        assert.equal(region.state.status, 'failed', region.region);
        const [message] = childrenOf(a, region) as MessageNode[];
        assert.match(message.text, /^Listing failed: .*nocreds/);
      }
    } finally {
      await setAwsSetting('profile', undefined);
      await a.aws.keys.refresh();
    }
    assert.ok(regionNodes(a).every((r) => r.state.status === 'loaded'));
  });

  test('choosing Regions changes the Regions listed', async () => {
    const a = await api();
    const before = a.aws.connection.settings().regions;
    const ui = stubUi(a, {});
    a.aws.ui.showQuickPickMany = (async (items: readonly vscode.QuickPickItem[]) =>
      items.filter((i) => i.label === 'eu-west-1' || i.label === 'ap-southeast-2')) as typeof a.aws.ui.showQuickPickMany;
    try {
      assert.deepEqual(await vscode.commands.executeCommand('kmsKeyPolicy.aws.selectRegions'), ['ap-southeast-2', 'eu-west-1']);
      await a.aws.keys.refresh();
      assert.deepEqual(
        regionNodes(a).map((r) => r.region),
        ['ap-southeast-2', 'eu-west-1'],
      );
      assert.ok(regionNodes(a).every((r) => r.state.status === 'loaded'));
    } finally {
      ui.restore();
      await setAwsSetting('regions', [...before]);
    }
    assert.deepEqual(
      regionNodes(a).map((r) => r.region),
      ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
    );
  });

  test('a listing can be cancelled, and refreshed again', async () => {
    const a = await api();
    const listing = a.aws.keys.refresh();
    a.aws.keys.cancel();
    await listing;
    for (const r of regionNodes(a)) {
      assert.equal(r.state.status, 'cancelled', r.region);
      const [message] = childrenOf(a, r) as MessageNode[];
      assert.equal(message.text, 'Listing cancelled. Refresh to list the keys again.');
    }
    await vscode.commands.executeCommand('kmsKeyPolicy.aws.refresh');
    assert.ok(regionNodes(a).every((r) => r.state.status === 'loaded'));
  });

  test('a key part the user may not read shows the denied call instead of breaking the tree', async () => {
    const a = await api();
    const original = endpoint();
    const denying = await startLocalKms({
      seed: true,
      deny: [{ action: 'kms:ListGrants' }, { action: 'kms:DescribeKey', resource: '*:key/mrk-*' }],
    });
    try {
      await setAwsSetting('endpoint', denying.url);
      await a.aws.keys.refresh();
      const appData = await keyByAlias(a, 'us-east-1', 'alias/app-data');
      const grants = rowOf(a, appData, 'grants');
      assert.equal(grants.row.label, 'Grants: kms:ListGrants denied');
      assert.match(grants.row.description ?? '', /kms:ListGrants/);
      assert.equal(rowOf(a, appData, 'state').row.label, 'State: Enabled', 'the rest of the key is still there');
      const replica = await keyByAlias(a, 'eu-west-1', 'alias/global-orders');
      assert.equal(rowOf(a, replica, 'details').row.label, 'Details: kms:DescribeKey denied');
      assert.match(String(a.aws.keys.getTreeItem(replica).contextValue), /^kmsKey\.unknown\.unknown\.rotation-/);
    } finally {
      await setAwsSetting('endpoint', original);
      await denying.close();
      await a.aws.keys.refresh();
    }
  });

  test('a live policy opens as an editable kms-key-policy document with the deployed text and diagnostics', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/legacy-open');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('kmsKeyPolicy.aws.openPolicy', key);
    const document = editor.document;
    assert.equal(document.uri.scheme, 'kms-policy');
    assert.equal(document.uri.path, `/us-east-1/${key.key.id}/policy.kms.json`);
    assert.equal(document.languageId, 'kms-key-policy');
    const deployed = await directSession().getKeyPolicy('us-east-1', key.key.id);
    assert.deepEqual(JSON.parse(document.getText()), JSON.parse(deployed));
    assert.equal(a.aws.livePolicies.baseline(document.uri), deployed);
    // The language server serves the kms-policy scheme: the public statement of this key is flagged.
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.length > 0);
    assert.ok(diagnostics.every((d) => d.source === 'kms-key-policy'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.ok(symbols && symbols.length > 0, 'document symbols from the server');
  });

  test("who can decrypt (live) runs the simulator on the deployed policy with the key's grants", async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/app-data');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.aws.whoCanDecryptLive', key);
    assert.ok(uri, 'a report was shown');
    const text = a.reports.textOf(uri) ?? '';
    assert.match(uri.path, /^\/Who can decrypt _live_ _ alias_app-data\.md$/);
    assert.match(text, /AppServerRole/);
    assert.match(text, /DataPipelineRole/);
  });

  test('compare with a workspace file opens a diff of the deployed policy and the file', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'us-east-1', 'alias/ci-artifacts');
    const file = workspaceUri('console-default.kms.json');
    const { calls, restore } = stubUi(a, { pick: (items) => items.find((i) => i.label === 'console-default.kms.json') });
    try {
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.compareWithFile', key), true);
    } finally {
      restore();
    }
    assert.ok(calls.some((c) => c.method === 'showQuickPick' && c.items.includes('console-default.kms.json')));
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `a diff is active, got ${tab?.label}`);
    assert.equal(tab.input.original.toString(), `kms-policy:/us-east-1/${key.key.id}/policy.kms.json`);
    assert.equal(tab.input.modified.toString(), file.toString());
  });

  test('copy ARN and copy id', async () => {
    const a = await api();
    const key = await keyByAlias(a, 'eu-west-1', 'alias/gdpr-customer-data');
    const { copied, restore } = stubUi(a, {});
    try {
      await vscode.commands.executeCommand('kmsKeyPolicy.aws.copyArn', key);
      await vscode.commands.executeCommand('kmsKeyPolicy.aws.copyId', key);
    } finally {
      restore();
    }
    assert.deepEqual(copied, [key.key.arn, key.key.id]);
    assert.match(key.key.arn, /^arn:aws:kms:eu-west-1:111122223333:key\//);
  });
});
