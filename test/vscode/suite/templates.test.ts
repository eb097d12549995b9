// Key policies where people write them, in a real VS Code: a CloudFormation YAML template and a Terraform file
// (opened with the extension's own `terraform` language, no HashiCorp extension installed) each show their
// mistake as a diagnostic on the exact range, explain an action on hover, complete actions in the file's syntax,
// and carry the who-can lenses above each key, which open that key's report; the Workspace Key Policies view
// lists each template with its keys.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionUnderTest, openEditor, waitForDiagnostics, writeWorkspaceFile } from './helpers';
import { appKeyTemplate } from '../../engine/hosts/samples';

interface Api {
  readonly reports: { textOf(uri: vscode.Uri): string | undefined };
  readonly workspacePolicies: {
    getChildren(item?: unknown): Promise<{ label?: string | vscode.TreeItemLabel; description?: string | boolean }[]>;
  };
}

async function api(): Promise<Api> {
  const ext = extensionUnderTest();
  return (ext.isActive ? ext.exports : await ext.activate()) as Api;
}

const TEMPLATE = appKeyTemplate();

const TERRAFORM = `data "aws_caller_identity" "current" {}

resource "aws_kms_key" "main" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = ["kms:*"]
        Resource  = "*"
      },
      {
        Sid       = "Use"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = ["kms:Decrytp", "kms:Encrypt"]
        Resource  = "*"
      },
    ]
  })
}
`;

const code = (d: vscode.Diagnostic): string => String((d.code as { value?: string }).value ?? d.code);

function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not in the document`);
  return doc.positionAt(at + delta);
}

for (const [kind, file, text, mistake, languageId, keyId] of [
  ['CloudFormation YAML', 'templates/features-stack.yaml', TEMPLATE, 'kms:Decrytp', 'yaml', 'DataKey'],
  ['Terraform', 'terraform/features-main.tf', TERRAFORM, '"kms:Decrytp"', 'terraform', 'aws_kms_key.main'],
] as const) {
  suite(`key policies in a ${kind} file`, () => {
    test('the mistake is a diagnostic on its exact range, in the Problems panel', async () => {
      const uri = await writeWorkspaceFile(file, text);
      const editor = await openEditor(uri);
      assert.equal(editor.document.languageId, languageId);
      const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => code(x) === 'KP201'));
      const d = diagnostics.find((x) => code(x) === 'KP201')!;
      assert.equal(editor.document.getText(d.range), mistake);
      assert.equal(d.source, 'kms-key-policy');
      assert.deepEqual(
        diagnostics.map(code).filter((c) => c !== 'KP201'),
        [],
        'only the key policy is checked',
      );
    });

    test("hover on an action explains it; completion offers actions in the file's syntax", async () => {
      const uri = await writeWorkspaceFile(file, text);
      const editor = await openEditor(uri);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(editor.document, 'kms:Encrypt', 5));
      const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(hoverText, /kms:Encrypt\*\* — Write/);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        positionOf(editor.document, 'kms:Decrytp', 6),
      );
      const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'kms:Decrypt');
      assert.ok(item, 'kms:Decrypt offered');
      const edit = item.textEdit as vscode.TextEdit | undefined;
      assert.equal(edit?.newText, languageId === 'yaml' ? 'kms:Decrypt' : '"kms:Decrypt"');
    });

    test('the who-can lenses stand above the key and open its report', async () => {
      // A file of its own: rewriting the file the earlier tests left open makes VS Code reload it, and a lens
      // resolved across that reload is cancelled (ContentModified).
      const uri = await writeWorkspaceFile(file.replace(/\.(yaml|tf)$/, '-lens.$1'), text.replace('Decrytp', 'Decrypt'));
      const editor = await openEditor(uri);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      const decrypt = lenses.find((l) => l.command?.title.startsWith('Who can decrypt?'));
      assert.ok(decrypt?.command, `lenses: ${lenses.map((l) => l.command?.title).join(' | ')}`);
      assert.equal(decrypt.range.start.line, positionOf(editor.document, languageId === 'yaml' ? 'DataKey:' : 'resource "aws_kms_key"').line);
      assert.match(decrypt.command.title, /IAM principals of 111122223333/);
      assert.equal(decrypt.command.arguments?.[2], keyId);
      const reportUri = (await vscode.commands.executeCommand(decrypt.command.command, ...(decrypt.command.arguments ?? []))) as vscode.Uri;
      const report = (await api()).reports.textOf(reportUri) ?? '';
      assert.match(report, /^# Who can decrypt/);
      assert.ok(report.includes(`Key: \`${keyId}\``), report);
    });
  });
}

suite('templates in the Workspace Key Policies view', () => {
  test('the example template and Terraform file are listed with their keys', async () => {
    const view = (await api()).workspacePolicies;
    const files = await view.getChildren();
    const stack = files.find((i) => String(i.label).endsWith('app-stack.yaml'));
    const main = files.find((i) => String(i.label).endsWith('terraform/main.tf'));
    assert.ok(stack && main, files.map((i) => i.label).join(', '));
    assert.deepEqual(
      (await view.getChildren(stack)).map((k) => k.label),
      ['DataKey', 'LogsKey'],
    );
    assert.deepEqual(
      (await view.getChildren(main)).map((k) => k.label),
      ['aws_kms_key.app', 'aws_kms_key.trail'],
    );
    assert.match(String((await view.getChildren(stack))[0]?.description), /0 errors, 0 warnings · decrypt: /);
  });
});
