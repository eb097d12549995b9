/**
 * The AWS Keys view's commands: profile and Region pickers, open a live policy, who can decrypt
 * (live, with who did from CloudTrail beside it), compare with a workspace file, copy, and the key actions (rotation, enable/disable,
 * deletion, aliases, grants). Destructive actions ask first; every AWS call runs in a cancellable
 * progress notification; KMS's errors are shown verbatim; nothing runs in an untrusted workspace.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WhoCanRequest, type KeyState, type WhoCanParams } from '../../shared/protocol';
import { AwsApiError, isAbortError, isDenied, type AwsSession, type KeyGrant, type KmsKeySummary } from './aws';
import {
  DELETION_DAYS, ROTATION_DAYS, deleteAliasWarning, deletionWarning, disableRotationWarning, disableWarning, revokeWarning,
  typedConfirmationPrompt, validateAliasName, validateDeletionDays, validateRotationPeriod, validateTypedConfirmation,
} from './awsCommandsPrompts';
import type { AwsUi } from './awsCommandsUi';
import type { LiveActivity } from './explorer/activityCommands';
import { confirmationNames, grantForWhoCan, keyTitle } from './explorer/awsKeysModel';
import { KMS_REGIONS, readProfiles } from './explorer/awsKeysProfiles';
import { AwsUnavailableError, trustedOnly, UNTRUSTED_REASON, type AwsConnection } from './explorer/awsKeysSession';
import { errorText, KeyNode, RowNode, type AwsKeysProvider, type AwsNode } from './explorer/awsKeysTree';
import { LANGUAGE_ID } from './languageClient';
import { livePolicyUri } from './livePolicy/livePolicyFs';
import type { LivePolicyRef } from './livePolicy/policyUri';
import type { WhoCanReports } from './whoCanView';

/** What the commands need. */
export interface AwsCommandDeps {
  readonly client: Pick<LanguageClient, 'sendRequest'>;
  readonly connection: AwsConnection;
  readonly keys: AwsKeysProvider;
  readonly view: vscode.TreeView<AwsNode>;
  readonly ui: AwsUi;
  readonly reports: WhoCanReports;
  /** The key's activity, set beside the live who-can answer (without it the report is who can alone). */
  readonly activity?: LiveActivity;
}

/** A key named by a command argument: a tree node, or `{ region, keyId }` from code. */
export interface KeyTarget {
  readonly ref: LivePolicyRef;
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

/**
 * Key states the server's who-can request accepts; others (a state newer than the engine knows) are left out
 * rather than failing the request. A record of every KeyState, so the typecheck fails when the engine's list changes.
 */
const KEY_STATES: Readonly<Record<KeyState, true>> = { Creating: true, Disabled: true, Enabled: true, PendingDeletion: true, PendingImport: true, PendingReplicaDeletion: true, Unavailable: true, Updating: true };
const isKeyState = (state: string): state is KeyState => Object.hasOwn(KEY_STATES, state);

/** Registers the kmsKeyPolicy.aws.* commands. */
export function registerAwsCommands(deps: AwsCommandDeps): vscode.Disposable[] {
  const { ui, keys, connection } = deps;

  const target = (arg: unknown): KeyTarget | undefined => {
    const node = arg ?? deps.view.selection[0];
    let ref: LivePolicyRef | undefined;
    if (node instanceof KeyNode) ref = { region: node.parent.region, keyId: node.key.id };
    else if (node instanceof RowNode && node.owner) ref = { region: node.owner.parent.region, keyId: node.owner.key.id };
    else if (isKeyArgument(node)) ref = { region: node.region, keyId: node.keyId };
    if (ref === undefined) {
      void ui.showErrorMessage('Choose a key in the AWS Keys view first.');
      return undefined;
    }
    const key = keys.keyInfo(ref.region, ref.keyId);
    return { ref, key, label: key ? keyTitle(key) : ref.keyId };
  };

  /** Runs one AWS action in a cancellable notification; shows KMS's error verbatim; refreshes the key's Region. */
  const act = async <T>(title: string, t: KeyTarget, work: (session: AwsSession, signal: AbortSignal) => Promise<T>, refresh = true): Promise<T | undefined> => {
    if (!connection.allowed) {
      void ui.showErrorMessage(UNTRUSTED_REASON);
      return undefined;
    }
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${title}: ${t.label}`, cancellable: true }, async (_p, token) => {
        const abort = new AbortController();
        const onCancel = token.onCancellationRequested(() => abort.abort());
        try {
          return await work(connection.require(), abort.signal);
        } finally {
          onCancel.dispose();
        }
      });
      if (refresh) await keys.refresh([t.ref.region], { quiet: true });
      return result;
    } catch (error) {
      if (isAbortError(error)) {
        void ui.showInformationMessage(`${title} cancelled.`);
      } else if (error instanceof AwsApiError) {
        void ui.showErrorMessage(`${title} failed for ${t.label}: ${error.name}: ${error.message}`);
      } else if (error instanceof AwsUnavailableError) {
        void ui.showErrorMessage(error.message);
      } else {
        void ui.showErrorMessage(`${title} failed for ${t.label}: ${errorText(error)}`);
      }
      return undefined;
    }
  };

  const confirm = async (message: string, detail: string | undefined, button: string): Promise<boolean> =>
    (await ui.showWarningMessage(message, { modal: true, ...(detail ? { detail } : {}) }, button)) === button;

  const openPolicy = async (arg?: unknown): Promise<vscode.TextEditor | undefined> => {
    const t = target(arg);
    if (!t) return undefined;
    if (!connection.allowed) {
      void ui.showErrorMessage(UNTRUSTED_REASON);
      return undefined;
    }
    try {
      let document = await vscode.workspace.openTextDocument(livePolicyUri(t.ref));
      if (document.languageId !== LANGUAGE_ID) document = await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
      return await vscode.window.showTextDocument(document, { preview: false });
    } catch (error) {
      void ui.showErrorMessage(`Could not open the key policy of ${t.label}: ${errorText(error)}`);
      return undefined;
    }
  };

  const whoCanDecryptLive = async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const t = target(arg);
    if (!t) return undefined;
    const answer = await act('Who can decrypt (live)', t, async (session, signal) => {
      const text = await session.getKeyPolicy(t.ref.region, t.ref.keyId, { signal });
      const key = t.key;
      const grants = key && !isDenied(key.grants) ? key.grants.map(grantForWhoCan).filter((g) => g !== undefined) : undefined;
      const state = key && !isDenied(key.details) && isKeyState(key.details.state) ? key.details.state : undefined;
      const params: WhoCanParams = {
        text, question: 'decrypt', region: t.ref.region,
        ...(key ? { account: key.accountId, keyArn: key.arn } : {}),
        ...(grants ? { grants } : {}),
        ...(state ? { keyState: state } : {}),
      };
      const result = await deps.client.sendRequest(WhoCanRequest, params);
      const caveats: string[] = [];
      if (key === undefined) caveats.push('The key is not in the listed keys, so its grants and state are not included.');
      else {
        if (isDenied(key.grants)) caveats.push(`Grants are not included: ${key.grants.denied} failed (${key.grants.code}: ${key.grants.message}).`);
        if (isDenied(key.details)) caveats.push(`The key state is not included: ${key.details.denied} failed (${key.details.code}: ${key.details.message}).`);
      }
      const markdown = caveats.length === 0 ? result.markdown : `${caveats.map((c) => `> ${c}`).join('\n>\n')}\n\n${result.markdown}`;
      return { markdown, text };
    }, false);
    if (!answer) return undefined;
    let markdown = answer.markdown;
    // Who did, beside who can: the key's CloudTrail events analysed with the same policy text. The answer
    // stands when they cannot be had; the report then says why.
    if (deps.activity) {
      const beside = await deps.activity.besideWhoCan(t.ref.region, t.key, answer.text);
      markdown = `${markdown.trimEnd()}\n\n${beside.markdown}`;
    }
    return deps.reports.show(`Who can decrypt (live) — ${t.label}`, markdown);
  };

  const compareWithFile = async (arg?: unknown, file?: vscode.Uri): Promise<boolean> => {
    const t = target(arg);
    if (!t) return false;
    let other = file;
    if (other === undefined) {
      const patterns = vscode.workspace.getConfiguration('kmsKeyPolicy').get<string[]>('filePatterns', ['**/*.kms.json']);
      const found = new Map<string, vscode.Uri>();
      for (const pattern of patterns) {
        for (const uri of await vscode.workspace.findFiles(pattern, '**/node_modules/**', 500)) found.set(uri.toString(), uri);
      }
      const browse = { label: '$(folder-opened) Browse…', uri: undefined as vscode.Uri | undefined };
      const items = [...[...found.values()].sort((a, b) => a.path.localeCompare(b.path)).map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), browse];
      const picked = await ui.showQuickPick(items, { title: `Compare the deployed policy of ${t.label} with…`, placeHolder: 'A key policy file in the workspace' });
      if (!picked) return false;
      other = picked.uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Key policies': ['json'] } }))?.[0];
      if (!other) return false;
    }
    if (!connection.allowed) {
      void ui.showErrorMessage(UNTRUSTED_REASON);
      return false;
    }
    await vscode.commands.executeCommand('vscode.diff', livePolicyUri(t.ref), other, `${t.label} (deployed) ↔ ${vscode.workspace.asRelativePath(other)}`);
    return true;
  };

  const copy = async (arg: unknown, what: 'arn' | 'id'): Promise<string | undefined> => {
    const t = target(arg);
    if (!t) return undefined;
    const text = what === 'id' ? t.ref.keyId : t.key?.arn;
    if (!text) {
      void ui.showErrorMessage(`The ARN of ${t.label} is not known; refresh the AWS Keys view.`);
      return undefined;
    }
    await ui.copy(text);
    void ui.showInformationMessage(`Copied ${text}`);
    return text;
  };

  const enableRotation = async (arg?: unknown): Promise<boolean> => {
    const t = target(arg);
    if (!t) return false;
    const current = t.key && !isDenied(t.key.rotation) && t.key.rotation.periodDays ? t.key.rotation.periodDays : ROTATION_DAYS.default;
    const input = await ui.showInputBox({
      title: `Automatic rotation of ${t.label}`,
      prompt: `Rotate the key material every N days (${ROTATION_DAYS.min}–${ROTATION_DAYS.max}). Each of the first two rotations adds $1 per month to the key's cost.`,
      value: String(current),
      validateInput: validateRotationPeriod,
    });
    if (input === undefined || validateRotationPeriod(input) !== undefined) return false;
    const days = Number(input.trim());
    return (await act('Enable automatic rotation', t, (s, signal) => s.enableKeyRotation(t.ref.region, t.ref.keyId, days, { signal }).then(() => true))) ?? false;
  };

  const disableRotation = async (arg?: unknown): Promise<boolean> => {
    const t = target(arg);
    if (!t || !(await confirm(disableRotationWarning(t.label), undefined, 'Turn Off Rotation'))) return false;
    return (await act('Disable automatic rotation', t, (s, signal) => s.disableKeyRotation(t.ref.region, t.ref.keyId, { signal }).then(() => true))) ?? false;
  };

  const enableKey = async (arg?: unknown): Promise<boolean> => {
    const t = target(arg);
    if (!t) return false;
    return (await act('Enable key', t, (s, signal) => s.enableKey(t.ref.region, t.ref.keyId, { signal }).then(() => true))) ?? false;
  };

  const disableKey = async (arg?: unknown): Promise<boolean> => {
    const t = target(arg);
    if (!t || !(await confirm(disableWarning(t.label), undefined, 'Disable Key'))) return false;
    return (await act('Disable key', t, (s, signal) => s.disableKey(t.ref.region, t.ref.keyId, { signal }).then(() => true))) ?? false;
  };

  const scheduleDeletion = async (arg?: unknown): Promise<Date | undefined> => {
    const t = target(arg);
    if (!t) return undefined;
    if (!(await confirm(`Schedule deletion of ${t.label}?`, deletionWarning(t.label), 'Continue…'))) return undefined;
    const daysText = await ui.showInputBox({
      title: `Schedule deletion of ${t.label}`,
      prompt: `Waiting period in days (${DELETION_DAYS.min}–${DELETION_DAYS.max}). After it, data encrypted under this key is unrecoverable.`,
      value: String(DELETION_DAYS.default),
      validateInput: validateDeletionDays,
    });
    if (daysText === undefined || validateDeletionDays(daysText) !== undefined) return undefined;
    const days = Number(daysText.trim());
    const names = t.key ? confirmationNames(t.key) : [t.ref.keyId];
    const typed = await ui.showInputBox({
      title: `Confirm deletion of ${t.label}`,
      prompt: typedConfirmationPrompt(t.label, names, days),
      placeHolder: names[0],
      validateInput: (v) => validateTypedConfirmation(v, names),
    });
    if (typed === undefined || validateTypedConfirmation(typed, names) !== undefined) return undefined;
    const result = await act('Schedule key deletion', t, (s, signal) => s.scheduleKeyDeletion(t.ref.region, t.ref.keyId, days, { signal }));
    if (result) void ui.showInformationMessage(`${t.label} is pending deletion${result.deletionDate ? ` and will be deleted on ${result.deletionDate.toISOString().slice(0, 10)}` : ''}. Cancel the deletion before then to keep it.`);
    return result ? (result.deletionDate ?? new Date(NaN)) : undefined;
  };

  const cancelDeletion = async (arg?: unknown): Promise<boolean> => {
    const t = target(arg);
    if (!t) return false;
    const done = (await act('Cancel key deletion', t, (s, signal) => s.cancelKeyDeletion(t.ref.region, t.ref.keyId, { signal }).then(() => true))) ?? false;
    if (done) void ui.showInformationMessage(`Deletion of ${t.label} cancelled. The key is disabled; enable it to use it again.`);
    return done;
  };

  const createAlias = async (arg?: unknown): Promise<string | undefined> => {
    const t = target(arg);
    if (!t) return undefined;
    const existing = t.key && !isDenied(t.key.aliases) ? t.key.aliases : [];
    const input = await ui.showInputBox({
      title: `New alias for ${t.label}`, prompt: 'The alias name, starting with alias/', value: 'alias/',
      validateInput: (v) => validateAliasName(v, existing),
    });
    if (input === undefined || validateAliasName(input, existing) !== undefined) return undefined;
    const name = input.trim();
    return (await act('Create alias', t, (s, signal) => s.createAlias(t.ref.region, name, t.ref.keyId, { signal }).then(() => name)));
  };

  const deleteAlias = async (arg?: unknown): Promise<boolean> => {
    const t = target(arg);
    const alias = arg instanceof RowNode ? arg.row.alias : isKeyArgument(arg) ? arg.alias : undefined;
    if (!t) return false;
    if (!alias) {
      void ui.showErrorMessage('Choose an alias under a key in the AWS Keys view.');
      return false;
    }
    if (!(await confirm(deleteAliasWarning(alias, t.label), undefined, 'Delete Alias'))) return false;
    return (await act('Delete alias', t, (s, signal) => s.deleteAlias(t.ref.region, alias, { signal }).then(() => true))) ?? false;
  };

  const revokeGrant = async (arg?: unknown): Promise<boolean> => {
    const t = target(arg);
    if (!t) return false;
    const grant: KeyGrant | undefined = arg instanceof RowNode ? arg.row.grant
      : isKeyArgument(arg) && arg.grantId && t.key && !isDenied(t.key.grants) ? t.key.grants.find((g) => g.id === arg.grantId) : undefined;
    if (!grant) {
      void ui.showErrorMessage('Choose a grant under a key in the AWS Keys view.');
      return false;
    }
    if (!(await confirm(revokeWarning(grant.grantee, grant.operations, t.label), `Grant id: ${grant.id}`, 'Revoke Grant'))) return false;
    return (await act('Revoke grant', t, (s, signal) => s.revokeGrant(t.ref.region, t.ref.keyId, grant.id, { signal }).then(() => true))) ?? false;
  };

  const selectProfile = async (): Promise<string | undefined> => {
    if (!connection.allowed) {
      void ui.showErrorMessage(UNTRUSTED_REASON);
      return undefined;
    }
    let profiles;
    try {
      profiles = await readProfiles();
    } catch (error) {
      void ui.showErrorMessage(`Could not read the AWS shared config or credentials file: ${errorText(error)}`);
      return undefined;
    }
    const current = connection.settings().profile;
    const items = [
      { label: 'Default credential chain', description: current === '' ? 'current' : undefined, detail: 'Environment variables, AWS_PROFILE or the default profile, SSO, container and instance roles', profile: '' },
      ...profiles.map((p) => ({
        label: p.name,
        description: [p.name === current ? 'current' : undefined, p.kind === 'sso' ? 'SSO' : p.kind, p.region].filter(Boolean).join(' · '),
        detail: `from ${p.files.join(' and ')}`,
        profile: p.name,
      })),
    ];
    const picked = await ui.showQuickPick(items, { title: 'AWS profile for the AWS Keys view', placeHolder: profiles.length === 0 ? 'No profiles found in the shared config or credentials file' : 'Choose a profile' });
    if (!picked) return undefined;
    await vscode.workspace.getConfiguration('kmsKeyPolicy.aws').update('profile', picked.profile, vscode.ConfigurationTarget.Global);
    return picked.profile;
  };

  const selectRegions = async (): Promise<readonly string[] | undefined> => {
    if (!connection.allowed) {
      void ui.showErrorMessage(UNTRUSTED_REASON);
      return undefined;
    }
    const current = connection.settings().regions;
    const all = [...new Set([...current, ...KMS_REGIONS])].sort();
    const items = all.map((region) => ({ label: region, picked: current.includes(region) }));
    const picked = await ui.showQuickPickMany(items, { title: 'AWS Regions for the AWS Keys view', placeHolder: 'Choose one or more Regions', canPickMany: true });
    if (!picked) return undefined;
    if (picked.length === 0) {
      void ui.showErrorMessage('Choose at least one Region.');
      return undefined;
    }
    const regions = picked.map((p) => p.label);
    await vscode.workspace.getConfiguration('kmsKeyPolicy.aws').update('regions', regions, vscode.ConfigurationTarget.Global);
    return regions;
  };

  const commands: Record<string, (...args: never[]) => unknown> = {
    'kmsKeyPolicy.aws.refresh': () => keys.refresh(),
    'kmsKeyPolicy.aws.selectProfile': selectProfile,
    'kmsKeyPolicy.aws.selectRegions': selectRegions,
    'kmsKeyPolicy.aws.openPolicy': openPolicy,
    'kmsKeyPolicy.aws.whoCanDecryptLive': whoCanDecryptLive,
    'kmsKeyPolicy.aws.compareWithFile': compareWithFile,
    'kmsKeyPolicy.aws.copyArn': (arg?: unknown) => copy(arg, 'arn'),
    'kmsKeyPolicy.aws.copyId': (arg?: unknown) => copy(arg, 'id'),
    'kmsKeyPolicy.aws.enableRotation': enableRotation,
    'kmsKeyPolicy.aws.disableRotation': disableRotation,
    'kmsKeyPolicy.aws.enableKey': enableKey,
    'kmsKeyPolicy.aws.disableKey': disableKey,
    'kmsKeyPolicy.aws.scheduleDeletion': scheduleDeletion,
    'kmsKeyPolicy.aws.cancelDeletion': cancelDeletion,
    'kmsKeyPolicy.aws.createAlias': createAlias,
    'kmsKeyPolicy.aws.deleteAlias': deleteAlias,
    'kmsKeyPolicy.aws.revokeGrant': revokeGrant,
  };
  // Every command of the view refuses up front in an untrusted workspace (see trustedOnly).
  return Object.entries(commands).map(([id, run]) => vscode.commands.registerCommand(id, trustedOnly(connection, ui, run)));
}

function isKeyArgument(value: unknown): value is KeyArgument {
  return typeof value === 'object' && value !== null && typeof (value as KeyArgument).region === 'string' && typeof (value as KeyArgument).keyId === 'string';
}
