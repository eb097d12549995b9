/**
 * Wires the AWS side of the extension: the AWS Keys view, the live-policy file system (with its save flow),
 * and each feature's commands (the view's own, the key actions, the live policy's, the activity's), every
 * kmsKeyPolicy.aws.* command behind the one trust check. Returns the pieces tests and other extensions may use.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerKeyActionCommands } from '../keyActions/keyActionCommands';
import { registerLivePolicyCommands } from '../livePolicy/livePolicyCommands';
import { DeployedSnapshots, LivePolicyFs } from '../livePolicy/livePolicyFs';
import { DEPLOYED_SNAPSHOT_SCHEME, LIVE_POLICY_SCHEME, parseLivePolicyPath } from '../livePolicy/policyUri';
import { LivePolicySaver } from '../livePolicy/saveFlow';
import type { WhoCanReports } from '../whoCanView';
import { registerActivity } from './activityCommands';
import { registerAwsKeysCommands } from './awsKeysCommands';
import { isAwsManaged } from './awsKeysModel';
import { AwsConnection, UNTRUSTED_REASON } from './awsKeysSession';
import { AwsKeysProvider, type AwsNode } from './awsKeysTree';
import { createDefaultUi, type AwsUi } from './awsUi';

/** The AWS parts of the extension's API. */
export interface AwsExplorerApi {
  /** The dialogs; tests replace methods to answer confirmations. */
  readonly ui: AwsUi;
  readonly connection: AwsConnection;
  readonly keys: AwsKeysProvider;
  readonly view: vscode.TreeView<AwsNode>;
  readonly livePolicies: LivePolicyFs;
}

/** Registers the AWS Keys view, the `kms-policy` file system and the kmsKeyPolicy.aws.* commands. */
export function registerAwsExplorer(context: vscode.ExtensionContext, client: LanguageClient, reports: WhoCanReports): AwsExplorerApi {
  const ui = createDefaultUi();
  const connection = new AwsConnection();
  const keys = new AwsKeysProvider(connection);
  const view = vscode.window.createTreeView('kmsKeyPolicy.awsKeys', { treeDataProvider: keys, showCollapseAll: true });
  const snapshots = new DeployedSnapshots();
  let livePolicies: LivePolicyFs | undefined;
  const saver = new LivePolicySaver({
    client,
    connection,
    ui,
    snapshots,
    keyInfo: (ref) => keys.keyInfo(ref.region, ref.keyId),
    rebase: (uri, deployed) => livePolicies?.rebase(uri, deployed),
  });
  livePolicies = new LivePolicyFs({
    session: () => connection.require(),
    readonlyReason: (ref) => {
      if (!connection.allowed) return UNTRUSTED_REASON;
      const key = keys.keyInfo(ref.region, ref.keyId);
      return key !== undefined && isAwsManaged(key) ? 'The policy of an AWS managed key cannot be changed; AWS maintains it.' : undefined;
    },
    save: (ref, uri, text, baseline) => saver.save(ref, uri, text, baseline),
  });
  const fs = livePolicies;

  const describe = (): void => {
    view.description = connection.allowed ? connection.describe() : 'AWS calls disabled (untrusted workspace)';
  };
  describe();

  // The live who-can report sets the key's activity (the Activity rows' events) beside its answer.
  const activity = registerActivity({ client, connection, keys, ui, reports });
  context.subscriptions.push(
    connection,
    keys,
    view,
    fs,
    vscode.workspace.registerFileSystemProvider(LIVE_POLICY_SCHEME, fs, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(DEPLOYED_SNAPSHOT_SCHEME, snapshots),
    vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.scheme === LIVE_POLICY_SCHEME) fs.noteSaveReason(e.document.uri, e.reason);
    }),
    connection.onDidChange((change) => {
      describe();
      if (change === 'display') keys.rerender();
      else void keys.refresh();
    }),
    fs.onDidAttemptSave(({ uri, outcome }) => {
      if (outcome.kind === 'written') {
        // The key's listing (policy-independent) stays valid; only note the write in the log.
        client.outputChannel.appendLine(`Saved ${uri.toString()} to KMS.`);
      } else if (outcome.kind !== 'unchanged') {
        const ref = safeRef(uri.path);
        client.outputChannel.appendLine(`Not saved ${ref ?? uri.toString()}: ${outcome.reason}`);
      }
    }),
    ...registerAwsKeysCommands({ connection, keys, view, ui }),
    ...registerKeyActionCommands({ connection, keys, view, ui }),
    ...registerLivePolicyCommands({ connection, keys, view, ui, client, reports, activity: activity.live }),
    ...activity.disposables,
  );
  return { ui, connection, keys, view, livePolicies: fs };
}

function safeRef(path: string): string | undefined {
  try {
    const ref = parseLivePolicyPath(path);
    return `${ref.region}/${ref.keyId}`;
  } catch {
    return undefined;
  }
}
