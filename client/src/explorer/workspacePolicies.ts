/**
 * The Workspace Key Policies view: every key policy in the workspace with its problem counts and a
 * "who can decrypt" summary from the server. Works with no AWS account at all.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalyzeRequest, type AnalyzeResult, type KeyCheck, type PolicySource } from '../../../shared/protocol';

/** The files the view looks at: JSON policies and templates, and Terraform files. */
export const WORKSPACE_POLICY_FILES = '**/*.{json,yaml,yml,template,tf}';

/** A file that may declare KMS keys (a template or a Terraform file) rather than be a policy. */
const TEMPLATE_FILE = /\.(ya?ml|template|tf|json)$/i;

/** A key policy in the tree: a policy file, or a key of a template (then its parent is the template's item). */
export type PolicyItem = PolicyFileItem | TemplateKeyItem;

/** Problem counts, the three answers and the lockout mark, as a description, a tooltip and an icon. */
function describe(item: vscode.TreeItem, title: string, analysis: Omit<AnalyzeResult, 'keys'>): void {
  const parts = [`${analysis.errors} error${analysis.errors === 1 ? '' : 's'}`, `${analysis.warnings} warning${analysis.warnings === 1 ? '' : 's'}`];
  item.description = `${parts.join(', ')} · decrypt: ${analysis.summary.decrypt}`;
  item.tooltip = new vscode.MarkdownString(
    [
      `**${title}**`,
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
  item.iconPath = new vscode.ThemeIcon(
    analysis.errors > 0 ? 'error' : analysis.warnings > 0 ? 'warning' : 'pass',
    new vscode.ThemeColor(
      analysis.errors > 0 ? 'problemsErrorIcon.foreground' : analysis.warnings > 0 ? 'problemsWarningIcon.foreground' : 'testing.iconPassed',
    ),
  );
}

/** A KMS key declared in a template or Terraform file: its logical id or resource address, and its check. */
export class TemplateKeyItem extends vscode.TreeItem {
  constructor(
    readonly parent: PolicyFileItem,
    readonly check: KeyCheck,
  ) {
    super(check.id, vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'kmsTemplateKey';
    const position = new vscode.Position(check.line, 0);
    this.command = { command: 'vscode.open', title: 'Open', arguments: [parent.uri, { selection: new vscode.Range(position, position) }] };
    describe(this, `${check.id} (${check.type})`, check);
  }
}

/** A policy file in the tree. */
export class PolicyFileItem extends vscode.TreeItem {
  constructor(
    readonly uri: vscode.Uri,
    readonly analysis: AnalyzeResult | undefined,
  ) {
    super(vscode.workspace.asRelativePath(uri), analysis?.keys ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.resourceUri = uri;
    this.contextValue = 'kmsPolicyFile';
    this.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    if (analysis?.keys) {
      this.contextValue = 'kmsTemplateFile';
      this.description = `${analysis.keys.length} KMS key${analysis.keys.length === 1 ? '' : 's'}`;
      this.iconPath = new vscode.ThemeIcon('file-code');
    } else if (analysis) {
      describe(this, this.label as string, analysis);
    } else {
      this.description = 'not analysed';
      this.iconPath = new vscode.ThemeIcon('file');
    }
  }
}

const MAX_FILES = 2000;

/** Finds key-policy files and templates and asks the server to analyse each; a template lists its keys under it. */
export class WorkspacePoliciesProvider implements vscode.TreeDataProvider<PolicyItem> {
  private readonly changed = new vscode.EventEmitter<PolicyItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(item: PolicyItem): vscode.TreeItem {
    return item;
  }

  getParent(item: PolicyItem): PolicyFileItem | undefined {
    return item instanceof TemplateKeyItem ? item.parent : undefined;
  }

  async getChildren(item?: PolicyItem): Promise<PolicyItem[]> {
    if (item) return item instanceof PolicyFileItem ? (item.analysis?.keys ?? []).map((k) => new TemplateKeyItem(item, k)) : [];
    const uris = await findPolicyFiles();
    const items = await Promise.all(uris.map(async (uri) => new PolicyFileItem(uri, await this.analyze(uri))));
    const listed = (i: PolicyFileItem): boolean =>
      i.analysis?.keys ? i.analysis.keys.length > 0 : i.analysis !== undefined || /\.(kms|key-policy)\.json$/.test(i.uri.path);
    return items.filter(listed).sort((a, b) => String(a.label).localeCompare(String(b.label)));
  }

  private async analyze(uri: vscode.Uri): Promise<AnalyzeResult | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > 1_000_000) return undefined;
      const text = new TextDecoder().decode(bytes);
      // Cheap pre-filter for plain .json files and templates; the server decides for real.
      const policy = /\.(kms|key-policy)\.json$/.test(uri.path) || uri.path.includes('/key-policies/') || (/"Statement"/.test(text) && /kms:/i.test(text));
      const template = TEMPLATE_FILE.test(uri.path) && /AWS::KMS::(Key|ReplicaKey)|aws_kms_(key|replica_key)/.test(text);
      if (!policy && !template) return undefined;
      const account = vscode.workspace.getConfiguration('kmsKeyPolicy', uri).get<string>('account') || undefined;
      // The URI tells the server the file's format (a template's name, a .tf file).
      const params: PolicySource = { text, uri: uri.toString(), ...(account ? { account } : {}) };
      return await this.client.sendRequest(AnalyzeRequest, params);
    } catch {
      return undefined;
    }
  }
}

/** Every candidate file: the configured patterns plus JSON, YAML, .template and .tf files (filtered by content). */
async function findPolicyFiles(): Promise<vscode.Uri[]> {
  const patterns = vscode.workspace.getConfiguration('kmsKeyPolicy').get<string[]>('filePatterns', []);
  const exclude = '{**/node_modules/**,**/.git/**,**/.cache/**,**/dist/**,**/out/**}';
  const found = new Map<string, vscode.Uri>();
  for (const pattern of [...patterns, WORKSPACE_POLICY_FILES]) {
    for (const uri of await vscode.workspace.findFiles(pattern, exclude, MAX_FILES)) found.set(uri.toString(), uri);
  }
  return [...found.values()];
}
