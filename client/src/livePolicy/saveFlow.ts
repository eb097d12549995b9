/**
 * Saving a live key policy: the language server analyses the text (errors, lockout) and compares it
 * with the deployed policy in who-can terms; the policy is read again to catch a concurrent change;
 * the user confirms in a modal; only then PutKeyPolicy runs, guarded once more by `expectedCurrent`.
 * The order and the rules are in saveDecision.ts (pure); this file supplies the steps and the UI.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalyzeRequest, CompareRequest, type AnalyzeParams, type CompareParams } from '../../../shared/protocol';
import { AwsApiError, PolicyChangedError, isAbortError, type KmsKeySummary } from '../aws';
import type { AwsUi } from '../explorer/awsUi';
import type { AwsConnection } from '../explorer/awsKeysSession';
import { keyTitle } from '../explorer/awsKeysModel';
import type { DeployedSnapshots } from './livePolicyFs';
import type { LivePolicyRef } from './policyUri';
import { confirmationText, driveSave, type RefusalKind } from './saveDecision';

/** How a save ended. Anything but `written` and `unchanged` leaves the document dirty. */
export type SaveOutcome =
  | { readonly kind: 'written'; /** The deployed text after the write. */ readonly deployed: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly why: RefusalKind | 'autoSave' | 'readonly' | 'cancelled' | 'busy'; readonly reason: string }
  | { readonly kind: 'conflict'; readonly deployed: string; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/** The button of the save confirmation. */
export const CONFIRM_SAVE = 'Save to KMS';
/** The buttons of the conflict message. */
export const CONFLICT_COMPARE = 'Compare';
export const CONFLICT_REBASE = 'Use Deployed as Base';

/** What the save flow needs. */
export interface SaveFlowDeps {
  readonly client: Pick<LanguageClient, 'sendRequest'>;
  readonly connection: AwsConnection;
  readonly ui: AwsUi;
  readonly snapshots: DeployedSnapshots;
  keyInfo(ref: LivePolicyRef): KmsKeySummary | undefined;
  /** Makes the deployed text the baseline of the document (after a conflict). */
  rebase(uri: vscode.Uri, deployed: string): void;
}

/** Runs saves, one at a time per key. */
export class LivePolicySaver {
  private readonly running = new Set<string>();

  constructor(private readonly deps: SaveFlowDeps) {}

  /** Checks, confirms and writes `text`; never throws (the outcome says what happened). */
  async save(ref: LivePolicyRef, uri: vscode.Uri, text: string, baseline: string): Promise<SaveOutcome> {
    const id = `${ref.region}/${ref.keyId}`;
    if (this.running.has(id)) return { kind: 'refused', why: 'busy', reason: 'A save of this key policy is already in progress.' };
    this.running.add(id);
    try {
      const key = this.deps.keyInfo(ref);
      const label = key ? keyTitle(key) : ref.keyId;
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Saving the key policy of ${label}`, cancellable: true },
        (progress, token) => this.run(ref, text, baseline, key, label, progress, token),
      );
      if (outcome.kind === 'conflict') this.offerConflictDiff(ref, uri, label, outcome.deployed, outcome.reason);
      return outcome;
    } finally {
      this.running.delete(id);
    }
  }

  private async run(
    ref: LivePolicyRef,
    text: string,
    baseline: string,
    key: KmsKeySummary | undefined,
    label: string,
    progress: vscode.Progress<{ message?: string }>,
    token: vscode.CancellationToken,
  ): Promise<SaveOutcome> {
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    const { client, ui } = this.deps;
    const signal = abort.signal;
    const account = key?.accountId || undefined;
    let writing = false;
    try {
      const session = this.deps.connection.require();
      const decision = await driveSave(text, baseline, {
        analyse: (t) => {
          progress.report({ message: 'checking the policy…' });
          const params: AnalyzeParams = {
            text: t,
            region: ref.region,
            ...(account ? { account } : {}),
            ...(key?.arn ? { keyArn: key.arn } : {}),
          };
          return client.sendRequest(AnalyzeRequest, params, token);
        },
        readDeployed: () => {
          progress.report({ message: 'reading the deployed policy…' });
          return session.getKeyPolicy(ref.region, ref.keyId, { signal });
        },
        compare: (before, after) => {
          progress.report({ message: 'comparing who can do what…' });
          const params: CompareParams = { before, after, ...(account ? { account } : {}) };
          return client.sendRequest(CompareRequest, params, token);
        },
        confirm: async (comparison, analysis) => {
          progress.report({ message: 'waiting for your confirmation…' });
          const { message, detail } = confirmationText(label, comparison, analysis);
          return (await ui.showWarningMessage(message, { modal: true, detail }, CONFIRM_SAVE)) === CONFIRM_SAVE;
        },
      });
      if (token.isCancellationRequested) return cancelled();
      switch (decision.kind) {
        case 'refuse':
          return { kind: 'refused', why: decision.why, reason: decision.reason };
        case 'conflict':
          return decision;
        case 'unchanged':
          void ui.showInformationMessage(`Nothing to write: the policy is the same as the one deployed on ${label}.`);
          return decision;
        case 'write':
          break;
      }
      // From here on the save is not cancellable: an aborted write could not say whether KMS applied it.
      writing = true;
      progress.report({ message: 'writing with PutKeyPolicy…' });
      await session.putKeyPolicy(ref.region, ref.keyId, text, { expectedCurrent: baseline });
      // What KMS now holds becomes the next save's baseline; if it cannot be read, the text just written is.
      const deployed = await session.getKeyPolicy(ref.region, ref.keyId).catch(() => text);
      void ui.showInformationMessage(`Saved the key policy of ${label} to KMS.`);
      return { kind: 'written', deployed };
    } catch (error) {
      if (error instanceof PolicyChangedError) {
        return {
          kind: 'conflict',
          deployed: error.deployed,
          reason: 'The key policy was changed in KMS while this save was running; nothing was written.',
        };
      }
      if (!writing && (token.isCancellationRequested || isAbortError(error) || error instanceof vscode.CancellationError)) return cancelled();
      if (error instanceof AwsApiError) return { kind: 'failed', reason: `KMS refused ${error.action}: ${error.name}: ${error.message}` };
      const e = error as Error;
      return { kind: 'failed', reason: e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message };
    } finally {
      onCancel.dispose();
    }
  }

  /** Offers a diff of the deployed policy against the edit, and building on the deployed one. */
  private offerConflictDiff(ref: LivePolicyRef, uri: vscode.Uri, label: string, deployed: string, reason: string): void {
    void this.deps.ui.showWarningMessage(reason, { modal: false }, CONFLICT_COMPARE, CONFLICT_REBASE).then(async (choice) => {
      if (choice === CONFLICT_COMPARE) {
        const left = this.deps.snapshots.add(ref, deployed);
        await vscode.commands.executeCommand('vscode.diff', left, uri, `${label}: deployed now ↔ your edit`);
        const next = await this.deps.ui.showInformationMessage(
          `When your edit includes what you want to keep from the deployed policy of ${label}, build on the deployed one and save again.`,
          CONFLICT_REBASE,
        );
        if (next === CONFLICT_REBASE) this.deps.rebase(uri, deployed);
      } else if (choice === CONFLICT_REBASE) {
        this.deps.rebase(uri, deployed);
      }
    });
  }
}

function cancelled(): SaveOutcome {
  return { kind: 'refused', why: 'cancelled', reason: 'The save was cancelled; nothing was written to KMS.' };
}
