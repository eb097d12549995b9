/**
 * The key actions of the AWS Keys view's context menu: automatic rotation, enable and disable, scheduling and
 * cancelling deletion, aliases and grants. Destructive actions ask first (a deletion also asks for the key's
 * name to be typed); every AWS call runs in a cancellable progress notification and KMS's errors are shown
 * verbatim (keyCommandKit). Registered behind the one trust check (registerAwsCommands).
 */
import type * as vscode from 'vscode';
import { isDenied, type KeyGrant } from '../aws';
import { confirmationNames } from '../explorer/awsKeysModel';
import { registerAwsCommands } from '../explorer/awsKeysSession';
import { RowNode } from '../explorer/awsKeysTree';
import { isKeyArgument, keyCommandKit, type KeyCommandDeps } from '../explorer/keyCommands';
import {
  DELETION_DAYS,
  ROTATION_DAYS,
  deleteAliasWarning,
  deletionWarning,
  disableRotationWarning,
  disableWarning,
  revokeWarning,
  typedConfirmationPrompt,
  validateAliasName,
  validateDeletionDays,
  validateRotationPeriod,
  validateTypedConfirmation,
} from './keyActionPrompts';

/** Registers kmsKeyPolicy.aws.enableRotation … revokeGrant. */
export function registerKeyActionCommands(deps: KeyCommandDeps): vscode.Disposable[] {
  const { ui, connection } = deps;
  const { target, act, confirm } = keyCommandKit(deps);

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
    return (
      (await act('Enable automatic rotation', t, (s, signal) => s.enableKeyRotation(t.ref.region, t.ref.keyId, days, { signal }).then(() => true))) ?? false
    );
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
    if (result)
      void ui.showInformationMessage(
        `${t.label} is pending deletion${result.deletionDate ? ` and will be deleted on ${result.deletionDate.toISOString().slice(0, 10)}` : ''}. Cancel the deletion before then to keep it.`,
      );
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
      title: `New alias for ${t.label}`,
      prompt: 'The alias name, starting with alias/',
      value: 'alias/',
      validateInput: (v) => validateAliasName(v, existing),
    });
    if (input === undefined || validateAliasName(input, existing) !== undefined) return undefined;
    const name = input.trim();
    return await act('Create alias', t, (s, signal) => s.createAlias(t.ref.region, name, t.ref.keyId, { signal }).then(() => name));
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
    const grant: KeyGrant | undefined =
      arg instanceof RowNode
        ? arg.row.grant
        : isKeyArgument(arg) && arg.grantId && t.key && !isDenied(t.key.grants)
          ? t.key.grants.find((g) => g.id === arg.grantId)
          : undefined;
    if (!grant) {
      void ui.showErrorMessage('Choose a grant under a key in the AWS Keys view.');
      return false;
    }
    if (!(await confirm(revokeWarning(grant.grantee, grant.operations, t.label), `Grant id: ${grant.id}`, 'Revoke Grant'))) return false;
    return (await act('Revoke grant', t, (s, signal) => s.revokeGrant(t.ref.region, t.ref.keyId, grant.id, { signal }).then(() => true))) ?? false;
  };

  return registerAwsCommands(connection, ui, {
    'kmsKeyPolicy.aws.enableRotation': enableRotation,
    'kmsKeyPolicy.aws.disableRotation': disableRotation,
    'kmsKeyPolicy.aws.enableKey': enableKey,
    'kmsKeyPolicy.aws.disableKey': disableKey,
    'kmsKeyPolicy.aws.scheduleDeletion': scheduleDeletion,
    'kmsKeyPolicy.aws.cancelDeletion': cancelDeletion,
    'kmsKeyPolicy.aws.createAlias': createAlias,
    'kmsKeyPolicy.aws.deleteAlias': deleteAlias,
    'kmsKeyPolicy.aws.revokeGrant': revokeGrant,
  });
}
