/**
 * Reports the extension shows. Who-can reports open as the matrix (a webview panel beside the policy, rendered by
 * whoCan/matrixHtml.ts); their Markdown stays behind a `kms-who-can` URI so "Copy as Markdown" and the tests read
 * it as text. Other reports (the activity report) are read-only Markdown documents in the Markdown preview.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { matrixHtml } from './whoCan/matrixHtml';
import type { MatrixModel } from './whoCan/matrixModel';

/** The URI scheme of report documents. */
export const REPORT_SCHEME = 'kms-who-can';

/** The webview panels' type. */
export const MATRIX_VIEW_TYPE = 'kmsKeyPolicy.whoCanMatrix';

/** A shown matrix: its model, the HTML last rendered and its panel. */
export interface ShownMatrix {
  readonly model: MatrixModel;
  readonly html: string;
  readonly panel: vscode.WebviewPanel;
  /** The policy the statements are revealed in. */
  readonly policy?: vscode.Uri;
}

/** Messages the matrix page posts. */
type MatrixMessage = { readonly type: 'copy' } | { readonly type: 'reveal'; readonly statement: number };

/** Holds the reports shown in this window and serves their text. */
export class WhoCanReports implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly matrices = new Map<string, ShownMatrix>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? '# No report\n\nRun a who-can question again.';
  }

  private store(title: string, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[^\w .-]+/g, '_')}.md` });
    this.reports.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  /** Stores a report (Markdown, as the server renders it) and opens it in the Markdown preview beside the policy. */
  async show(title: string, markdown: string): Promise<vscode.Uri> {
    const uri = this.store(title, markdown);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    return uri;
  }

  /**
   * Shows a who-can answer as the matrix, beside the policy (`policy`: where its statements are revealed). A report
   * of the same title reuses its panel. Returns the URI of the report's Markdown.
   */
  showMatrix(model: MatrixModel, policy?: vscode.Uri): vscode.Uri {
    const uri = this.store(model.title, model.markdown);
    const key = uri.toString();
    let panel = this.matrices.get(key)?.panel;
    if (panel === undefined) {
      panel = vscode.window.createWebviewPanel(
        MATRIX_VIEW_TYPE,
        model.title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        {
          enableScripts: true,
          enableFindWidget: true,
          retainContextWhenHidden: false,
          localResourceRoots: [],
        },
      );
      const created = panel;
      created.onDidDispose(() => {
        if (this.matrices.get(key)?.panel === created) this.matrices.delete(key);
      });
      created.webview.onDidReceiveMessage((m: MatrixMessage) => void this.onMessage(key, m));
    } else panel.reveal(vscode.ViewColumn.Beside, false);
    const html = matrixHtml(model, { nonce: randomBytes(16).toString('base64url'), cspSource: panel.webview.cspSource });
    panel.title = model.title;
    panel.webview.html = html;
    this.matrices.set(key, { model, html, panel, ...(policy ? { policy } : {}) });
    return uri;
  }

  private async onMessage(key: string, message: MatrixMessage): Promise<void> {
    const shown = this.matrices.get(key);
    if (!shown) return;
    if (message.type === 'copy') {
      await vscode.env.clipboard.writeText(shown.model.markdown);
      void vscode.window.setStatusBarMessage('Who-can report copied as Markdown', 3000);
    } else if (message.type === 'reveal' && Number.isInteger(message.statement) && shown.policy) {
      await revealStatement(shown.policy, message.statement);
    }
  }

  /** The text of a shown report (tests read it). */
  textOf(uri: vscode.Uri): string | undefined {
    return this.reports.get(uri.toString());
  }

  /** The matrix shown for a report, while its panel is open (tests read it). */
  matrixOf(uri: vscode.Uri): ShownMatrix | undefined {
    return this.matrices.get(uri.toString());
  }

  dispose(): void {
    for (const m of this.matrices.values()) m.panel.dispose();
    this.changed.dispose();
  }
}

/**
 * Opens the policy with its statement `index` (0-based) selected, found through the document's outline (the
 * server's symbols: a "Statement" symbol whose children are the statements in order).
 */
export async function revealStatement(policy: vscode.Uri, index: number): Promise<vscode.TextEditor | undefined> {
  const document = await vscode.workspace.openTextDocument(policy);
  const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', policy)) ?? [];
  const statement = symbols.find((s) => s.name === 'Statement')?.children[index];
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  if (statement) {
    editor.selection = new vscode.Selection(statement.range.start, statement.range.end);
    editor.revealRange(statement.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return editor;
}
