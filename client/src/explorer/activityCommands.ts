/**
 * Key activity in the editor: the Activity row under each key of the AWS Keys view, the activity report (who
 * did, who can vs who did, unused access, denied attempts), a tightened policy shown as a diff (a proposal:
 * only the live policy's safe save writes to KMS), and the same analysis offline on CloudTrail log files in
 * the workspace with a policy file the user picks; and, for the live who-can report, the key's activity set
 * beside its answer. All analysis is the language server's.
 */
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { ActivityRequest, type ActivityGroupJson, type ActivityKeyChoice, type ActivityParams, type ActivityResult } from '../../../shared/protocol';
import type { KmsKeySummary } from '../aws';
import type { AwsUi } from './awsUi';
import { LANGUAGE_ID } from '../languageClient';
import { livePolicyUri } from '../livePolicy/livePolicyFs';
import type { WhoCanReports } from '../whoCanView';
import { activityUnavailableMarkdown } from './activityModel';
import { ActivityNode } from './activityNode';
import { CURRENT_POLICY_SCHEME, PolicySnapshots, showProposal } from './activityProposal';
import { activityDays, ActivityStore, type LoadedActivity } from './activityStore';
import { isAwsManaged, keyTitle } from './awsKeysModel';
import { registerAwsCommands, type AwsConnection } from './awsKeysSession';
import { errorText, type AwsKeysProvider } from './awsKeysTree';
import { keyRefOf } from './keyCommands';

/** What the activity commands need. */
export interface ActivityDeps {
  readonly client: Pick<LanguageClient, 'sendRequest' | 'onProgress'>;
  readonly connection: AwsConnection;
  readonly keys: AwsKeysProvider;
  readonly ui: AwsUi;
  readonly reports: WhoCanReports;
}

/** What a proposal command produced (tests read it). */
export interface ProposalShown {
  readonly document: vscode.Uri;
  readonly before: vscode.Uri;
  readonly result: ActivityResult;
}

/** Arguments of the offline command, for code and tests (the command asks for whatever is missing). */
export interface TrailFilesArgs {
  readonly trailFiles?: readonly vscode.Uri[];
  /** The policy file; null for none (who did only). */
  readonly policy?: vscode.Uri | null;
  readonly keyArn?: string;
  /** Open the tightened policy at once instead of offering it. */
  readonly tighten?: boolean;
}

/** What the live who-can report sets beside its answer. */
export interface LiveActivity {
  /**
   * Markdown to append to a who-can answer computed from `policyText`: who can vs who did, unused access and
   * denied attempts over the configured window, or why the activity is unavailable (`available` false).
   * `key` is undefined when the key is not among the listed keys.
   */
  besideWhoCan(
    region: string,
    key: KmsKeySummary | undefined,
    policyText: string,
  ): Promise<{ readonly available: boolean; readonly markdown: string; readonly activity?: readonly ActivityGroupJson[] }>;
}

/** The activity registrations, and the activity the live who-can report asks for. */
export interface ActivityRegistration {
  readonly disposables: vscode.Disposable[];
  readonly live: LiveActivity;
}

interface Target {
  readonly region: string;
  readonly key: KmsKeySummary;
  readonly label: string;
}

/** Registers the Activity rows, the activity commands and the snapshot provider of proposal diffs. */
export function registerActivity(deps: ActivityDeps): ActivityRegistration {
  const { keys, connection, ui, reports, client } = deps;
  const store = new ActivityStore(client, connection);
  const snapshots = new PolicySnapshots();
  const nodes = new Map<string, ActivityNode>();
  keys.extraKeyRows = (keyNode) => {
    const node = new ActivityNode(keyNode, store);
    nodes.set(keyNode.key.arn, node);
    return [node];
  };

  const target = (arg: unknown): Target | undefined => {
    const ref = keyRefOf(arg);
    const key = ref ? keys.keyInfo(ref.region, ref.keyId) : undefined;
    if (!ref || !key) {
      void ui.showErrorMessage('Choose a listed key in the AWS Keys view first.');
      return undefined;
    }
    return { region: ref.region, key, label: keyTitle(key) };
  };

  const loaded = async (t: Target, force = false): Promise<LoadedActivity | undefined> => {
    const current = store.state(t.key.arn);
    const state = current.status === 'loaded' && !force ? current : await store.load(t.region, t.key, force);
    if (state.status === 'loaded') return state as LoadedActivity;
    if (state.status === 'failed') void ui.showErrorMessage(`Could not read the activity of ${t.label}: ${state.error}`);
    return undefined;
  };

  const showReport = (title: string, markdown: string): Promise<vscode.Uri> => reports.show(title, markdown);

  const showActivity = async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const t = target(arg);
    const state = t ? await loaded(t) : undefined;
    return t && state ? showReport(`Activity — ${t.label}`, state.markdown) : undefined;
  };

  const refreshActivity = async (arg?: unknown): Promise<string | undefined> => {
    const t = target(arg);
    if (!t) return undefined;
    return (await loaded(t, true)) ? 'loaded' : store.state(t.key.arn).status;
  };

  const proposeLive = async (arg?: unknown): Promise<ProposalShown | undefined> => {
    const t = target(arg);
    if (!t) return undefined;
    if (isAwsManaged(t.key)) {
      void ui.showErrorMessage(`The policy of ${t.label} cannot be changed: AWS manages it.`);
      return undefined;
    }
    if (!(await loaded(t))) return undefined;
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(livePolicyUri({ region: t.region, keyId: t.key.id }));
      if (document.languageId !== LANGUAGE_ID) document = await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
    } catch (error) {
      void ui.showErrorMessage(`Could not open the key policy of ${t.label}: ${errorText(error)}`);
      return undefined;
    }
    if (document.isDirty) {
      void ui.showErrorMessage(`The policy of ${t.label} has unsaved changes in the editor; save or revert them before drafting a tightened policy.`);
      return undefined;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Drafting a tightened policy for ${t.label}`, cancellable: true },
      (_p, token) => store.tighten(t.key.arn, document.getText(), token),
    );
    return result
      ? present(result, document, `${t.label}: current ↔ tightened (proposal, not saved)`, 'saving checks it and asks before writing it to KMS')
      : undefined;
  };

  /** Shows a proposal: nothing to do, or the diff with what it changes and how to apply or drop it. */
  const present = async (result: ActivityResult, document: vscode.TextDocument, title: string, saving: string): Promise<ProposalShown | undefined> => {
    const proposal = result.report.proposal;
    if (!proposal) {
      // An incomplete window (LookupEvents stopped at its limit): the engine refuses to tighten on it, and says why.
      const refusal = result.report.notes.find((n) => n.startsWith('No tightened policy is proposed'));
      if (refusal) void ui.showWarningMessage(refusal, {});
      return undefined;
    }
    if (!proposal.changed) {
      void ui.showInformationMessage(proposal.notes[0] ?? 'Nothing to tighten.');
      return { document: document.uri, before: document.uri, result };
    }
    const before = await showProposal(document, proposal.text, snapshots, title);
    const changed = proposal.statements.filter((s) => s.change !== 'kept').length;
    void ui.showInformationMessage(
      `The tightened policy (${changed} statement${changed === 1 ? '' : 's'} narrowed or removed; ${proposal.replay.allowed} of ${proposal.replay.checked} recorded calls still allowed; lockout check ${proposal.lockout.after}) is in the editor, not saved: ${saving}. Revert the file to drop it.`,
    );
    return { document: document.uri, before, result };
  };

  const fromTrailFiles = async (args: TrailFilesArgs = {}): Promise<{ report: vscode.Uri; result: ActivityResult; proposal?: ProposalShown } | undefined> => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const files =
      args.trailFiles ??
      (await vscode.window.showOpenDialog({
        canSelectFiles: true,
        canSelectFolders: true,
        canSelectMany: true,
        openLabel: 'Analyse',
        title: 'CloudTrail log files or folders (.json, .json.gz)',
        filters: { 'CloudTrail log files': ['json', 'gz'] },
        ...(folder ? { defaultUri: folder } : {}),
      }));
    if (!files || files.length === 0) return undefined;
    const policyUri = args.policy !== undefined ? args.policy : await pickPolicy();
    if (policyUri === undefined) return undefined;
    const document = policyUri ? await vscode.workspace.openTextDocument(policyUri) : undefined;
    const base: ActivityParams = {
      trailFiles: files.map((f) => f.toString()),
      ...(document ? { text: document.getText(), uri: document.uri.toString() } : {}),
      ...(args.keyArn ? { keyArn: args.keyArn } : {}),
      ...(document ? { tighten: true } : {}),
    };
    const result = await analyseFiles(base);
    if (!result) return undefined;
    const name = document ? document.uri.path.split('/').pop() : (result.report.aliases[0] ?? result.report.key);
    const report = await showReport(`Activity — ${name}`, result.markdown);
    let proposal: ProposalShown | undefined;
    if (document && result.report.proposal) {
      const open =
        args.tighten ??
        (await ui.showInformationMessage(`Activity of ${result.report.key}: ${result.report.counts.events} events.`, 'Propose Tightened Policy')) ===
          'Propose Tightened Policy';
      if (open)
        proposal = await present(result, document, `${name}: current ↔ tightened (proposal, not saved)`, 'saving writes the file; nothing is written to KMS');
    }
    return { report, result, ...(proposal ? { proposal } : {}) };
  };

  /** Sends the offline request with progress and cancellation; asks for the key when the trail names several. */
  const analyseFiles = async (params: ActivityParams): Promise<ActivityResult | undefined> => {
    const token = `kms-activity-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Reading CloudTrail files', cancellable: true },
        async (progress, cancel) => {
          const listener = client.onProgress(WorkDoneProgress.type, token, (p) => {
            if (p.kind === 'report' && p.message) progress.report({ message: p.message });
          });
          try {
            return await client.sendRequest(ActivityRequest, { ...params, workDoneToken: token }, cancel);
          } finally {
            listener.dispose();
          }
        },
      );
    } catch (error) {
      const choice = (error as { data?: ActivityKeyChoice }).data;
      if (choice?.keys && !params.keyArn) {
        const picked = await ui.showQuickPick(
          choice.keys.map((k) => ({ label: k.key, description: `${k.events} events` })),
          { title: 'The trail names several keys: which one?' },
        );
        return picked ? analyseFiles({ ...params, keyArn: picked.label }) : undefined;
      }
      if ((error as { code?: number }).code === -32800) return undefined;
      void ui.showErrorMessage(`Could not analyse the CloudTrail files: ${errorText(error)}`);
      return undefined;
    }
  };

  const pickPolicy = async (): Promise<vscode.Uri | null | undefined> => {
    const patterns = vscode.workspace.getConfiguration('kmsKeyPolicy').get<string[]>('filePatterns', ['**/*.kms.json']);
    const found = new Map<string, vscode.Uri>();
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === LANGUAGE_ID && active.uri.scheme === 'file') found.set(active.uri.toString(), active.uri);
    for (const pattern of patterns) for (const uri of await vscode.workspace.findFiles(pattern, '**/node_modules/**', 500)) found.set(uri.toString(), uri);
    const none = { label: '$(circle-slash) No policy', description: 'who did only', uri: null as vscode.Uri | null };
    const items = [...[...found.values()].map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri: uri as vscode.Uri | null })), none];
    const picked = await ui.showQuickPick(items, {
      title: 'The key policy to compare the activity with',
      placeHolder: 'A key policy file in the workspace',
    });
    return picked === undefined ? undefined : picked.uri;
  };

  const refreshRow = (arn: string): void => {
    const node = nodes.get(arn);
    if (!node) return;
    node.update();
    keys.refreshNode(node);
  };

  const live: LiveActivity = {
    besideWhoCan: async (region, key, policyText) => {
      const joined = key
        ? await store.join(region, key, policyText)
        : {
            status: 'unavailable' as const,
            reason: 'the key is not among the listed keys; list its Region in the AWS Keys view to read its events.',
          };
      if (joined.status === 'joined') return { available: true, markdown: joined.result.joinMarkdown, activity: joined.result.report.activity };
      return { available: false, markdown: activityUnavailableMarkdown(joined.reason, activityDays()) };
    },
  };

  const disposables = [
    store,
    store.onDidChange(refreshRow),
    connection.onDidChange((change) => {
      if (change === 'session') store.clear();
    }),
    vscode.workspace.registerTextDocumentContentProvider(CURRENT_POLICY_SCHEME, snapshots),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kmsKeyPolicy.aws.activityDays')) store.clear();
    }),
    // The live-key commands refuse up front in an untrusted workspace; the trail-file analysis is local and stays.
    ...registerAwsCommands(connection, ui, {
      'kmsKeyPolicy.aws.showActivity': showActivity,
      'kmsKeyPolicy.aws.refreshActivity': refreshActivity,
      'kmsKeyPolicy.aws.proposeTightenedPolicy': proposeLive,
    }),
    vscode.commands.registerCommand('kmsKeyPolicy.activityFromTrailFiles', fromTrailFiles),
  ];
  return { disposables, live };
}
