/**
 * Changes to one key: policy read and guarded write, enable/disable, rotation, deletion,
 * aliases, grants. Validation, lockout analysis and user confirmation happen in the caller
 * before these are called; these only talk to KMS.
 */
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  PutKeyPolicyCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { call, type SessionClients } from './clients';
import { PolicyChangedError } from './errors';

/** Options shared by single calls. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Options of `putKeyPolicy`. */
export interface PutKeyPolicyOptions extends CallOptions {
  /**
   * The policy text the edit started from (as returned by `getKeyPolicy`). The deployed policy is
   * read again just before writing; if it differs, nothing is written and PolicyChangedError is thrown.
   */
  readonly expectedCurrent: string;
  /** Skip KMS's lockout safety check. Only after the user explicitly accepted the risk. */
  readonly bypassLockoutSafetyCheck?: boolean;
}

/** The key's policy text (the `default` policy, the only one KMS keys have). */
export async function getKeyPolicy(clients: SessionClients, region: string, keyId: string, options: CallOptions = {}): Promise<string> {
  const out = await call(
    'kms:GetKeyPolicy',
    (o) => clients.kms(region).send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }), o),
    options.signal,
  );
  return out.Policy ?? '';
}

/**
 * Writes a key policy unless it changed since `expectedCurrent` was read. KMS has no conditional
 * write, so a change landing between the re-read and the write cannot be caught; the window is
 * one round trip.
 */
export async function putKeyPolicy(clients: SessionClients, region: string, keyId: string, policy: string, options: PutKeyPolicyOptions): Promise<void> {
  const deployed = await getKeyPolicy(clients, region, keyId, options);
  if (deployed !== options.expectedCurrent) throw new PolicyChangedError(keyId, options.expectedCurrent, deployed);
  await call(
    'kms:PutKeyPolicy',
    (o) =>
      clients.kms(region).send(
        new PutKeyPolicyCommand({
          KeyId: keyId,
          PolicyName: 'default',
          Policy: policy,
          BypassPolicyLockoutSafetyCheck: options.bypassLockoutSafetyCheck === true ? true : undefined,
        }),
        o,
      ),
    options.signal,
  );
}

/** Enables a key. */
export async function enableKey(clients: SessionClients, region: string, keyId: string, options: CallOptions = {}): Promise<void> {
  await call('kms:EnableKey', (o) => clients.kms(region).send(new EnableKeyCommand({ KeyId: keyId }), o), options.signal);
}

/** Disables a key: every cryptographic use of it fails until it is enabled again. */
export async function disableKey(clients: SessionClients, region: string, keyId: string, options: CallOptions = {}): Promise<void> {
  await call('kms:DisableKey', (o) => clients.kms(region).send(new DisableKeyCommand({ KeyId: keyId }), o), options.signal);
}

/** Bounds KMS puts on the rotation period, in days. */
export const ROTATION_PERIOD_DAYS = { min: 90, max: 2560, default: 365 } as const;

/** Turns automatic rotation on, with a period of 90–2560 days (KMS's default 365 when omitted). */
export async function enableKeyRotation(clients: SessionClients, region: string, keyId: string, periodDays?: number, options: CallOptions = {}): Promise<void> {
  if (periodDays !== undefined && !(Number.isInteger(periodDays) && periodDays >= ROTATION_PERIOD_DAYS.min && periodDays <= ROTATION_PERIOD_DAYS.max)) {
    throw new RangeError(
      `The rotation period must be a whole number of days from ${ROTATION_PERIOD_DAYS.min} to ${ROTATION_PERIOD_DAYS.max}; got ${periodDays}.`,
    );
  }
  await call(
    'kms:EnableKeyRotation',
    (o) => clients.kms(region).send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: periodDays }), o),
    options.signal,
  );
}

/** Turns automatic rotation off. */
export async function disableKeyRotation(clients: SessionClients, region: string, keyId: string, options: CallOptions = {}): Promise<void> {
  await call('kms:DisableKeyRotation', (o) => clients.kms(region).send(new DisableKeyRotationCommand({ KeyId: keyId }), o), options.signal);
}

/** Bounds KMS puts on the deletion waiting period, in days. */
export const DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;

/** Schedules deletion after a waiting period of 7–30 days; returns when the key will be deleted. */
export async function scheduleKeyDeletion(
  clients: SessionClients,
  region: string,
  keyId: string,
  pendingWindowDays: number,
  options: CallOptions = {},
): Promise<{ deletionDate?: Date }> {
  if (!(Number.isInteger(pendingWindowDays) && pendingWindowDays >= DELETION_WINDOW_DAYS.min && pendingWindowDays <= DELETION_WINDOW_DAYS.max)) {
    throw new RangeError(
      `The waiting period must be a whole number of days from ${DELETION_WINDOW_DAYS.min} to ${DELETION_WINDOW_DAYS.max}; got ${pendingWindowDays}.`,
    );
  }
  const out = await call(
    'kms:ScheduleKeyDeletion',
    (o) => clients.kms(region).send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: pendingWindowDays }), o),
    options.signal,
  );
  return { deletionDate: out.DeletionDate };
}

/** Cancels a scheduled deletion; KMS leaves the key Disabled. */
export async function cancelKeyDeletion(clients: SessionClients, region: string, keyId: string, options: CallOptions = {}): Promise<void> {
  await call('kms:CancelKeyDeletion', (o) => clients.kms(region).send(new CancelKeyDeletionCommand({ KeyId: keyId }), o), options.signal);
}

/** Creates `alias/<name>` for a key (`aliasName` must include the `alias/` prefix). */
export async function createAlias(clients: SessionClients, region: string, aliasName: string, keyId: string, options: CallOptions = {}): Promise<void> {
  await call('kms:CreateAlias', (o) => clients.kms(region).send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId }), o), options.signal);
}

/** Deletes an alias (the key is unaffected). */
export async function deleteAlias(clients: SessionClients, region: string, aliasName: string, options: CallOptions = {}): Promise<void> {
  await call('kms:DeleteAlias', (o) => clients.kms(region).send(new DeleteAliasCommand({ AliasName: aliasName }), o), options.signal);
}

/** Revokes a grant. */
export async function revokeGrant(clients: SessionClients, region: string, keyId: string, grantId: string, options: CallOptions = {}): Promise<void> {
  await call('kms:RevokeGrant', (o) => clients.kms(region).send(new RevokeGrantCommand({ KeyId: keyId, GrantId: grantId }), o), options.signal);
}
