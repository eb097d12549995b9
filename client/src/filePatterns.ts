/**
 * The configurable file patterns (kmsKeyPolicy.filePatterns): documents matching them get the
 * kms-key-policy language even when VS Code's own association made them plain JSON.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './languageClient';

/** Switches matching JSON documents to the key-policy language as they open. */
export function registerFilePatterns(context: vscode.ExtensionContext): void {
  const apply = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== 'json' || doc.uri.scheme !== 'file') return;
    const patterns = vscode.workspace.getConfiguration('kmsKeyPolicy', doc.uri).get<string[]>('filePatterns', []);
    if (patterns.some((pattern) => vscode.languages.match({ pattern }, doc) > 0)) {
      void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    }
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(apply));
  vscode.workspace.textDocuments.forEach(apply);
}
