/**
 * The checks and wording of the key actions' prompts, as pure functions (no `vscode`): input
 * validation for rotation periods, deletion waiting periods, alias names and the typed confirmation
 * of a deletion, and the plain warnings destructive actions show.
 */

/** KMS's bounds on the rotation period, in days (mirrors the AWS module's ROTATION_PERIOD_DAYS). */
export const ROTATION_DAYS = { min: 90, max: 2560, default: 365 } as const;

/** KMS's bounds on the deletion waiting period, in days (mirrors the AWS module's DELETION_WINDOW_DAYS). */
export const DELETION_DAYS = { min: 7, max: 30, default: 30 } as const;

function wholeDays(input: string, min: number, max: number, what: string): string | undefined {
  const text = input.trim();
  if (!/^\d+$/.test(text)) return `Enter the ${what} as a whole number of days from ${min} to ${max}.`;
  const days = Number(text);
  return days < min || days > max ? `The ${what} must be from ${min} to ${max} days; ${days} is outside that range.` : undefined;
}

/** An error message for a bad rotation period, or undefined when `input` is a valid one. */
export function validateRotationPeriod(input: string): string | undefined {
  return wholeDays(input, ROTATION_DAYS.min, ROTATION_DAYS.max, 'rotation period');
}

/** An error message for a bad deletion waiting period, or undefined when `input` is a valid one. */
export function validateDeletionDays(input: string): string | undefined {
  return wholeDays(input, DELETION_DAYS.min, DELETION_DAYS.max, 'waiting period');
}

/**
 * An error message for an alias name KMS would refuse, or undefined when it is acceptable:
 * `alias/` then 1–250 of letters, digits, `/`, `_`, `-`; not `alias/aws/…` (reserved for AWS).
 */
export function validateAliasName(input: string, existing: readonly string[] = []): string | undefined {
  const name = input.trim();
  if (!name.startsWith('alias/')) return 'An alias name starts with "alias/", e.g. alias/app-data.';
  if (name.startsWith('alias/aws/')) return 'Aliases starting with "alias/aws/" are reserved for AWS managed keys.';
  const rest = name.slice('alias/'.length);
  if (rest.length === 0) return 'Enter a name after "alias/".';
  if (name.length > 256) return `An alias name is at most 256 characters; this one has ${name.length}.`;
  if (!/^[A-Za-z0-9/_-]+$/.test(rest)) return 'An alias name may contain only letters, digits, "/", "_" and "-".';
  if (existing.includes(name)) return `${name} already points to this key.`;
  return undefined;
}

/**
 * An error message unless `input` is exactly one of `names` (the key's aliases or its id), which the
 * user types to confirm deleting the key.
 */
export function validateTypedConfirmation(input: string, names: readonly string[]): string | undefined {
  if (names.includes(input.trim())) return undefined;
  return `Type ${names.length > 1 ? `${names[0]} or the key id` : 'the key id'} exactly to confirm.`;
}

/** The warning a deletion shows before anything is typed. */
export function deletionWarning(keyLabel: string): string {
  return `Deleting ${keyLabel} destroys its key material. Once the waiting period ends, data encrypted under this key can never be decrypted again, by anyone, including AWS. During the waiting period the key cannot be used, and you can cancel the deletion.`;
}

/** The prompt of the typed confirmation. */
export function typedConfirmationPrompt(keyLabel: string, names: readonly string[], days: number): string {
  return `Data encrypted under ${keyLabel} becomes unrecoverable ${days} days after you confirm. Type ${names[0]}${names.length > 1 ? ' (or the key id)' : ''} to schedule the deletion.`;
}

/** The warning before disabling a key. */
export function disableWarning(keyLabel: string): string {
  return `Disable ${keyLabel}? Every encrypt, decrypt and other cryptographic use of the key fails until it is enabled again; services that depend on it (S3, EBS, RDS…) stop being able to read that data.`;
}

/** The warning before revoking a grant. */
export function revokeWarning(grantee: string, operations: readonly string[], keyLabel: string): string {
  return `Revoke the grant that lets ${grantee} use ${keyLabel} (${operations.join(', ')})? Callers relying on it are denied at once; it cannot be restored, only created again.`;
}

/** The warning before deleting an alias. */
export function deleteAliasWarning(alias: string, keyLabel: string): string {
  return `Delete ${alias}? The key itself (${keyLabel}) is not affected, but applications and policies that refer to the key through ${alias} stop finding it.`;
}

/** The warning before turning rotation off. */
export function disableRotationWarning(keyLabel: string): string {
  return `Turn off automatic rotation of ${keyLabel}? Existing key material is kept; no new material is created until rotation is turned on again.`;
}
