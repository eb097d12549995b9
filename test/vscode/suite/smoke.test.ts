// Smoke tests: the extension loads from its development path, *.kms.json files get the kms-key-policy
// language, and opening one activates the extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionUnderTest, languageId, openEditor, waitFor, writeWorkspaceFile } from './helpers';

const policy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnableRootAccess",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}
`;

suite('smoke', () => {
  test('the extension under test is loaded with its bundled client as entry point', () => {
    const extension = extensionUnderTest();
    const manifest = extension.packageJSON as { main?: string; name?: string };
    assert.equal(manifest.name, 'kms-key-policy');
    assert.equal(manifest.main, './dist/client.js');
  });

  test('opening a *.kms.json file sets the kms-key-policy language and activates the extension', async () => {
    const uri = await writeWorkspaceFile('smoke-activation.kms.json', policy);
    const editor = await openEditor(uri);
    assert.equal(editor.document.languageId, languageId);
    const extension = extensionUnderTest();
    await waitFor(() => extension.isActive, `${extension.id} to activate`);
    assert.equal(extension.isActive, true);
  });

  test('a plain .json file keeps the json language', async () => {
    const uri = await writeWorkspaceFile('smoke-plain.json', '{ "not": "a key policy" }\n');
    const editor = await openEditor(uri);
    assert.equal(editor.document.languageId, 'json');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
