// What a user sees in a real VS Code: diagnostics with codes and links, completion, hover, code lenses and
// their who-can report, quick fixes, and the Workspace Key Policies view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionUnderTest, openEditor, waitForDiagnostics, writeWorkspaceFile } from './helpers';

interface Api {
  readonly reports: { textOf(uri: vscode.Uri): string | undefined };
  readonly workspacePolicies: { getChildren(): Promise<{ label?: string | vscode.TreeItemLabel; description?: string | boolean }[]> };
}

const GOOD = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow use of the key",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" },
      "Action": ["kms:Encrypt", "kms:Decrypt"],
      "Resource": "*"
    }
  ]
}
`;

async function api(): Promise<Api> {
  const ext = extensionUnderTest();
  return (ext.isActive ? ext.exports : await ext.activate()) as Api;
}

function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not in the document`);
  return doc.positionAt(at + delta);
}

suite('language features', () => {
  test('a mistake shows a diagnostic with its code, source and rule page', async () => {
    const uri = await writeWorkspaceFile('features-typo.kms.json', GOOD.replace('"kms:Decrypt"', '"kms:Decrpyt"'));
    await openEditor(uri);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => String((x.code as { value: string }).value ?? x.code) === 'KP201'));
    const d = diagnostics.find((x) => (x.code as { value: string }).value === 'KP201')!;
    assert.equal(d.source, 'kms-key-policy');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match((d.code as { target: vscode.Uri }).target.toString(), /docs\/rules\/KP201\.md$/);
    assert.match(d.message, /kms:Decrypt/);
  });

  test('the quick fix for a misspelt action corrects it and the diagnostic goes away', async () => {
    const uri = await writeWorkspaceFile('features-fix.kms.json', GOOD.replace('"kms:Decrypt"', '"kms:Decrpyt"'));
    const editor = await openEditor(uri);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => (x.code as { value: string }).value === 'KP201'));
    const d = diagnostics.find((x) => (x.code as { value: string }).value === 'KP201')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    const fix = actions.find((a) => a.title.includes('kms:Decrypt'));
    assert.ok(fix?.edit, `no fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(editor.document.getText().includes('"kms:Decrypt"'));
    await waitForDiagnostics(uri, (ds) => !ds.some((x) => (x.code as { value: string }).value === 'KP201'));
  });

  test('completion offers kms:Decrypt inside an Action string', async () => {
    const text = GOOD.replace('"kms:Decrypt"', '"kms:De"');
    const uri = await writeWorkspaceFile('features-complete.kms.json', text);
    const editor = await openEditor(uri);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      positionOf(editor.document, '"kms:De"', 7),
    );
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'kms:Decrypt');
    assert.ok(item, 'kms:Decrypt offered');
  });

  test('hover on an action explains it', async () => {
    const uri = await writeWorkspaceFile('features-hover.kms.json', GOOD);
    const editor = await openEditor(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(editor.document, 'kms:Decrypt', 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /kms:Decrypt\*\* — Write/);
  });

  test('code lenses answer who can decrypt, and the lens opens the who-can report', async () => {
    const uri = await writeWorkspaceFile('features-lens.kms.json', GOOD);
    await openEditor(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const decrypt = lenses.find((l) => l.command?.title.startsWith('Who can decrypt?'));
    assert.ok(decrypt?.command, `lenses: ${lenses.map((l) => l.command?.title).join(' | ')}`);
    assert.match(decrypt.command.title, /role App/);
    assert.ok(lenses.some((l) => l.command?.title.startsWith('Allows kms:Encrypt, kms:Decrypt to IAM role App')));
    const reportUri = (await vscode.commands.executeCommand(decrypt.command.command, ...(decrypt.command.arguments ?? []))) as vscode.Uri;
    const text = (await api()).reports.textOf(reportUri) ?? '';
    assert.match(text, /^# Who can decrypt/);
    assert.match(text, /role App/);
    const doc = await vscode.workspace.openTextDocument(reportUri);
    assert.equal(doc.getText(), text);
  });

  test('the Workspace Key Policies view lists the example policies with counts and who can decrypt', async () => {
    // activate() resolves once the language server is running, so one call sees the whole workspace.
    const resolved = await (await api()).workspacePolicies.getChildren();
    const mistakes = resolved.find((i) => String(i.label).includes('mistakes.kms.json'));
    assert.ok(mistakes, resolved.map((i) => i.label).join(', '));
    assert.match(String(mistakes.description), /[1-9]\d* errors?/);
    const console = resolved.find((i) => String(i.label).includes('console-default.kms.json'));
    assert.match(String(console?.description), /0 errors, 0 warnings · decrypt: /);
  });
});
