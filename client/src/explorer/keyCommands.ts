/**
 * What every command on a key of the AWS Keys view needs, whichever feature owns it (the view's own commands,
 * the key actions, the live policy): the key a command names (a tree node, the view's selection, or
 * `{ region, keyId }` from code), a modal confirmation, and the runner of one AWS call: a cancellable progress
 * notification, KMS's error shown verbatim, and the key's Region refreshed afterwards.
 */
import * as vscode from 'vscode';
import { AwsApiError, isAbortError, type AwsSession, type KmsKeySummary } from '../aws';
import type { LivePolicyRef } from '../livePolicy/policyUri';
import { keyTitle } from './awsKeysModel';
import { AwsUnavailableError, type AwsConnection } from './awsKeysSession';
import { errorText, KeyNode, RowNode, type AwsKeysProvider, type AwsNode } from './awsKeysTree';
import type { AwsUi } from './awsUi';

/** What the key commands of every feature are given. */
export interface KeyCommandDeps {
  readonly connection: AwsConnection;
  readonly keys: AwsKeysProvider;
  readonly view: vscode.TreeView<AwsNode>;
  readonly ui: AwsUi;
}

/** A key named by a command argument: a tree node, or `{ region, keyId }` from code. */
export interface KeyTarget {
  readonly ref: LivePolicyRef;
  /** The key as listed; undefined when its Region is not listed. */
  readonly key: KmsKeySummary | undefined;
  readonly label: string;
}

/** Command arguments code may pass instead of tree nodes. */
export interface KeyArgument {
  readonly region: string;
  readonly keyId: string;
  readonly alias?: string;
  readonly grantId?: string;
}

/** True for a `{ region, keyId }` argument. */
export function isKeyArgument(value: unknown): value is KeyArgument {
  return typeof value === 'object' && value !== null && typeof (value as KeyArgument).region === 'string' && typeof (value as KeyArgument).keyId === 'string';
}

/** The key a command argument names (a key node, a row under a key, or a KeyArgument), without the view's selection. */
export function keyRefOf(arg: unknown): LivePolicyRef | undefined {
  if (arg instanceof KeyNode) return { region: arg.parent.region, keyId: arg.key.id };
  if (arg instanceof RowNode && arg.owner) return { region: arg.owner.parent.region, keyId: arg.owner.key.id };
  if (isKeyArgument(arg)) return { region: arg.region, keyId: arg.keyId };
  return undefined;
}

/** The helpers a feature's key commands are built with. */
export interface KeyCommandKit {
  /** The key a command names (its argument, else the view's selection); says so and returns undefined when none. */
  target(arg: unknown): KeyTarget | undefined;
  /** Runs one AWS call for a key in a cancellable notification; shows KMS's error verbatim; refreshes the key's Region unless told not to. */
  act<T>(
    title: string,
    t: KeyTarget,
    work: (session: AwsSession, signal: AbortSignal, progress: vscode.Progress<{ message?: string }>) => Promise<T>,
    refresh?: boolean,
  ): Promise<T | undefined>;
  /** A modal warning; true when the user chose `button`. */
  confirm(message: string, detail: string | undefined, button: string): Promise<boolean>;
}

/** The key-command helpers over the AWS Keys view. */
export function keyCommandKit(deps: KeyCommandDeps): KeyCommandKit {
  const { connection, keys, view, ui } = deps;
  return {
    target: (arg) => {
      const ref = keyRefOf(arg ?? view.selection[0]);
      if (ref === undefined) {
        void ui.showErrorMessage('Choose a key in the AWS Keys view first.');
        return undefined;
      }
      const key = keys.keyInfo(ref.region, ref.keyId);
      return { ref, key, label: key ? keyTitle(key) : ref.keyId };
    },
    act: async (title, t, work, refresh = true) => {
      try {
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `${title}: ${t.label}`, cancellable: true },
          async (progress, token) => {
            const abort = new AbortController();
            const onCancel = token.onCancellationRequested(() => abort.abort());
            try {
              return await work(connection.require(), abort.signal, progress);
            } finally {
              onCancel.dispose();
            }
          },
        );
        if (refresh) await keys.refresh([t.ref.region], { quiet: true });
        return result;
      } catch (error) {
        if (isAbortError(error)) void ui.showInformationMessage(`${title} cancelled.`);
        else if (error instanceof AwsApiError) void ui.showErrorMessage(`${title} failed for ${t.label}: ${error.name}: ${error.message}`);
        else if (error instanceof AwsUnavailableError) void ui.showErrorMessage(error.message);
        else void ui.showErrorMessage(`${title} failed for ${t.label}: ${errorText(error)}`);
        return undefined;
      }
    },
    confirm: async (message, detail, button) => (await ui.showWarningMessage(message, { modal: true, ...(detail ? { detail } : {}) }, button)) === button,
  };
}
