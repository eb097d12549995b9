// Helpers for the AWS Keys extension-host tests (aws*.test.ts); not a test file itself. The runner starts a seeded
// local KMS endpoint and points the extension at it through the user setting kmsKeyPolicy.aws.endpoint, with fake
// static credentials in code-server's environment (read here through the SDK's default chain, as the extension does).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createAwsSession, isDenied, type AwsSession, type KmsKeySummary } from '../../../client/src/aws';
import type { AwsUi } from '../../../client/src/explorer/awsUi';
import type { AwsExplorerApi } from '../../../client/src/explorer/awsExplorer';
import type { AwsNode, KeyNode, RegionNode, RowNode } from '../../../client/src/explorer/awsKeysTree';
import type { SaveOutcome } from '../../../client/src/livePolicy/saveFlow';
import { extensionUnderTest } from './helpers';

/** The parts of the extension's API these tests use. */
export interface Api {
  readonly aws: AwsExplorerApi;
  readonly reports: { textOf(uri: vscode.Uri): string | undefined };
}

/** The activated extension's API. */
export async function api(): Promise<Api> {
  const ext = extensionUnderTest();
  const exports = (ext.isActive ? ext.exports : await ext.activate()) as Api;
  assert.ok(exports.aws, 'the extension exports its AWS explorer API');
  return exports;
}

/** The endpoint the extension is configured with (the runner's local KMS). */
export function endpoint(): string {
  const url = vscode.workspace.getConfiguration('kmsKeyPolicy.aws').get<string>('endpoint', '');
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'the runner sets kmsKeyPolicy.aws.endpoint to the local KMS endpoint');
  return url;
}

/** A session of the test's own, to look at and change KMS behind the extension's back. */
export function directSession(url = endpoint()): AwsSession {
  return createAwsSession({ endpoint: url, maxAttempts: 1 });
}

/** The Region nodes shown at the top of the view. */
export function regionNodes(a: Api): RegionNode[] {
  return a.aws.keys.getChildren() as RegionNode[];
}

/** The children of a node, as the view asks for them. */
export function childrenOf(a: Api, node: AwsNode): AwsNode[] {
  return a.aws.keys.getChildren(node) as AwsNode[];
}

/** The label of a node's tree item. */
export function labelOf(a: Api, node: AwsNode): string {
  const label = a.aws.keys.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** The shown key with this alias in a Region (listing first when the Region is not listed yet). */
export async function keyByAlias(a: Api, region: string, alias: string): Promise<KeyNode> {
  let node = regionNodes(a).find((r) => r.region === region);
  assert.ok(node, `Region ${region} in the view`);
  if (node.state.status !== 'loaded') await a.aws.keys.refresh([region]);
  node = regionNodes(a).find((r) => r.region === region)!;
  const key = childrenOf(a, node).find((n): n is KeyNode => n.kind === 'key' && !isDenied(n.key.aliases) && n.key.aliases.includes(alias));
  assert.ok(
    key,
    `key ${alias} in ${region}; shown: ${childrenOf(a, node)
      .map((n) => labelOf(a, n))
      .join(', ')}`,
  );
  return key;
}

/** The detail row of a key (or a row) whose id ends with `id`. */
export function rowOf(a: Api, parent: KeyNode | RowNode, id: string): RowNode {
  const rows = childrenOf(a, parent) as RowNode[];
  const row = rows.find((r) => r.row.id === id);
  assert.ok(row, `row ${id} among ${rows.map((r) => r.row.id).join(', ')}`);
  return row;
}

/** One recorded dialog call. */
export interface DialogCall {
  readonly method: keyof AwsUi;
  readonly message: string;
  readonly modal?: boolean;
  readonly detail?: string;
  readonly items: readonly string[];
}

/**
 * Replaces dialogs for one test. Unlisted methods answer "dismissed" (undefined) and are recorded too, so a test
 * never blocks on a real dialog. Returns the recorded calls and a restore function.
 */
export function stubUi(
  a: Api,
  answers: Partial<{
    warning: (message: string, modal: boolean, items: readonly string[]) => string | undefined;
    info: (message: string, items: readonly string[]) => string | undefined;
    input: (options: vscode.InputBoxOptions) => string | undefined;
    pick: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined;
  }>,
): { calls: DialogCall[]; copied: string[]; restore: () => void } {
  const ui = a.aws.ui;
  const saved = { ...ui };
  const calls: DialogCall[] = [];
  const copied: string[] = [];
  ui.showWarningMessage = async (message, options, ...items) => {
    calls.push({ method: 'showWarningMessage', message, modal: options.modal === true, detail: options.detail, items });
    return answers.warning?.(message, options.modal === true, items);
  };
  ui.showInformationMessage = async (message, ...items) => {
    calls.push({ method: 'showInformationMessage', message, items });
    return answers.info?.(message, items);
  };
  ui.showErrorMessage = async (message, ...items) => {
    calls.push({ method: 'showErrorMessage', message, items });
    return undefined;
  };
  ui.showInputBox = async (options) => {
    calls.push({ method: 'showInputBox', message: options.prompt ?? '', items: [] });
    return answers.input?.(options);
  };
  ui.showQuickPick = (async (items: readonly vscode.QuickPickItem[]) => {
    calls.push({ method: 'showQuickPick', message: '', items: items.map((i) => i.label) });
    return answers.pick?.(items);
  }) as AwsUi['showQuickPick'];
  ui.showQuickPickMany = (async () => undefined) as AwsUi['showQuickPickMany'];
  ui.copy = async (text) => {
    copied.push(text);
  };
  return { calls, copied, restore: () => Object.assign(ui, saved) };
}

/** Resolves with the outcome of the next save attempt of `uri`. */
export function nextSaveOutcome(a: Api, uri: vscode.Uri): Promise<SaveOutcome> {
  return new Promise((resolve) => {
    const listener = a.aws.livePolicies.onDidAttemptSave((attempt) => {
      if (attempt.uri.toString() !== uri.toString()) return;
      listener.dispose();
      resolve(attempt.outcome);
    });
  });
}

/** Replaces the whole text of an editor's document. */
export async function replaceAll(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  assert.ok(await editor.edit((edit) => edit.replace(all, text)), 'the edit applied');
}

/** Opens a key's live policy through the view's command. */
export async function openLivePolicy(key: KeyNode): Promise<vscode.TextEditor> {
  const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('kmsKeyPolicy.aws.openPolicy', key);
  assert.ok(editor, `the live policy of ${key.key.id} opened`);
  return editor;
}

/** The listed summary of a key after re-listing its Region. */
export async function relisted(a: Api, key: KeyNode): Promise<KmsKeySummary> {
  await a.aws.keys.refresh([key.parent.region]);
  const summary = a.aws.keys.keyInfo(key.parent.region, key.key.id);
  assert.ok(summary, `${key.key.id} listed again`);
  return summary;
}

/** A policy text: the account root keeps full access, plus the given statements. */
export function policyWith(...statements: object[]): string {
  return `${JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
        ...statements,
      ],
    },
    null,
    2,
  )}\n`;
}

/** Throws away the edits of a live policy and closes its editor, so no dirty document outlives its test. */
export async function revertAndClose(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
