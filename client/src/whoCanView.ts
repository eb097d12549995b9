/**
 * The who-can report: a read-only Markdown document (scheme `kms-who-can`) rendered in the Markdown
 * preview. A document rather than a webview so it can be read, searched, copied and tested like text.
 */
import * as vscode from 'vscode';
import type { WhoCanReport } from '../../shared/protocol';

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

  /** Stores a report and opens it in the Markdown preview beside the policy. */
  async show(title: string, report: WhoCanReport): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[^\w .-]+/g, '_')}.md` });
    this.reports.set(uri.toString(), report.markdown ?? renderFallback(title, report));
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

/** A plain rendering, used only if the server sent no Markdown. */
function renderFallback(title: string, report: WhoCanReport): string {
  const rows = report.principals.map((p) => `| ${p.principal} | ${p.kind} | ${p.decision} | ${p.conditions.map(String).join('; ')} | ${p.statements.map(String).join(', ')} |`);
  return [`# ${title}`, '', `Actions: ${report.actions.join(', ')}`, '', '| Principal | Kind | Decision | Conditions | Statements |', '|---|---|---|---|---|', ...rows, '', ...(report.notes ?? []).map((n) => `> ${n}`)].join('\n');
}
