/**
 * Live key policies as documents: a FileSystemProvider for `kms-policy:/<region>/<keyId>/policy.kms.json`.
 * Reading fetches the deployed policy (GetKeyPolicy) and remembers it as the save's baseline; writing
 * runs the save flow, and a refused or failed save throws, so VS Code keeps the document dirty and
 * the user's text is never lost. Also serves read-only snapshots of a deployed policy for diffs.
 */
import * as vscode from 'vscode';
import type { AwsSession } from '../aws';
import { DEPLOYED_SNAPSHOT_SCHEME, LIVE_POLICY_SCHEME, livePolicyPath, parseLivePolicyPath, type LivePolicyRef } from './policyUri';
import { editableText } from './saveDecision';
import type { SaveOutcome } from './saveFlow';

/** What the provider needs from the extension. */
export interface LivePolicyHost {
  /** The session; throws (with the reason) when AWS calls are not allowed. */
  session(): AwsSession;
  /** Why a key's policy cannot be changed here (untrusted workspace, AWS managed key), or undefined. */
  readonlyReason(ref: LivePolicyRef): string | undefined;
  /** Runs the save flow for `text`, starting from the deployed text `baseline`. */
  save(ref: LivePolicyRef, uri: vscode.Uri, text: string, baseline: string): Promise<SaveOutcome>;
}

/** One save attempt and how it ended (tests and the output channel listen). */
export interface SaveAttempt {
  readonly uri: vscode.Uri;
  readonly outcome: SaveOutcome;
}

interface Entry {
  /** The deployed text the document's content is based on: the save's `expectedCurrent`. */
  raw: string;
  mtime: number;
  size: number;
}

/** The URI of a key's live policy. */
export function livePolicyUri(ref: LivePolicyRef): vscode.Uri {
  return vscode.Uri.from({ scheme: LIVE_POLICY_SCHEME, path: livePolicyPath(ref) });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The provider of the `kms-policy` scheme. */
export class LivePolicyFs implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly fileChanges = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private readonly attempts = new vscode.EventEmitter<SaveAttempt>();
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  private clock = 0;
  readonly onDidChangeFile = this.fileChanges.event;
  /** Fires after every save attempt with its outcome. */
  readonly onDidAttemptSave = this.attempts.event;

  constructor(private readonly host: LivePolicyHost) {}

  dispose(): void {
    this.fileChanges.dispose();
    this.attempts.dispose();
  }

  /** Records why VS Code is saving a document (from onWillSaveTextDocument): auto save never writes to KMS. */
  noteSaveReason(uri: vscode.Uri, reason: vscode.TextDocumentSaveReason): void {
    this.saveReasons.set(uri.toString(), reason);
  }

  /** The deployed text a document's next save must find in KMS. */
  baseline(uri: vscode.Uri): string | undefined {
    return this.entries.get(uri.toString())?.raw;
  }

  /** Makes `deployed` the baseline (after the user looked at a conflict and chose to build on the deployed policy). */
  rebase(uri: vscode.Uri, deployed: string): void {
    const entry = this.entries.get(uri.toString());
    if (entry) entry.raw = deployed;
    else this.entries.set(uri.toString(), { raw: deployed, mtime: this.tick(), size: encoder.encode(editableText(deployed)).byteLength });
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const depth = uri.path.split('/').filter((p) => p !== '').length;
    if (depth < 3) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const ref = this.refOf(uri);
    const entry = this.entries.get(uri.toString()) ?? (await this.load(uri, ref));
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: entry.mtime,
      size: entry.size,
      ...(this.host.readonlyReason(ref) !== undefined ? { permissions: vscode.FilePermission.Readonly } : {}),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const entry = await this.load(uri, this.refOf(uri));
    return encoder.encode(editableText(entry.raw));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = this.refOf(uri);
    const text = decoder.decode(content);
    const reason = this.saveReasons.get(uri.toString());
    this.saveReasons.delete(uri.toString());
    const readonly = this.host.readonlyReason(ref);
    let outcome: SaveOutcome;
    if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) {
      outcome = {
        kind: 'refused',
        why: 'autoSave',
        reason: 'Auto save does not write key policies to KMS; save this document explicitly (File: Save) to check and confirm the change.',
      };
    } else if (readonly !== undefined) {
      outcome = { kind: 'refused', why: 'readonly', reason: readonly };
    } else {
      const entry = this.entries.get(uri.toString()) ?? (await this.load(uri, ref));
      outcome = await this.host.save(ref, uri, text, entry.raw);
    }
    this.attempts.fire({ uri, outcome });
    if (outcome.kind === 'written') {
      this.entries.set(uri.toString(), { raw: outcome.deployed, mtime: this.tick(), size: content.byteLength });
      return;
    }
    if (outcome.kind === 'unchanged') {
      const entry = this.entries.get(uri.toString());
      if (entry) entry.size = content.byteLength;
      return;
    }
    throw new Error(outcome.reason);
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const parts = uri.path.split('/').filter((p) => p !== '');
    return parts.length === 2 ? [['policy.kms.json', vscode.FileType.File]] : [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Live key policies cannot be created here; open one from the AWS Keys view.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('A key policy cannot be deleted; every KMS key has exactly one.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('A key policy cannot be renamed.');
  }

  private refOf(uri: vscode.Uri): LivePolicyRef {
    try {
      return parseLivePolicyPath(uri.path);
    } catch (error) {
      throw vscode.FileSystemError.FileNotFound(`${(error as Error).message}`);
    }
  }

  /** Fetches the deployed policy; a changed text gets a newer mtime so VS Code reloads it. */
  private async load(uri: vscode.Uri, ref: LivePolicyRef): Promise<Entry> {
    let raw: string;
    try {
      raw = await this.host.session().getKeyPolicy(ref.region, ref.keyId);
    } catch (error) {
      const e = error as Error;
      throw vscode.FileSystemError.Unavailable(
        `Could not read the key policy of ${ref.keyId} in ${ref.region}: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`,
      );
    }
    const key = uri.toString();
    const old = this.entries.get(key);
    if (old && old.raw === raw) return old;
    const entry = { raw, mtime: this.tick(), size: encoder.encode(editableText(raw)).byteLength };
    this.entries.set(key, entry);
    return entry;
  }

  private tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }
}

/** Read-only snapshots of a deployed policy (`kms-policy-deployed:`), the left side of conflict diffs. */
export class DeployedSnapshots implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Stores a snapshot and returns its URI. */
  add(ref: LivePolicyRef, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DEPLOYED_SNAPSHOT_SCHEME, path: livePolicyPath(ref), query: `snapshot=${++this.count}` });
    this.texts.set(uri.toString(), editableText(text));
    return uri;
  }
}
