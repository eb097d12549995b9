/**
 * The AWS connection behind the AWS Keys view and live policies: one session for the chosen profile
 * (or the default credential chain) and endpoint, re-created when those settings change, and refused
 * in an untrusted workspace. The extension never writes `process.env`; credentials come from the
 * profile, or from the SDK's default chain (environment, shared files, SSO, container, instance).
 */
import { fromIni } from '@aws-sdk/credential-providers';
import * as vscode from 'vscode';
import { createAwsSession, type AwsSession } from '../aws';
import type { AwsUi } from './awsUi';

/** Why AWS calls are off in an untrusted workspace (shown wherever a call was refused). */
export const UNTRUSTED_REASON =
  'AWS calls and writes to KMS are disabled because this workspace is not trusted. Trust the workspace (Workspaces: Manage Workspace Trust) to browse keys and change them.';

/** Command handlers by command id. */
export type CommandHandlers = Readonly<Record<string, (...args: never[]) => unknown>>;

/**
 * Registers AWS commands (`kmsKeyPolicy.aws.*`) behind the one trust check: in an untrusted workspace each shows
 * {@link UNTRUSTED_REASON} and returns undefined before it asks, reads or lists anything, so a command run from
 * the palette, a walkthrough link, a keybinding or another extension gets the same clear refusal at once. The
 * handlers need no check of their own (trust is only ever granted while the window lives, and the session refuses
 * AWS calls without it).
 */
export function registerAwsCommands(
  connection: Pick<AwsConnection, 'allowed'>,
  ui: Pick<AwsUi, 'showErrorMessage'>,
  handlers: CommandHandlers,
): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, run]) =>
    vscode.commands.registerCommand(id, (...args: never[]) => {
      if (connection.allowed) return run(...args);
      void ui.showErrorMessage(UNTRUSTED_REASON);
      return undefined;
    }),
  );
}

/** Thrown instead of calling AWS when calls are not allowed. */
export class AwsUnavailableError extends Error {
  override readonly name = 'AwsUnavailableError';
}

/** The AWS settings of the view. */
export interface AwsSettings {
  /** Profile name; empty for the default credential chain. */
  readonly profile: string;
  readonly regions: readonly string[];
  /** KMS endpoint URL; empty for AWS's. */
  readonly endpoint: string;
  readonly showAwsManagedKeys: boolean;
}

/** What changed: the session (profile, endpoint, trust), the Regions, or only what is displayed. */
export type ConnectionChange = 'session' | 'regions' | 'display';

/** Holds the session and tells listeners when settings or trust change. */
export class AwsConnection implements vscode.Disposable {
  private session: AwsSession | undefined;
  private readonly changed = new vscode.EventEmitter<ConnectionChange>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires after a setting or the workspace trust changed. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kmsKeyPolicy.aws.profile') || e.affectsConfiguration('kmsKeyPolicy.aws.endpoint')) {
          this.reset();
          this.changed.fire('session');
        } else if (e.affectsConfiguration('kmsKeyPolicy.aws.regions')) {
          this.changed.fire('regions');
        } else if (e.affectsConfiguration('kmsKeyPolicy.aws.showAwsManagedKeys')) {
          this.changed.fire('display');
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.reset();
        this.changed.fire('session');
      }),
    );
  }

  /** True when AWS calls are allowed (a trusted workspace). */
  get allowed(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** The current settings. */
  settings(): AwsSettings {
    const c = vscode.workspace.getConfiguration('kmsKeyPolicy.aws');
    const regions = c
      .get<string[]>('regions', ['us-east-1'])
      .map((r) => r.trim())
      .filter((r) => r !== '');
    return {
      profile: c.get<string>('profile', '').trim(),
      regions: [...new Set(regions)],
      endpoint: c.get<string>('endpoint', '').trim(),
      showAwsManagedKeys: c.get<boolean>('showAwsManagedKeys', false),
    };
  }

  /** "profile dev", or "default credentials", plus the endpoint when one is set. */
  describe(): string {
    const s = this.settings();
    return `${s.profile ? `profile ${s.profile}` : 'default credentials'}${s.endpoint ? ` · ${s.endpoint}` : ''}`;
  }

  /** The session; throws AwsUnavailableError in an untrusted workspace. */
  require(): AwsSession {
    if (!this.allowed) throw new AwsUnavailableError(UNTRUSTED_REASON);
    if (this.session === undefined) {
      const s = this.settings();
      // The SDK caches what it read of the shared files for the life of the process (a missing file too); a
      // profile chosen now must see the files as they are now (profiles added, SSO sessions configured since).
      const credentials = s.profile ? fromIni({ profile: s.profile, ignoreCache: true }) : undefined;
      this.session = createAwsSession({
        ...(credentials ? { profile: s.profile, credentials } : {}),
        ...(s.endpoint ? { endpoint: s.endpoint } : {}),
      });
    }
    return this.session;
  }

  private reset(): void {
    this.session?.dispose();
    this.session = undefined;
  }

  dispose(): void {
    this.reset();
    for (const d of this.disposables) d.dispose();
  }
}
