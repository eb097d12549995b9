/**
 * The who-can report: a read-only Markdown document (scheme `kms-who-can`) rendered in the Markdown
 * preview. A document rather than a webview so it can be read, searched, copied and tested like text.
 */
import * as vscode from 'vscode';

/** The URI scheme of report documents. */
export const REPORT_SCHEME = 'kms-who-can';

/** Holds the reports shown in this window and serves their text. */
export class WhoCanReports implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? '# No report\n\nRun a who-can question again.';
  }

  /** Stores a report (Markdown, as the server renders it) and opens it in the Markdown preview beside the policy. */
  async show(title: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[^\w .-]+/g, '_')}.md` });
    this.reports.set(uri.toString(), markdown);
    this.changed.fire(uri);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    return uri;
  }

  /** The text of a shown report (tests read it). */
  textOf(uri: vscode.Uri): string | undefined {
    return this.reports.get(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
