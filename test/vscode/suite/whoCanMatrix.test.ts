// The who-can matrix in a real VS Code: a policy's report opens as the matrix panel (principal classes without IAM
// files); "Choose IAM Authorization Files…" points the folder at an authorization-details file, after which the
// lens counts named principals and the report lists them by name, grouped by account and kind, with the role chain
// drawn; a deciding statement revealed in the policy; the live "Who can decrypt (live)" report reads the demo
// account's IAM from the local endpoint and answers by name.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MatrixModel } from '../../../client/src/whoCan/matrixModel';
import { demoAuthorizationDetails } from '../../../tools/localKms/seedIam';
import { api as awsApi, keyByAlias } from './awsTestSupport';
import { extensionUnderTest, openEditor, writeWorkspaceFile } from './helpers';

interface Api {
  readonly reports: {
    textOf(uri: vscode.Uri): string | undefined;
    matrixOf(uri: vscode.Uri): { readonly model: MatrixModel; readonly html: string; readonly panel: vscode.WebviewPanel } | undefined;
  };
}

async function api(): Promise<Api> {
  const ext = extensionUnderTest();
  return (ext.isActive ? ext.exports : await ext.activate()) as Api;
}

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

const rowNames = (model: MatrixModel): string[][] => model.groups.map((g) => [g.label, ...g.rows.map((r) => r.name)]);

async function decryptLensTitle(uri: vscode.Uri, accept: (title: string) => boolean): Promise<string> {
  // Lenses have no change event: ask again until the answer is the one expected (the server reads the IAM files).
  let last = '';
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    last = lenses.find((l) => l.command?.title.startsWith('Who can decrypt?'))?.command?.title ?? '';
    if (accept(last)) return last;
  }
  return assert.fail(`lens title: ${last}`);
}

suite('Who-can matrix', () => {
  teardown(async () => {
    await vscode.workspace
      .getConfiguration('kmsKeyPolicy.iam', vscode.workspace.workspaceFolders?.[0]?.uri)
      .update('authorizationFiles', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('without IAM files the report is the matrix of principal classes', async () => {
    const uri = await writeWorkspaceFile('matrix-classes.kms.json', POLICY);
    await openEditor(uri);
    const report = await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.whoCanDecrypt', uri);
    const shown = (await api()).reports.matrixOf(report);
    assert.ok(shown, 'a matrix panel is open for the report');
    assert.equal(shown.model.named, false);
    assert.deepEqual(rowNames(shown.model), [['Account 111122223333', 'IAM principals of 111122223333', 'IAM principals of 111122223333, by escalation']]);
    assert.ok(shown.model.actions.includes('kms:PutKeyPolicy'), shown.model.actions.join());
    assert.equal(shown.panel.viewType, 'kmsKeyPolicy.whoCanMatrix');
    assert.match(shown.html, /<table role="grid"/);
    assert.match((await api()).reports.textOf(report) ?? '', /^# Who can decrypt/);
  });

  test('with IAM files chosen, the lens counts named principals and the report lists them by name', async () => {
    const details = await writeWorkspaceFile('iam/111122223333.json', JSON.stringify(demoAuthorizationDetails().get('111122223333'), null, 2));
    const uri = await writeWorkspaceFile('matrix-named.kms.json', POLICY);
    await openEditor(uri);
    const written = await vscode.commands.executeCommand<string[]>('kmsKeyPolicy.chooseIamFiles', [details]);
    assert.deepEqual(written, ['iam/111122223333.json']);
    assert.deepEqual(vscode.workspace.getConfiguration('kmsKeyPolicy.iam', uri).get('authorizationFiles'), ['iam/111122223333.json']);

    const title = await decryptLensTitle(uri, (t) => !t.includes('principal class') && t !== '');
    assert.equal(title, 'Who can decrypt? 3 roles, 1 user, 1 account root (1 conditional); 1 more by assuming roles');

    const report = await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.whoCanDecrypt', uri);
    const shown = (await api()).reports.matrixOf(report);
    assert.ok(shown, 'a matrix panel is open for the report');
    assert.equal(shown.model.named, true);
    assert.deepEqual(rowNames(shown.model), [
      ['Account 111122223333 · account roots', 'root (111122223333)'],
      ['Account 111122223333 · users', 'alice', 'local-developer', 'ci-runner'],
      ['Account 111122223333 · roles', 'AppServerRole', 'DataPipelineRole', 'DeployRole', 'KeyAdminRole', 'SandboxRole'],
    ]);
    assert.match(shown.html, /aria-label="Role chain: ci-runner → DeployRole → kms:Decrypt"/);
    assert.match(shown.html, /<li>when StringEquals kms:ViaService &quot;s3.us-east-1.amazonaws.com&quot;<\/li>/);
    assert.ok(shown.panel.visible, 'the panel is visible');
  });

  test('a deciding statement is revealed in the policy', async () => {
    const uri = await writeWorkspaceFile(
      'matrix-reveal.kms.json',
      POLICY.replace(
        '"Statement": [',
        '"Statement": [\n    { "Sid": "First", "Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion", "Resource": "*" },',
      ),
    );
    await openEditor(uri);
    const { revealStatement } = require('../../../client/src/whoCanView') as typeof import('../../../client/src/whoCanView');
    const editor = await revealStatement(uri, 1);
    assert.ok(editor);
    assert.match(editor.document.getText(editor.selection), /^\{\s*"Sid": "Enable IAM User Permissions"/);
  });

  test('the live report reads the key account’s IAM from the endpoint and answers by name', async () => {
    const a = await awsApi();
    const key = await keyByAlias(a, 'us-east-1', 'alias/ci-artifacts');
    const report = await vscode.commands.executeCommand<vscode.Uri>('kmsKeyPolicy.aws.whoCanDecryptLive', key);
    assert.ok(report, 'a report was shown');
    const shown = (await api()).reports.matrixOf(report);
    assert.ok(shown);
    assert.equal(shown.model.named, true, shown.model.notes.join('\n'));
    const names = shown.model.groups.flatMap((g) => g.rows.map((r) => r.name));
    for (const n of ['alice', 'AppServerRole', 'DataPipelineRole', 'DeployRole', 'ci-runner']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    assert.ok(!shown.model.notes.some((n) => n.startsWith('Your credentials may not read IAM')), shown.model.notes.join('\n'));
    assert.match((await api()).reports.textOf(report) ?? '', /ci-runner → DeployRole/);
  });
});
