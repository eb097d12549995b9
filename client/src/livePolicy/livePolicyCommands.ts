/**
 * The commands on a key's live policy: open it (a `kms-policy:` document that saves back to KMS through the safe
 * save), ask who can decrypt under it (the server's answer, with grants and key state, and the key's CloudTrail
 * activity beside it), and compare it with a workspace file. Registered behind the one trust check
 * (registerAwsCommands).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WhoCanRequest, type KeyState, type WhoCanParams } from '../../../shared/protocol';
import { isDenied } from '../aws';
import type { LiveActivity } from '../explorer/activityCommands';
import { grantForWhoCan } from '../explorer/awsKeysModel';
import { registerAwsCommands } from '../explorer/awsKeysSession';
import { errorText } from '../explorer/awsKeysTree';
import { keyCommandKit, type KeyCommandDeps, type KeyTarget } from '../explorer/keyCommands';
import { LANGUAGE_ID } from '../languageClient';
import type { WhoCanReports } from '../whoCanView';
import { livePolicyUri } from './livePolicyFs';

/** What the live-policy commands need besides the key commands' deps. */
export interface LivePolicyCommandDeps extends KeyCommandDeps {
  readonly client: Pick<LanguageClient, 'sendRequest'>;
  readonly reports: WhoCanReports;
  /** The key's activity, set beside the live who-can answer (without it the report is who can alone). */
  readonly activity?: LiveActivity;
}

/**
 * Key states the server's who-can request accepts; others (a state newer than the engine knows) are left out
 * rather than failing the request. A record of every KeyState, so the typecheck fails when the engine's list changes.
 */
const KEY_STATES: Readonly<Record<KeyState, true>> = {
  Creating: true,
  Disabled: true,
  Enabled: true,
  PendingDeletion: true,
  PendingImport: true,
  PendingReplicaDeletion: true,
  Unavailable: true,
  Updating: true,
};
const isKeyState = (state: string): state is KeyState => Object.hasOwn(KEY_STATES, state);

/** Registers kmsKeyPolicy.aws.openPolicy, whoCanDecryptLive and compareWithFile. */
export function registerLivePolicyCommands(deps: LivePolicyCommandDeps): vscode.Disposable[] {
  const { ui, connection } = deps;
  const { target, act } = keyCommandKit(deps);

  const openPolicy = async (arg?: unknown): Promise<vscode.TextEditor | undefined> => {
    const t = target(arg);
    if (!t) return undefined;
    try {
      let document = await vscode.workspace.openTextDocument(livePolicyUri(t.ref));
      if (document.languageId !== LANGUAGE_ID) document = await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
      return await vscode.window.showTextDocument(document, { preview: false });
    } catch (error) {
      void ui.showErrorMessage(`Could not open the key policy of ${t.label}: ${errorText(error)}`);
      return undefined;
    }
  };

  /** The server's who-can-decrypt answer on the deployed policy, with the key's grants and state, and what it leaves out. */
  const liveAnswer = (t: KeyTarget): Promise<{ markdown: string; text: string } | undefined> =>
    act(
      'Who can decrypt (live)',
      t,
      async (session, signal) => {
        const text = await session.getKeyPolicy(t.ref.region, t.ref.keyId, { signal });
        const key = t.key;
        const grants = key && !isDenied(key.grants) ? key.grants.map(grantForWhoCan).filter((g) => g !== undefined) : undefined;
        const state = key && !isDenied(key.details) && isKeyState(key.details.state) ? key.details.state : undefined;
        const params: WhoCanParams = {
          text,
          question: 'decrypt',
          region: t.ref.region,
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
      },
      false,
    );

  const whoCanDecryptLive = async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const t = target(arg);
    const answer = t ? await liveAnswer(t) : undefined;
    if (!t || !answer) return undefined;
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
      const items = [
        ...[...found.values()].sort((a, b) => a.path.localeCompare(b.path)).map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
        browse,
      ];
      const picked = await ui.showQuickPick(items, {
        title: `Compare the deployed policy of ${t.label} with…`,
        placeHolder: 'A key policy file in the workspace',
      });
      if (!picked) return false;
      other = picked.uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Key policies': ['json'] } }))?.[0];
      if (!other) return false;
    }
    await vscode.commands.executeCommand('vscode.diff', livePolicyUri(t.ref), other, `${t.label} (deployed) ↔ ${vscode.workspace.asRelativePath(other)}`);
    return true;
  };

  return registerAwsCommands(connection, ui, {
    'kmsKeyPolicy.aws.openPolicy': openPolicy,
    'kmsKeyPolicy.aws.whoCanDecryptLive': whoCanDecryptLive,
    'kmsKeyPolicy.aws.compareWithFile': compareWithFile,
  });
}
