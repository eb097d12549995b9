// The extension in an untrusted workspace (Restricted Mode): the language features work on local files, and
// nothing reaches AWS. The runner opens a copy of examples/ that was never trusted, with a user endpoint (a local KMS)
// and, in the workspace's .vscode/settings.json, an endpoint, profile and Regions of the workspace's own (a second
// local KMS). After the run it checks that neither endpoint received a request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { UNTRUSTED_REASON } from '../../../client/src/explorer/awsKeysSession';
import { livePolicyUri } from '../../../client/src/livePolicy/livePolicyFs';
import { stableUuid } from '../../../tools/localKms/model';
import { api, stubUi } from '../suite/awsTestSupport';
import { extensionUnderTest, openEditor, waitForDiagnostics, workspaceFolder, workspaceUri, writeWorkspaceFile } from '../suite/helpers';

/** The seeded demo key alias/app-data (tools/localKms/seed.ts derives ids from names). */
const APP_DATA = stableUuid('local-kms-seed/app-data');

/** The position `delta` characters into the first occurrence of `needle`. */
function positionOf(document: vscode.TextDocument, needle: string, delta: number): vscode.Position {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not in the document`);
  return document.positionAt(at + delta);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

suite('untrusted workspace', () => {
  test('the workspace is not trusted and the extension is active in it', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await api();
    assert.equal(extensionUnderTest().isActive, true);
  });

  test('a mistake in a key policy still gets its diagnostic', async () => {
    const uri = workspaceUri('mistakes.kms.json'); // examples/: "kms:Decrpyt" among other mistakes
    await openEditor(uri);
    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'KP201'));
    assert.match(diagnostics.find((d) => codeOf(d) === 'KP201')!.message, /kms:Decrypt/);
  });

  test('completion, hover and the who-can lens still work on a local file', async () => {
    const example = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('console-default.kms.json')));
    assert.ok(example.includes('"kms:Decrypt"'), 'examples/console-default.kms.json allows kms:Decrypt');
    const uri = await writeWorkspaceFile('untrusted-features.kms.json', example.replace('"kms:Decrypt"', '"kms:De"'));
    const { document } = await openEditor(uri);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, positionOf(document, '"kms:De"', 7));
    assert.ok(
      list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'kms:Decrypt'),
      'kms:Decrypt offered',
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, 'kms:Encrypt', 5));
    assert.match(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /kms:Encrypt/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const decrypt = lenses.find((l) => l.command?.title.startsWith('Who can decrypt?'))?.command;
    assert.ok(decrypt, `lenses: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    const report = (await vscode.commands.executeCommand(decrypt.command, ...(decrypt.arguments ?? []))) as vscode.Uri;
    assert.match((await api()).reports.textOf(report) ?? '', /^# Who can decrypt/);
  });

  test('the offline activity analysis of CloudTrail files in the workspace still runs', async () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const out = await vscode.commands.executeCommand<{ report: vscode.Uri; result: { report: { key: string; counts: { events: number } } } } | undefined>(
      'kmsKeyPolicy.activityFromTrailFiles',
      { trailFiles: [workspaceUri('trails')], policy: null, keyArn: key },
    );
    assert.ok(out, 'the analysis ran');
    assert.equal(out.result.report.key, key);
    assert.ok(out.result.report.counts.events > 0, 'events were read from examples/trails');
    assert.match((await api()).reports.textOf(out.report) ?? '', /^# Activity of /);
  });

  test("the workspace's own AWS endpoint, profile, Regions and IAM files are ignored; its other settings apply", async () => {
    const file = workspaceUri('.vscode/settings.json');
    const own = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, unknown>;
    const ownEndpoint = own['kmsKeyPolicy.aws.endpoint'];
    assert.match(String(ownEndpoint), /^http:\/\/127\.0\.0\.1:\d+$/, 'the runner gives the workspace an endpoint of its own');
    assert.equal(own['kmsKeyPolicy.aws.profile'], 'workspace-profile');
    assert.deepEqual(own['kmsKeyPolicy.aws.regions'], ['eu-north-1']);

    const aws = vscode.workspace.getConfiguration('kmsKeyPolicy.aws', workspaceFolder().uri);
    const userEndpoint = aws.inspect<string>('endpoint')?.globalValue;
    const userRegions = aws.inspect<string[]>('regions')?.globalValue;
    assert.match(String(userEndpoint), /^http:\/\/127\.0\.0\.1:\d+$/, 'the runner sets a user endpoint');
    assert.notEqual(userEndpoint, ownEndpoint);
    assert.equal(aws.get('endpoint'), userEndpoint);
    assert.equal(aws.get('profile'), '');
    assert.deepEqual(aws.get('regions'), userRegions);
    const settings = (await api()).aws.connection.settings();
    assert.deepEqual(
      { endpoint: settings.endpoint, profile: settings.profile, regions: settings.regions },
      { endpoint: userEndpoint, profile: '', regions: userRegions },
    );

    // Nor are the IAM files it names read (they could be any file on the machine).
    assert.deepEqual(own['kmsKeyPolicy.iam.authorizationFiles'], ['/etc/hostname']);
    const iam = vscode.workspace.getConfiguration('kmsKeyPolicy.iam', workspaceFolder().uri);
    assert.deepEqual(iam.get('authorizationFiles'), []);
    assert.deepEqual(iam.get('organizationFiles'), []);

    // Settings outside capabilities.untrustedWorkspaces.restrictedConfigurations still come from the workspace.
    assert.equal(own['kmsKeyPolicy.account'], '111122223333');
    assert.equal(vscode.workspace.getConfiguration('kmsKeyPolicy', workspaceFolder().uri).get('account'), '111122223333');
  });

  test('the AWS Keys view lists nothing, says why, and refreshing it calls nothing', async () => {
    const a = await api();
    assert.equal(a.aws.connection.allowed, false);
    assert.equal(a.aws.view.description, 'AWS calls disabled (untrusted workspace)');
    assert.deepEqual(a.aws.keys.getChildren(), []);
    await a.aws.keys.refresh();
    assert.deepEqual(
      a.aws.keys.regions().map((r) => r.state.status),
      a.aws.keys.regions().map(() => 'idle'),
    );
    assert.throws(
      () => a.aws.connection.require(),
      (e: Error) => e.message === UNTRUSTED_REASON,
    );
  });

  test('every AWS command refuses with the reason before it asks anything', async () => {
    const a = await api();
    const manifest = extensionUnderTest().packageJSON as { contributes: { commands: { command: string }[] } };
    const ids = manifest.contributes.commands.map((c) => c.command).filter((id) => id.startsWith('kmsKeyPolicy.aws.'));
    assert.ok(ids.includes('kmsKeyPolicy.aws.enableKey') && ids.includes('kmsKeyPolicy.aws.proposeTightenedPolicy'), ids.join(', '));
    // A listed-looking key, and dialogs that say yes to everything: a command that did not refuse would go on to AWS.
    const target = { region: 'us-east-1', keyId: APP_DATA, alias: 'alias/app-data', grantId: 'grant-0' };
    const refusal = [`showErrorMessage: ${UNTRUSTED_REASON}`];
    const wrong: string[] = [];
    for (const id of ids) {
      const ui = stubUi(a, {
        warning: (_message, _modal, items) => items[0],
        info: (_message, items) => items[0],
        input: (options) => options.placeHolder ?? (options.value === 'alias/' ? 'alias/from-untrusted' : options.value),
        pick: (items) => items[0],
      });
      try {
        const result: unknown = await vscode.commands.executeCommand(id, target);
        const dialogs = ui.calls.map((c) => `${c.method}: ${c.message}`);
        if (result !== undefined || ui.copied.length > 0 || JSON.stringify(dialogs) !== JSON.stringify(refusal)) {
          wrong.push(`${id} returned ${String(result)}, copied [${ui.copied.join(', ')}], showed [${dialogs.join(' | ')}]`);
        }
      } finally {
        ui.restore();
      }
    }
    // Every command that did not refuse exactly so, at once.
    assert.deepEqual(wrong, []);
  });

  test('a live key policy can be neither read nor written', async () => {
    const uri = livePolicyUri({ region: 'us-east-1', keyId: APP_DATA });
    const untrusted = (e: Error): boolean => e.message.includes('not trusted');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(uri)), untrusted);
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(uri)), untrusted);
    const policy = await vscode.workspace.fs.readFile(workspaceUri('console-default.kms.json'));
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, policy)), untrusted);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
