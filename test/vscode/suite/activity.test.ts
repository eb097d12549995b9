// Key activity in the real extension against the seeded local KMS endpoint: the Activity row under a key (CloudTrail
// LookupEvents through the SDK, analysed by the language server), the activity report, who did beside who can in the
// live who-can report (and that report without CloudTrail), the tightened policy as a diff that writes nothing to
// KMS, and the offline analysis of the workspace's example trail files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ActivityNode } from '../../../client/src/explorer/activityNode';
import type { ProposalShown } from '../../../client/src/explorer/activityCommands';
import type { ActivityResult } from '../../../shared/protocol';
import { startLocalKms } from '../../../tools/localKms/server';
import { workspaceUri } from './helpers';
import { api, childrenOf, directSession, endpoint, keyByAlias, labelOf, revertAndClose, rowOf } from './awsTestSupport';

const EXAMPLE_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The lines of a Markdown report under `heading`, up to the next heading of that level or above, blank lines left out. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `no ${heading} in:\n${markdown}`);
  const end = lines.findIndex((l, i) => i > start && /^#{1,2} /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => l !== '');
}

/** The cells of the table row whose first cell starts with `label` (and whose second is `second`, when given). */
function rowCells(lines: readonly string[], label: string, second?: string): string[] {
  const rows = lines.filter((l) => l.startsWith('| ')).map((l) => l.slice(2, -2).split(' | '));
  const row = rows.find((cells) => cells[0]!.startsWith(label) && (second === undefined || cells[1] === second));
  assert.ok(row, `no row ${label} ${second ?? ''} in:\n${lines.join('\n')}`);
  return row;
}

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
    assert.match(String(item.description), /^\d+ events · \d+ callers · last 90 days · LookupEvents$/);
    const children = childrenOf(a, row);
    const labels = children.map((n) => labelOf(a, n));
    const app = children.find((n) => labelOf(a, n) === 'role AppServerRole (111122223333)');
    assert.ok(app, `callers: ${labels.join(', ')}`);
    const ops = childrenOf(a, app).map((n) => labelOf(a, n));
    assert.ok(ops.includes('Decrypt') && ops.includes('GenerateDataKey'), ops.join(', '));
    assert.ok(
      labels.some((l) => /^Unused access \(\d+\)$/.test(l)),
      labels.join(', '),
    );
    assert.ok(labels.includes('Denied attempts (9)'), labels.join(', '));
    assert.equal(a.aws.keys.getParent(app), row, 'rows know their parent');
  });

  test('the activity report opens as Markdown: who did, who can vs who did, unused access, denied attempts', async () => {
    const a = await api();
    const appData = await keyByAlias(a, 'us-east-1', 'alias/app-data');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.aws.showActivity', appData);
    const text = a.reports.textOf(uri) ?? '';
    assert.match(text, /^# Activity of alias\/app-data\n/);
    for (const heading of ['## Who did', '## Who can vs who did', '## Unused access', '## Denied attempts'])
      assert.ok(text.includes(`\n${heading}\n`), heading);
    assert.ok(text.includes('role AppServerRole'));
  });

  test('the live who-can report sets who did beside who can: rights used per class, unused access, denied attempts', async () => {
    const a = await api();
    const appData = await keyByAlias(a, 'us-east-1', 'alias/app-data');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.aws.whoCanDecryptLive', appData);
    const text = a.reports.textOf(uri) ?? '';
    // Who can comes first (by name: the endpoint serves the demo account's IAM), then who did by name, then by class.
    const named = text.indexOf('\n## Who can vs who did, by name (kms:Decrypt)\n');
    assert.ok(text.indexOf('AppServerRole') > 0 && text.indexOf('AppServerRole') < named && named < text.indexOf('\n## Who can vs who did\n'), text);
    assert.match(text, /\n\| AppServerRole \| allowed \| [1-9]\d* \| \d{4}-\d\d-\d\dT/);
    assert.match(text, /\n\*\*Unused named access:\*\* .*DeployRole/);
    const join = section(text, '## Who can vs who did');
    assert.match(
      join[0]!,
      /^CloudTrail: \d+ events of this key from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(window: since \d{4}-\d\d-\d\d, until \d{4}-\d\d-\d\d\)\.$/,
    );
    // Each class of the policy: AppServerRole through its key-use statement (not the conditional grant statement).
    const [, , appUsed, appUnused] = rowCells(join, 'role AppServerRole<br>', 'Allow use of the key');
    assert.match(appUsed!, /^`kms:Decrypt` \(\d+, \d{4}-\d\d-\d\d\)<br>/);
    assert.match(appUsed!, /`kms:GenerateDataKey` \(\d+, /);
    assert.match(appUsed!, /`kms:Encrypt` \(\d+, /);
    assert.doesNotMatch(appUnused!, /`kms:Decrypt`/);
    const [, , pipelineUsed] = rowCells(join, 'role DataPipelineRole<br>', 'Allow use of the key');
    assert.match(pipelineUsed!, /^`kms:Decrypt` \(20, \d{4}-\d\d-\d\d\)$/);
    const unused = section(text, '## Unused access');
    assert.ok(
      unused.some((l) => /^- \*\*role DataPipelineRole\*\* \(Allow use of the key\): .*`kms:Encrypt`/.test(l)),
      unused.join('\n'),
    );
    assert.ok(!unused.some((l) => /^- \*\*role DataPipelineRole\*\* \(Allow use of the key\): .*`kms:Decrypt`/.test(l)), 'DataPipelineRole used Decrypt');
    const denied = section(text, '## Denied attempts');
    assert.deepEqual(rowCells(denied, 'role ReportingRole').slice(0, 3), ['role ReportingRole (111122223333)', 'Decrypt', '9']);
    // The sections are the activity report's own.
    const activity = a.reports.textOf(await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.aws.showActivity', appData)) ?? '';
    for (const heading of ['## Unused access', '## Denied attempts']) assert.deepEqual(section(text, heading), section(activity, heading), heading);
    assert.deepEqual(join.slice(1), section(activity, '## Who can vs who did'));
  });

  test('without CloudTrail, the live who-can report still answers who can and says why who did is missing', async () => {
    const a = await api();
    const original = endpoint();
    const denying = await startLocalKms({ seed: true, deny: [{ action: 'cloudtrail:LookupEvents' }] });
    const settings = vscode.workspace.getConfiguration('kmsKeyPolicy.aws');
    try {
      await settings.update('endpoint', denying.url, vscode.ConfigurationTarget.Global);
      await a.aws.keys.refresh();
      const appData = await keyByAlias(a, 'us-east-1', 'alias/app-data');
      const uri = await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.aws.whoCanDecryptLive', appData);
      const text = a.reports.textOf(uri) ?? '';
      assert.ok(text.indexOf('AppServerRole') > 0 && text.indexOf('AppServerRole') < text.indexOf('\n## Who can vs who did\n'), text);
      const join = section(text, '## Who can vs who did');
      assert.match(
        join[0]!,
        /^> ⚠️ \*\*Activity unavailable:\*\* CloudTrail could not be read: AccessDeniedException: User: \S+ is not authorized to perform: cloudtrail:LookupEvents/,
      );
      assert.equal(
        join[2],
        '> The answer above comes from the key policy alone: whether each principal used its rights in the last 90 days, unused access and denied attempts are not shown.',
      );
      assert.ok(!text.includes('## Unused access') && !text.includes('## Denied attempts'));
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.refreshActivity', appData), 'failed', 'the Activity row says so too');
    } finally {
      await settings.update('endpoint', original, vscode.ConfigurationTarget.Global);
      await denying.close();
      await a.aws.keys.refresh();
    }
  });

  test('with CloudTrail Lake and Athena configured: the sources in order, a failing one shown with its reason, which answered and what it cost', async () => {
    const a = await api();
    const settings = vscode.workspace.getConfiguration('kmsKeyPolicy.aws');
    const set = (name: string, value: unknown): Thenable<void> => settings.update(name, value, vscode.ConfigurationTarget.Global);
    try {
      // An event data store the endpoint does not have: Lake fails with AWS's reason, Athena answers.
      await set('cloudTrailLake.eventDataStore', 'EXAMPLE9-0000-0000-0000-000000000000');
      await set('athena.database', 'default');
      await set('athena.table', 'cloudtrail_logs');
      await set('athena.partitions', ['timestamp', 'region', 'account']);
      const appData = await keyByAlias(a, 'us-east-1', 'alias/app-data');
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.refreshActivity', appData), 'loaded');
      const row = rowOf(a, appData, 'activity') as ActivityNode;
      const item = a.aws.keys.getTreeItem(row);
      assert.match(String(item.description), /^\d+ events · \d+ callers · last 90 days · Athena ~\$0\.0001$/);
      const tooltip = String((item.tooltip as vscode.MarkdownString | undefined)?.value ?? item.tooltip);
      assert.match(
        tooltip,
        /Counted by Athena \(primary:default\.cloudtrail_logs\) over \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d; scanned [\d.,]+ MB, about \$0\.00005 \(estimate: \$5 per TB scanned\)\./,
      );
      assert.match(
        tooltip,
        /CloudTrail Lake did not answer: EventDataStoreNotFoundException: The specified event data store EXAMPLE9-0000-0000-0000-000000000000 was not found\./,
      );
      const callers = childrenOf(a, row).map((n) => labelOf(a, n));
      assert.ok(callers.includes('role AppServerRole (111122223333)'), callers.join(', '));
      // The local event data store: Lake answers first.
      await set('cloudTrailLake.eventDataStore', 'EXAMPLE0-f852-4e8f-8bd1-bcf6cEXAMPLE');
      assert.equal(await vscode.commands.executeCommand('kmsKeyPolicy.aws.refreshActivity', appData), 'loaded');
      assert.match(String(a.aws.keys.getTreeItem(row).description), /· Lake$/);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.aws.showActivity', appData);
      assert.match(a.reports.textOf(uri) ?? '', /Counted by CloudTrail Lake \(EXAMPLE0-f852-4e8f-8bd1-bcf6cEXAMPLE\); scanned [\d.,]+ MB\./);
    } finally {
      for (const name of ['cloudTrailLake.eventDataStore', 'athena.database', 'athena.table', 'athena.partitions']) await set(name, undefined);
      await a.aws.keys.refresh();
    }
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

  test("offline: the workspace's trail files and a policy file give the same analysis, and a proposal on the file", async () => {
    const a = await api();
    // The proposal sits unsaved in a workspace file: keep auto save from writing it during the test.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect<string>('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const policy = workspaceUri('console-default.kms.json');
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(policy));
    const out = await vscode.commands.executeCommand<{ report: vscode.Uri; result: ActivityResult; proposal?: ProposalShown }>(
      'kmsKeyPolicy.activityFromTrailFiles',
      {
        trailFiles: [workspaceUri('trails')],
        policy,
        keyArn: EXAMPLE_KEY,
        tighten: true,
      },
    );
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
