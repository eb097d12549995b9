/**
 * The AWS Keys tree: Regions, their keys (customer managed first), and each key's details. Listing
 * pages through every key (client/src/aws does the calls), reports progress in a cancellable
 * notification and on the Region rows, and keeps the parts of a key that could not be read as rows
 * naming the denied call. Every node knows its parent, so `TreeView.reveal` works.
 */
import * as vscode from 'vscode';
import { estimateMonthlyCost, isAbortError, type CostEstimate, type KeyCost, type KmsKeySummary, type ListProgress } from '../aws';
import { keyContextValue, keyDescription, keyDetailRows, keyIcon, keyTitle, keyTooltip, orderKeys, type DetailRow } from './awsKeysModel';
import type { AwsConnection } from './awsKeysSession';

/** The listing state of one Region. */
export type RegionState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly progress?: ListProgress }
  | { readonly status: 'loaded'; readonly keys: readonly KmsKeySummary[]; readonly cost: CostEstimate }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'cancelled' };

/** A Region row. */
export class RegionNode {
  readonly kind = 'region';
  readonly parent = undefined;
  state: RegionState = { status: 'idle' };
  /** Key nodes of the last listing, built once per listing so reveal finds the same objects. */
  keyNodes: KeyNode[] = [];
  generation = 0;
  controller: AbortController | undefined;
  constructor(readonly region: string) {}
  get id(): string {
    return `region:${this.region}`;
  }
}

/** Rows other parts of the extension add under every key (the Activity row); see AwsKeysProvider.extraKeyRows. */
export type KeyRowSource = (key: KeyNode) => RowNode[];

/** A key row. */
export class KeyNode {
  readonly kind = 'key';
  private rows: RowNode[] | undefined;
  constructor(
    readonly parent: RegionNode,
    readonly key: KmsKeySummary,
    readonly cost: KeyCost | undefined,
    readonly assumptions: readonly string[],
    private readonly extraRows?: KeyRowSource,
  ) {}
  get id(): string {
    return `${this.parent.region}/${this.key.id}`;
  }
  /** The detail rows (built once). */
  children(): RowNode[] {
    this.rows ??= [...keyDetailRows(this.key, this.cost, this.assumptions).map((row) => new RowNode(this, row, this)), ...(this.extraRows?.(this) ?? [])];
    return this.rows;
  }
}

/** A detail row (under a key, a group row, or a Region for its cost). */
export class RowNode {
  readonly kind = 'row';
  private rows: RowNode[] | undefined;
  constructor(
    readonly parent: KeyNode | RowNode | RegionNode,
    readonly row: DetailRow,
    readonly owner: KeyNode | undefined,
  ) {}
  get id(): string {
    return `${this.parent.id}/${this.row.id}`;
  }
  children(): RowNode[] {
    this.rows ??= (this.row.children ?? []).map((row) => new RowNode(this, row, this.owner));
    return this.rows;
  }
}

/** A message row under a Region: listing, failed, cancelled, empty, hidden keys. */
export class MessageNode {
  readonly kind = 'message';
  constructor(
    readonly parent: RegionNode,
    readonly name: string,
    readonly text: string,
    readonly icon: string,
    readonly tooltip?: string,
  ) {}
  get id(): string {
    return `${this.parent.id}/message:${this.name}`;
  }
}

/** Any node of the tree. */
export type AwsNode = RegionNode | KeyNode | RowNode | MessageNode;

const PROGRESS_EVENT_MS = 200;

/** The data provider of `kmsKeyPolicy.awsKeys`. */
export class AwsKeysProvider implements vscode.TreeDataProvider<AwsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AwsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly regionNodes = new Map<string, RegionNode>();
  private readonly listed = new vscode.EventEmitter<string>();
  /** Fires with the Region's name each time a Region's listing ends (loaded, failed or cancelled). */
  readonly onDidFinishListing = this.listed.event;

  /** Rows added under every key by other parts of the extension (set once, before the first listing). */
  extraKeyRows: KeyRowSource | undefined;

  constructor(private readonly connection: AwsConnection) {}

  /** Re-renders one node (a row whose content changed) and its children. */
  refreshNode(node: AwsNode): void {
    this.changed.fire(node);
  }

  dispose(): void {
    this.cancel();
    this.changed.dispose();
    this.listed.dispose();
  }

  /** Re-renders without listing again (e.g. after the AWS managed keys setting changed). */
  rerender(): void {
    for (const node of this.regionNodes.values()) node.keyNodes = this.keyNodesOf(node);
    this.changed.fire(undefined);
  }

  /** The Region nodes of the configured Regions, reusing existing ones. */
  regions(): RegionNode[] {
    const wanted = this.connection.settings().regions;
    for (const [region, node] of this.regionNodes) {
      if (!wanted.includes(region)) {
        node.controller?.abort();
        this.regionNodes.delete(region);
      }
    }
    return wanted.map((region) => {
      let node = this.regionNodes.get(region);
      if (node === undefined) {
        node = new RegionNode(region);
        this.regionNodes.set(region, node);
      }
      return node;
    });
  }

  /** Cancels every listing in progress. */
  cancel(): void {
    for (const node of this.regionNodes.values()) node.controller?.abort();
  }

  /**
   * Lists the given Regions again (all configured Regions by default), cancelling listings of those
   * Regions still running. Resolves when every one has finished; failures show on the Region rows.
   * Progress shows in a cancellable notification, or with `quiet` (a re-list after an action) on the view.
   */
  async refresh(regions?: readonly string[], options: { quiet?: boolean } = {}): Promise<void> {
    const nodes = this.regions().filter((n) => regions === undefined || regions.includes(n.region));
    if (!this.connection.allowed) {
      this.changed.fire(undefined);
      return;
    }
    const runs = nodes.map((node) => {
      node.controller?.abort();
      node.controller = new AbortController();
      node.generation++;
      node.state = { status: 'loading' };
      node.keyNodes = [];
      return { node, generation: node.generation, signal: node.controller.signal };
    });
    this.changed.fire(undefined);
    if (runs.length === 0) return;
    await vscode.window.withProgress(
      options.quiet
        ? { location: { viewId: 'kmsKeyPolicy.awsKeys' }, title: 'Listing KMS keys' }
        : { location: vscode.ProgressLocation.Notification, title: 'Listing KMS keys', cancellable: true },
      async (progress, token) => {
        const cancel = token.onCancellationRequested(() => runs.forEach((r) => r.node.controller?.abort()));
        const lines = new Map<string, string>();
        const report = (region: string, text: string): void => {
          lines.set(region, text);
          progress.report({ message: [...lines].map(([r, t]) => `${r}: ${t}`).join(' · ') });
        };
        try {
          await Promise.all(runs.map((run) => this.listRegion(run.node, run.generation, run.signal, report)));
        } finally {
          cancel.dispose();
        }
      },
    );
  }

  private async listRegion(node: RegionNode, generation: number, signal: AbortSignal, report: (region: string, text: string) => void): Promise<void> {
    const current = (): boolean => node.generation === generation && this.regionNodes.get(node.region) === node;
    let lastEvent = 0;
    try {
      const session = this.connection.require();
      report(node.region, 'listing keys…');
      const keys = await session.listKeys(node.region, {
        signal,
        onProgress: (p) => {
          if (!current()) return;
          node.state = { status: 'loading', progress: p };
          report(node.region, p.phase === 'keys' ? `${p.done} keys found` : `${p.done} of ${p.total ?? '?'} keys read`);
          const now = Date.now();
          if (now - lastEvent >= PROGRESS_EVENT_MS || p.done === p.total) {
            lastEvent = now;
            this.changed.fire(node);
          }
        },
      });
      if (!current()) return;
      node.state = { status: 'loaded', keys, cost: estimateMonthlyCost(keys) };
      report(node.region, `${keys.length} keys`);
    } catch (error) {
      if (!current()) return;
      if (signal.aborted || isAbortError(error)) {
        node.state = { status: 'cancelled' };
        report(node.region, 'cancelled');
      } else {
        node.state = { status: 'failed', error: errorText(error) };
        report(node.region, 'failed');
      }
    }
    node.controller = undefined;
    node.keyNodes = this.keyNodesOf(node);
    this.changed.fire(node);
    this.listed.fire(node.region);
  }

  private keyNodesOf(node: RegionNode): KeyNode[] {
    if (node.state.status !== 'loaded') return [];
    const { cost } = node.state;
    const costs = new Map(cost.keys.map((k) => [k.arn, k]));
    return orderKeys(node.state.keys, this.connection.settings().showAwsManagedKeys).keys.map(
      (key) => new KeyNode(node, key, costs.get(key.arn), cost.assumptions, (k) => this.extraKeyRows?.(k) ?? []),
    );
  }

  /** The listed key with this Region and id (AWS managed keys included), if listed. */
  keyInfo(region: string, keyId: string): KmsKeySummary | undefined {
    const state = this.regionNodes.get(region)?.state;
    return state?.status === 'loaded' ? state.keys.find((k) => k.id === keyId || k.arn === keyId) : undefined;
  }

  /** The node of a shown key, for reveal. */
  findKey(region: string, keyId: string): KeyNode | undefined {
    return this.regionNodes.get(region)?.keyNodes.find((n) => n.key.id === keyId);
  }

  getParent(node: AwsNode): AwsNode | undefined {
    return node.parent;
  }

  getChildren(node?: AwsNode): AwsNode[] {
    if (node === undefined) {
      // Untrusted: no rows, so the view's welcome text explains why.
      if (!this.connection.allowed) return [];
      const regions = this.regions();
      const idle = regions.filter((r) => r.state.status === 'idle').map((r) => r.region);
      if (idle.length > 0) void this.refresh(idle);
      return regions;
    }
    switch (node.kind) {
      case 'region':
        return this.regionChildren(node);
      case 'key':
      case 'row':
        return node.children();
      default:
        return [];
    }
  }

  private regionChildren(node: RegionNode): AwsNode[] {
    const s = node.state;
    switch (s.status) {
      case 'idle':
      case 'loading':
        return [new MessageNode(node, 'loading', progressText(s.status === 'loading' ? s.progress : undefined), 'loading~spin')];
      case 'failed':
        return [new MessageNode(node, 'failed', `Listing failed: ${s.error}`, 'error', s.error)];
      case 'cancelled':
        return [new MessageNode(node, 'cancelled', 'Listing cancelled. Refresh to list the keys again.', 'debug-stop')];
      case 'loaded': {
        const { hiddenAwsManaged } = orderKeys(s.keys, this.connection.settings().showAwsManagedKeys);
        const out: AwsNode[] = [...node.keyNodes];
        if (s.keys.length === 0) out.push(new MessageNode(node, 'empty', 'No keys in this Region.', 'info'));
        if (hiddenAwsManaged > 0) {
          out.push(
            new MessageNode(
              node,
              'hidden',
              `${hiddenAwsManaged} AWS managed key${hiddenAwsManaged === 1 ? '' : 's'} hidden`,
              'eye-closed',
              'Turn on the setting `kmsKeyPolicy.aws.showAwsManagedKeys` to list AWS managed keys (alias/aws/*).',
            ),
          );
        }
        if (s.keys.length > 0) out.push(new RowNode(node, regionCostRow(s.cost), undefined));
        return out;
      }
    }
  }

  getTreeItem(node: AwsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'region':
        return regionItem(node, this.connection.settings().showAwsManagedKeys);
      case 'key': {
        const item = new vscode.TreeItem(keyTitle(node.key), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = keyDescription(node.key);
        item.tooltip = markdown(keyTooltip(node.key, node.cost));
        item.iconPath = new vscode.ThemeIcon(keyIcon(node.key));
        item.contextValue = keyContextValue(node.key);
        return item;
      }
      case 'row': {
        const { row } = node;
        const item = new vscode.TreeItem(
          row.label,
          row.children && row.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        if (row.description) item.description = row.description;
        if (row.tooltip) item.tooltip = markdown(row.tooltip);
        if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon);
        if (row.contextValue) item.contextValue = row.contextValue;
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.tooltip) item.tooltip = markdown(node.tooltip);
        item.contextValue = 'kmsMessage';
        return item;
      }
    }
  }
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, true);
  md.isTrusted = false;
  return md;
}

function progressText(p: ListProgress | undefined): string {
  if (p === undefined) return 'Listing keys…';
  return p.phase === 'keys' ? `Listing keys… ${p.done} found` : `Reading key details… ${p.done} of ${p.total ?? '?'}`;
}

function regionItem(node: RegionNode, showAwsManaged: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(node.region, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.contextValue = 'kmsRegion';
  const s = node.state;
  switch (s.status) {
    case 'idle':
    case 'loading':
      item.description = 'listing…';
      item.iconPath = new vscode.ThemeIcon('loading~spin');
      break;
    case 'failed':
      item.description = 'listing failed';
      item.tooltip = s.error;
      item.iconPath = new vscode.ThemeIcon('error');
      break;
    case 'cancelled':
      item.description = 'listing cancelled';
      item.iconPath = new vscode.ThemeIcon('debug-stop');
      break;
    case 'loaded': {
      const shown = orderKeys(s.keys, showAwsManaged).keys.length;
      item.description = `${shown} key${shown === 1 ? '' : 's'} · ≈ $${s.cost.totalUsdPerMonth.toFixed(2)}/month`;
      item.iconPath = new vscode.ThemeIcon('globe');
      break;
    }
  }
  return item;
}

function regionCostRow(cost: CostEstimate): DetailRow {
  return {
    id: 'cost',
    label: `Estimated cost: $${cost.totalUsdPerMonth.toFixed(2)}/month`,
    description: 'keys and rotations; requests not included',
    icon: 'credit-card',
    tooltip: ['**Estimated monthly cost of the keys in this Region**', '', ...cost.assumptions.map((a) => `- ${a}`)].join('\n'),
    children: cost.assumptions.map((a, i) => ({ id: `assumption:${i}`, label: a, icon: 'info', tooltip: a })),
  };
}

/** An error's name and message, verbatim (AWS errors keep KMS's exception name). */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
