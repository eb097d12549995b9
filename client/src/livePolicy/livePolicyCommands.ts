/**
 * The commands on a key's live policy: open it (a `kms-policy:` document that saves back to KMS through the safe
 * save), ask who can decrypt under it (the server's answer, with grants and key state, and the key's CloudTrail
 * activity beside it), and compare it with a workspace file. Registered behind the one trust check
 * (registerAwsCommands).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WhoCanNamedRequest, WhoCanRequest, type KeyState, type NamedWhoCanAnswer, type WhoCanNamedParams, type WhoCanParams } from '../../../shared/protocol';
import { isDenied } from '../aws';
import type { LiveActivity } from '../explorer/activityCommands';
import { grantForWhoCan } from '../explorer/awsKeysModel';
import { registerAwsCommands } from '../explorer/awsKeysSession';
import { errorText } from '../explorer/awsKeysTree';
import { keyCommandKit, type KeyCommandDeps, type KeyTarget } from '../explorer/keyCommands';
import { LANGUAGE_ID } from '../languageClient';
import type { WhoCanReports } from '../whoCanView';
import { liveIam } from '../whoCan/liveIam';
import { matrixFromNamed, type MatrixModel } from '../whoCan/matrixModel';
import { namedWhoDid, whoDidMarkdown } from '../whoCan/namedActivity';
import { classMatrix } from '../whoCan/whoCanCommands';
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

  /**
   * The server's who-can-decrypt answer on the deployed policy, with the key's grants and state: by name when the
   * key account's IAM can be read (iam:GetAccountAuthorizationDetails), else by principal class with the reason.
   */
  const liveAnswer = (t: KeyTarget): Promise<{ model: MatrixModel; text: string; named?: NamedWhoCanAnswer } | undefined> =>
    act(
      'Who can decrypt (live)',
      t,
      async (session, signal, progress) => {
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
        const caveats: string[] = [];
        if (key === undefined) caveats.push('The key is not in the listed keys, so its grants, state and IAM are not included.');
        else {
          if (isDenied(key.grants)) caveats.push(`Grants are not included: ${key.grants.denied} failed (${key.grants.code}: ${key.grants.message}).`);
          if (isDenied(key.details)) caveats.push(`The key state is not included: ${key.details.denied} failed (${key.details.code}: ${key.details.message}).`);
        }
        const title = `Who can decrypt (live) — ${t.label}`;
        const iam = key ? await liveIam(session, key.accountId, signal, (message) => progress.report({ message })) : undefined;
        if (iam && 'note' in iam) caveats.unshift(iam.note);
        const quoted = (markdown: string): string => (caveats.length === 0 ? markdown : `${caveats.map((c) => `> ${c}`).join('\n>\n')}\n\n${markdown}`);
        if (iam && 'iam' in iam) {
          progress.report({ message: 'evaluating who can, by name…' });
          const aliases = key && !isDenied(key.aliases) ? key.aliases : undefined;
          const tags = key && !isDenied(key.tags) ? Object.fromEntries(key.tags.map((tag) => [tag.key, tag.value])) : undefined;
          const named: WhoCanNamedParams = { ...params, iam: [iam.iam], ...(aliases ? { aliases } : {}), ...(tags ? { tags } : {}) };
          const result = await deps.client.sendRequest(WhoCanNamedRequest, named);
          const model = matrixFromNamed(title, result.answer, quoted(result.markdown), result.summary);
          return { model: { ...model, notes: [...caveats, ...model.notes] }, text, named: result.answer };
        }
        const report = await deps.client.sendRequest(WhoCanRequest, params);
        const model = classMatrix(title, { ...report, markdown: quoted(report.markdown) });
        return { model: { ...model, notes: [...caveats, ...model.notes] }, text };
      },
      false,
    );

  const whoCanDecryptLive = async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const t = target(arg);
    const answer = t ? await liveAnswer(t) : undefined;
    if (!t || !answer) return undefined;
    let model = answer.model;
    // Who did, beside who can: the key's CloudTrail events analysed with the same policy text, joined by name
    // when the answer names principals. The answer stands when they cannot be had; the report then says why.
    if (deps.activity) {
      const beside = await deps.activity.besideWhoCan(t.ref.region, t.key, answer.text);
      if (answer.named && beside.activity) {
        const whoDid = namedWhoDid(answer.named, beside.activity);
        model = { ...model, whoDid, markdown: `${model.markdown.trimEnd()}\n\n${whoDidMarkdown(whoDid)}\n${beside.markdown}` };
      } else {
        model = { ...model, appendix: { title: 'Who can vs who did', text: beside.markdown }, markdown: `${model.markdown.trimEnd()}\n\n${beside.markdown}` };
      }
    }
    return deps.reports.showMatrix(model, livePolicyUri(t.ref));
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
