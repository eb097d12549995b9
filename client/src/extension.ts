/**
 * The VS Code client: a thin shell. It starts the language client, owns the commands the server's code
 * lenses invoke, and hosts the explorer views. All analysis comes from the server; all AWS calls go
 * through client/src/aws.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, type WhoCanQuestion } from '../../shared/protocol';
import { createLanguageClient, LANGUAGE_ID } from './languageClient';
import { registerFilePatterns } from './filePatterns';
import { WhoCanReports, REPORT_SCHEME } from './whoCanView';
import { WorkspacePoliciesProvider, WORKSPACE_POLICY_FILES } from './explorer/workspacePolicies';
import { registerAwsExplorer, type AwsExplorerApi } from './explorer/awsExplorer';
import { chooseIamFiles } from './whoCan/iamFiles';
import { showPolicyWhoCan } from './whoCan/whoCanCommands';

/** What the extension exposes to its tests (and to other extensions). */
export interface KmsKeyPolicyApi {
  readonly client: LanguageClient;
  readonly reports: WhoCanReports;
  readonly workspacePolicies: WorkspacePoliciesProvider;
  /** The AWS Keys view, live policies and the dialogs they use (tests replace `aws.ui` methods). */
  readonly aws: AwsExplorerApi;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KmsKeyPolicyApi> {
  client = createLanguageClient(context);
  const reports = new WhoCanReports();
  context.subscriptions.push(reports, vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports));
  registerFilePatterns(context);

  // `key`: in a template or Terraform file, the key asked about (its lens passes its logical id or address).
  const showWhoCan = async (uri: string | vscode.Uri | undefined, question: WhoCanQuestion, key?: string): Promise<vscode.Uri | undefined> => {
    const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : (uri ?? vscode.window.activeTextEditor?.document.uri);
    if (!target || !client) return undefined;
    return showPolicyWhoCan(client, reports, target, question, key);
  };

  const workspacePolicies = new WorkspacePoliciesProvider(client);
  const tree = vscode.window.createTreeView('kmsKeyPolicy.workspacePolicies', {
    treeDataProvider: workspacePolicies,
    showCollapseAll: false,
  });
  const refreshPolicies = debounce(() => workspacePolicies.refresh(), 500);
  const watcher = vscode.workspace.createFileSystemWatcher(WORKSPACE_POLICY_FILES);
  context.subscriptions.push(
    tree,
    watcher,
    watcher.onDidChange(refreshPolicies),
    watcher.onDidCreate(refreshPolicies),
    watcher.onDidDelete(refreshPolicies),
    vscode.commands.registerCommand(Commands.showWhoCan, (uri?: string, question: WhoCanQuestion = 'decrypt', key?: string) => showWhoCan(uri, question, key)),
    vscode.commands.registerCommand('kmsKeyPolicy.whoCanDecrypt', (uri?: vscode.Uri) => showWhoCan(uri, 'decrypt')),
    vscode.commands.registerCommand('kmsKeyPolicy.whoCanAdminister', (uri?: vscode.Uri) => showWhoCan(uri, 'administer')),
    vscode.commands.registerCommand('kmsKeyPolicy.whoCanCreateGrants', (uri?: vscode.Uri) => showWhoCan(uri, 'grant')),
    vscode.commands.registerCommand('kmsKeyPolicy.chooseIamFiles', (files?: vscode.Uri[], organizationFiles?: vscode.Uri[]) =>
      chooseIamFiles(files, organizationFiles),
    ),
    vscode.commands.registerCommand('kmsKeyPolicy.refreshWorkspacePolicies', () => workspacePolicies.refresh()),
  );

  await client.start();
  const aws = registerAwsExplorer(context, client, reports);
  return { client, reports, workspacePolicies, aws };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function debounce(f: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(f, ms);
  };
}

export { LANGUAGE_ID };
