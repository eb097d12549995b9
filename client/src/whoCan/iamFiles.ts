/**
 * The offline IAM data of a folder: the authorization-details and SCP/RCP files its settings name
 * (kmsKeyPolicy.iam.authorizationFiles, kmsKeyPolicy.iam.organizationFiles), read from disk for the named who-can
 * answer, and the command that sets them. Reading local files the user configured is allowed in untrusted
 * workspaces too: nothing here talks to AWS.
 */
import * as vscode from 'vscode';
import type { IamFileJson } from '../../../shared/protocol';
import { resolveConfiguredPath, settingEntry } from './iamPaths';

/** The IAM data a folder's settings name, read. */
export interface IamFiles {
  readonly iam: readonly IamFileJson[];
  readonly organizations: readonly IamFileJson[];
}

/** The configured entries of one setting, malformed values dropped. */
function entries(resource: vscode.Uri | undefined, name: 'authorizationFiles' | 'organizationFiles'): string[] {
  const value = vscode.workspace.getConfiguration('kmsKeyPolicy.iam', resource).get<unknown>(name, []);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

/** Whether the resource's folder names authorization-details files. */
export function hasIamFiles(resource: vscode.Uri | undefined): boolean {
  return entries(resource, 'authorizationFiles').length > 0;
}

/**
 * Reads the files the settings name for a resource, or undefined when no authorization files are configured.
 * Throws an Error naming the file that cannot be read.
 */
export async function readIamFiles(resource: vscode.Uri | undefined): Promise<IamFiles | undefined> {
  const iam = entries(resource, 'authorizationFiles');
  if (iam.length === 0) return undefined;
  const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  const root = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  const read = async (entry: string): Promise<IamFileJson> => {
    const file = resolveConfiguredPath(root, entry);
    if (file === undefined) throw new Error(`The IAM file "${entry}" is relative, and there is no workspace folder to resolve it against.`);
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(file));
      return { name: entry, text: new TextDecoder().decode(bytes) };
    } catch (error) {
      throw new Error(`Could not read the IAM file "${entry}": ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return { iam: await Promise.all(iam.map(read)), organizations: await Promise.all(entries(resource, 'organizationFiles').map(read)) };
}

/**
 * kmsKeyPolicy.chooseIamFiles: pick authorization-details files (and optionally SCP/RCP files) and write them into
 * the folder's settings. `files` skips the dialog (tests, other commands). Returns the entries written.
 */
export async function chooseIamFiles(files?: readonly vscode.Uri[], organizationFiles?: readonly vscode.Uri[]): Promise<string[] | undefined> {
  const folder = vscode.window.activeTextEditor
    ? (vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri) ?? vscode.workspace.workspaceFolders?.[0])
    : vscode.workspace.workspaceFolders?.[0];
  const chosen =
    files ??
    (await vscode.window.showOpenDialog({
      canSelectMany: true,
      defaultUri: folder?.uri,
      filters: { 'Authorization details (JSON)': ['json'] },
      openLabel: 'Use for who-can',
      title: 'IAM authorization details (aws iam get-account-authorization-details)',
    }));
  if (!chosen || chosen.length === 0) return undefined;
  const root = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  const toEntries = (uris: readonly vscode.Uri[]): string[] => uris.map((u) => settingEntry(root, u.fsPath));
  const config = vscode.workspace.getConfiguration('kmsKeyPolicy.iam', folder?.uri);
  const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
  const written = toEntries(chosen);
  await config.update('authorizationFiles', written, target);
  if (organizationFiles) await config.update('organizationFiles', toEntries(organizationFiles), target);
  void vscode.window.setStatusBarMessage(`Who-can answers now name principals from ${written.join(', ')}`, 5000);
  return written;
}
