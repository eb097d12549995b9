/**
 * Showing a tightened policy beside the current one. The proposal is put into the policy's own document as
 * an unsaved edit, and a diff opens between a read-only snapshot of the text before (`kms-policy-current:`)
 * and that document. Nothing is written: for a live policy only its save (the explorer's safe save, with its
 * checks and confirmation) writes to KMS; for a workspace file, only saving the file. Revert discards it.
 */
import * as vscode from 'vscode';

/** The scheme of the read-only "before" side of proposal diffs. */
export const CURRENT_POLICY_SCHEME = 'kms-policy-current';

/** Read-only snapshots of a policy's text before a proposal. */
export class PolicySnapshots implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Stores a snapshot of `text` for a document and returns its URI. */
  add(document: vscode.Uri, text: string): vscode.Uri {
    const name = document.path.split('/').pop() ?? 'policy.json';
    const uri = vscode.Uri.from({
      scheme: CURRENT_POLICY_SCHEME,
      path: `/${document.path.replace(/^\/+/, '')}`,
      query: `snapshot=${++this.count}&of=${encodeURIComponent(name)}`,
    });
    this.texts.set(uri.toString(), text);
    return uri;
  }
}

/** Puts `proposal` into `document` (unsaved) and opens the diff from its current text. Returns the snapshot's URI. */
export async function showProposal(document: vscode.TextDocument, proposal: string, snapshots: PolicySnapshots, title: string): Promise<vscode.Uri> {
  const before = snapshots.add(document.uri, document.getText());
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), proposal);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not put the proposal into ${document.uri.toString()}.`);
  await vscode.commands.executeCommand('vscode.diff', before, document.uri, title, { preview: false });
  return before;
}
