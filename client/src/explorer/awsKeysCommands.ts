/**
 * The AWS Keys view's own commands: refresh, the profile and Region pickers, and copying a key's ARN or id.
 * Registered behind the one trust check (registerAwsCommands).
 */
import * as vscode from 'vscode';
import { KMS_REGIONS, readProfiles } from './awsKeysProfiles';
import { registerAwsCommands } from './awsKeysSession';
import { errorText } from './awsKeysTree';
import { keyCommandKit, type KeyCommandDeps } from './keyCommands';

/** Registers kmsKeyPolicy.aws.refresh, selectProfile, selectRegions, copyArn and copyId. */
export function registerAwsKeysCommands(deps: KeyCommandDeps): vscode.Disposable[] {
  const { ui, keys, connection } = deps;
  const { target } = keyCommandKit(deps);

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

  const selectProfile = async (): Promise<string | undefined> => {
    let profiles;
    try {
      profiles = await readProfiles();
    } catch (error) {
      void ui.showErrorMessage(`Could not read the AWS shared config or credentials file: ${errorText(error)}`);
      return undefined;
    }
    const current = connection.settings().profile;
    const items = [
      {
        label: 'Default credential chain',
        description: current === '' ? 'current' : undefined,
        detail: 'Environment variables, AWS_PROFILE or the default profile, SSO, container and instance roles',
        profile: '',
      },
      ...profiles.map((p) => ({
        label: p.name,
        description: [p.name === current ? 'current' : undefined, p.kind === 'sso' ? 'SSO' : p.kind, p.region].filter(Boolean).join(' · '),
        detail: `from ${p.files.join(' and ')}`,
        profile: p.name,
      })),
    ];
    const picked = await ui.showQuickPick(items, {
      title: 'AWS profile for the AWS Keys view',
      placeHolder: profiles.length === 0 ? 'No profiles found in the shared config or credentials file' : 'Choose a profile',
    });
    if (!picked) return undefined;
    await vscode.workspace.getConfiguration('kmsKeyPolicy.aws').update('profile', picked.profile, vscode.ConfigurationTarget.Global);
    return picked.profile;
  };

  const selectRegions = async (): Promise<readonly string[] | undefined> => {
    const current = connection.settings().regions;
    const all = [...new Set([...current, ...KMS_REGIONS])].sort();
    const items = all.map((region) => ({ label: region, picked: current.includes(region) }));
    const picked = await ui.showQuickPickMany(items, {
      title: 'AWS Regions for the AWS Keys view',
      placeHolder: 'Choose one or more Regions',
      canPickMany: true,
    });
    if (!picked) return undefined;
    if (picked.length === 0) {
      void ui.showErrorMessage('Choose at least one Region.');
      return undefined;
    }
    const regions = picked.map((p) => p.label);
    await vscode.workspace.getConfiguration('kmsKeyPolicy.aws').update('regions', regions, vscode.ConfigurationTarget.Global);
    return regions;
  };

  return registerAwsCommands(connection, ui, {
    'kmsKeyPolicy.aws.refresh': () => keys.refresh(),
    'kmsKeyPolicy.aws.selectProfile': selectProfile,
    'kmsKeyPolicy.aws.selectRegions': selectRegions,
    'kmsKeyPolicy.aws.copyArn': (arg?: unknown) => copy(arg, 'arn'),
    'kmsKeyPolicy.aws.copyId': (arg?: unknown) => copy(arg, 'id'),
  });
}
