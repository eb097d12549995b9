/** Automatic rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus. */
import { ServiceError } from '../errors';
import type { StoredKey } from '../model';
import { stateError, type Operation } from './context';
import { optionalInt } from './input';
import { managedKey } from './keys';

const DAY_MS = 86_400_000;

/** Only symmetric keys with KMS-generated material, outside custom key stores, rotate automatically. */
function rotatable(key: StoredKey): boolean {
  return key.keySpec === 'SYMMETRIC_DEFAULT' && key.origin === 'AWS_KMS' && key.multiRegion?.type !== 'REPLICA';
}

function requireRotatable(key: StoredKey): void {
  if (key.keyManager === 'AWS') {
    throw new ServiceError('UnsupportedOperationException', `${key.arn} is an AWS managed key; its rotation cannot be changed.`);
  }
  if (!rotatable(key)) {
    throw new ServiceError('UnsupportedOperationException', `${key.arn} does not support automatic key rotation.`);
  }
  if (key.state !== 'Enabled') throw stateError(key);
}

/** The first scheduled rotation after `now` for a key rotating every `periodDays` since `from`. */
export function nextRotationDate(from: Date, periodDays: number, now: Date): Date {
  const period = periodDays * DAY_MS;
  const elapsed = Math.max(0, now.getTime() - from.getTime());
  return new Date(from.getTime() + (Math.floor(elapsed / period) + 1) * period);
}

const enableKeyRotation: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:EnableKeyRotation');
  const period = optionalInt(input, 'RotationPeriodInDays', 90, 2560) ?? 365;
  requireRotatable(key);
  key.rotation = { enabled: true, periodDays: period, enabledAt: key.rotation.enabled ? key.rotation.enabledAt : ctx.now };
  return {};
};

const disableKeyRotation: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:DisableKeyRotation');
  requireRotatable(key);
  key.rotation = { enabled: false, periodDays: key.rotation.periodDays };
  return {};
};

const getKeyRotationStatus: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:GetKeyRotationStatus');
  // Pending deletion: KMS reports rotation off and does not rotate, but keeps the setting.
  const enabled = key.rotation.enabled && key.state !== 'PendingDeletion' && rotatable(key);
  return {
    KeyId: key.arn,
    KeyRotationEnabled: enabled,
    RotationPeriodInDays: enabled ? key.rotation.periodDays : undefined,
    NextRotationDate:
      enabled && key.state === 'Enabled' ? nextRotationDate(key.rotation.enabledAt ?? key.creationDate, key.rotation.periodDays, ctx.now) : undefined,
  };
};

/** Rotation operations by name. */
export const rotationOperations: Readonly<Record<string, Operation>> = {
  EnableKeyRotation: enableKeyRotation,
  DisableKeyRotation: disableKeyRotation,
  GetKeyRotationStatus: getKeyRotationStatus,
};
