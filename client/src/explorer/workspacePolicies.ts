/**
 * The Workspace Key Policies view: every key policy in the workspace with its problem counts and a
 * "who can decrypt" summary from the server. Works with no AWS account at all.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalyzeRequest, type AnalyzeResult, type PolicySource } from '../../../shared/protocol';

/** A policy file in the tree. */
export class PolicyFileItem extends vscode.TreeItem {
  constructor(
    readonly uri: vscode.Uri,
    readonly analysis: AnalyzeResult | undefined,
  ) {
    super(vscode.workspace.asRelativePath(uri), vscode.TreeItemCollapsibleState.None);
    this.resourceUri = uri;
    this.contextValue = 'kmsPolicyFile';
    this.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    if (analysis) {
      const parts = [`${analysis.errors} error${analysis.errors === 1 ? '' : 's'}`, `${analysis.warnings} warning${analysis.warnings === 1 ? '' : 's'}`];
      this.description = `${parts.join(', ')} · decrypt: ${analysis.summary.decrypt}`;
      this.tooltip = new vscode.MarkdownString(
        [
          `**${this.label as string}**`,
          '',
          `Errors: ${analysis.errors} · Warnings: ${analysis.warnings} · Info: ${analysis.infos}`,
          '',
          `**Who can decrypt?** ${analysis.summary.decrypt}`,
          '',
          `**Who can administer?** ${analysis.summary.administer}`,
          '',
          `**Who can create grants?** ${analysis.summary.grant}`,
          ...(analysis.lockout ? ['', '$(error) **Lockout:** nobody could change this policy after it is applied.'] : []),
        ].join('\n'),
        true,
      );
      this.iconPath = new vscode.ThemeIcon(
        analysis.errors > 0 ? 'error' : analysis.warnings > 0 ? 'warning' : 'pass',
        new vscode.ThemeColor(
          analysis.errors > 0 ? 'problemsErrorIcon.foreground' : analysis.warnings > 0 ? 'problemsWarningIcon.foreground' : 'testing.iconPassed',
        ),
      );
    } else {
      this.description = 'not analysed';
      this.iconPath = new vscode.ThemeIcon('file');
    }
  }
}

const MAX_FILES = 2000;

/** Finds key-policy files and asks the server to analyse each. */
export class WorkspacePoliciesProvider implements vscode.TreeDataProvider<PolicyFileItem> {
  private readonly changed = new vscode.EventEmitter<PolicyFileItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(item: PolicyFileItem): vscode.TreeItem {
    return item;
  }

  getParent(): undefined {
    return undefined;
  }

  async getChildren(item?: PolicyFileItem): Promise<PolicyFileItem[]> {
    if (item) return [];
    const uris = await findPolicyFiles();
    const items = await Promise.all(uris.map(async (uri) => new PolicyFileItem(uri, await this.analyze(uri))));
    return items
      .filter((i) => i.analysis !== undefined || /\.(kms|key-policy)\.json$/.test(i.uri.path))
      .sort((a, b) => String(a.label).localeCompare(String(b.label)));
  }

  private async analyze(uri: vscode.Uri): Promise<AnalyzeResult | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > 1_000_000) return undefined;
      const text = new TextDecoder().decode(bytes);
      // Cheap pre-filter for plain .json files; the server decides for real.
      if (!/\.(kms|key-policy)\.json$/.test(uri.path) && !uri.path.includes('/key-policies/') && !(/"Statement"/.test(text) && /kms:/i.test(text)))
        return undefined;
      const account = vscode.workspace.getConfiguration('kmsKeyPolicy', uri).get<string>('account') || undefined;
      const params: PolicySource = { text, ...(account ? { account } : {}) };
      return await this.client.sendRequest(AnalyzeRequest, params);
    } catch {
      return undefined;
    }
  }
}

/** Every candidate file: the configured patterns plus JSON files that mention kms: actions. */
async function findPolicyFiles(): Promise<vscode.Uri[]> {
  const patterns = vscode.workspace.getConfiguration('kmsKeyPolicy').get<string[]>('filePatterns', []);
  const exclude = '{**/node_modules/**,**/.git/**,**/.cache/**,**/dist/**,**/out/**}';
  const found = new Map<string, vscode.Uri>();
  for (const pattern of [...patterns, '**/*.json']) {
    for (const uri of await vscode.workspace.findFiles(pattern, exclude, MAX_FILES)) found.set(uri.toString(), uri);
  }
  return [...found.values()];
}
