// Key activity in the real extension against the seeded local KMS endpoint: the Activity row under a key (CloudTrail
// LookupEvents through the SDK, analysed by the language server), the activity report, the tightened policy as a
// diff that writes nothing to KMS, and the offline analysis of the workspace's example trail files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ActivityNode } from '../../../client/src/explorer/activityNode';
import type { ProposalShown } from '../../../client/src/explorer/activityCommands';
import type { ActivityResult } from '../../../shared/protocol';
import { workspaceUri } from './helpers';
import { api, childrenOf, directSession, keyByAlias, labelOf, revertAndClose, rowOf } from './awsTestSupport';

const EXAMPLE_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function activeDiff(): vscode.TabInputTextDiff | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff ? input : undefined;
}

suite('Key activity', () => {
  test('the Activity row under a key reads CloudTrail and lists callers, unused access and denied attempts', async () => {
    const a = await api();
    const appData = await keyByAlias(a, 'us-east-1', 'alias/app-data');
    const row = rowOf(a, appData, 'activity') as ActivityNode;
    assert.equal(labelOf(a, row), 'Activity');
    assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.refreshActivity', appData), 'loaded');
    const item = a.aws.keys.getTreeItem(row);
    assert.equal(item.contextValue, 'kmsActivity.loaded');
    assert.match(String(item.description), /^\d+ events · \d+ callers · last 90 days$/);
    const children = childrenOf(a, row);
    const labels = children.map((n) => labelOf(a, n));
    const app = children.find((n) => labelOf(a, n) === 'role AppServerRole (111122223333)');
    assert.ok(app, `callers: ${labels.join(', ')}`);
    const ops = childrenOf(a, app).map((n) => labelOf(a, n));
    assert.ok(ops.includes('Decrypt') && ops.includes('GenerateDataKey'), ops.join(', '));
    assert.ok(labels.some((l) => /^Unused access \(\d+\)$/.test(l)), labels.join(', '));
    assert.ok(labels.includes('Denied attempts (9)'), labels.join(', '));
    assert.equal(a.aws.keys.getParent(app), row, 'rows know their parent');
  });

  test('the activity report opens as Markdown: who did, who can vs who did, unused access, denied attempts', async () => {
    const a = await api();
    const appData = await keyByAlias(a, 'us-east-1', 'alias/app-data');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.aws.showActivity', appData);
    const text = a.reports.textOf(uri) ?? '';
    assert.match(text, /^# Activity of alias\/app-data\n/);
    for (const heading of ['## Who did', '## Who can vs who did', '## Unused access', '## Denied attempts']) assert.ok(text.includes(`\n${heading}\n`), heading);
    assert.ok(text.includes('role AppServerRole'));
  });

  test('a tightened policy opens as a diff beside the current one, unsaved; KMS is not written', async () => {
    const a = await api();
    const appData = await keyByAlias(a, 'us-east-1', 'alias/app-data');
    const deployed = await directSession().getKeyPolicy('us-east-1', appData.key.id);
    const shown = await vscode.commands.executeCommand<ProposalShown>('kmsKeyPolicy.aws.proposeTightenedPolicy', appData);
    assert.ok(shown, 'a proposal was shown');
    const proposal = shown.result.report.proposal!;
    assert.equal(proposal.changed, true);
    assert.equal(proposal.lockout.after, 'ok');
    assert.deepEqual([proposal.lint.errors, proposal.lint.warnings], [0, 0]);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === shown.document.toString())!;
    try {
      assert.equal(document.uri.scheme, 'kms-policy');
      assert.equal(document.isDirty, true);
      assert.equal(document.getText(), proposal.text);
      const diff = activeDiff();
      assert.ok(diff, 'the active tab is a diff');
      assert.equal(diff.original.toString(), shown.before.toString());
      assert.equal(diff.modified.toString(), shown.document.toString());
      assert.equal(await directSession().getKeyPolicy('us-east-1', appData.key.id), deployed, 'nothing written to KMS');
    } finally {
      await revertAndClose(document);
      if (activeDiff()) await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('offline: the workspace\'s trail files and a policy file give the same analysis, and a proposal on the file', async () => {
    const a = await api();
    // The proposal sits unsaved in a workspace file: keep auto save from writing it during the test.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect<string>('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const policy = workspaceUri('console-default.kms.json');
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(policy));
    const out = await vscode.commands.executeCommand<{ report: vscode.Uri; result: ActivityResult; proposal?: ProposalShown }>('kmsKeyPolicy.activityFromTrailFiles', {
      trailFiles: [workspaceUri('trails')], policy, keyArn: EXAMPLE_KEY, tighten: true,
    });
    assert.ok(out, 'the analysis ran');
    assert.equal(out.result.report.counts.events, 171);
    assert.match(a.reports.textOf(out.report) ?? '', /^# Activity of alias\/app-orders\n/);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === policy.toString())!;
    try {
      assert.ok(out.proposal, 'the proposal opened');
      assert.equal(document.isDirty, true);
      assert.equal(document.getText(), out.result.report.proposal!.text);
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(policy)), onDisk, 'the file is not written');
    } finally {
      await revertAndClose(document);
      if (activeDiff()) await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
  });
});
