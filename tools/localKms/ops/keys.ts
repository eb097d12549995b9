/**
 * Key lifecycle operations: CreateKey, DescribeKey, ListKeys, UpdateKeyDescription, EnableKey,
 * DisableKey, ScheduleKeyDeletion, CancelKeyDeletion.
 */
import { randomBytes } from 'node:crypto';
import { ServiceError, constraintViolation, malformedPolicy } from '../errors';
import { KEY_SPECS } from '../keySpecs';
import { newKeyId, type StoredKey } from '../model';
import { paginate } from '../paging';
import { defaultKeyPolicy, validatePolicyText } from '../policyDocument';
import { authorize, requireNotPendingDeletion, resolveKey, stateError, type OpContext, type Operation } from './context';
import { flag, optionalInt, optionalString, requireString, type Input } from './input';
import { readTags } from './tags';

const DAY_MS = 86_400_000;

/** The KeyMetadata structure DescribeKey, CreateKey and friends answer with. */
export function keyMetadata(key: StoredKey): Record<string, unknown> {
  const spec = KEY_SPECS[key.keySpec];
  const usage = key.keyUsage;
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.creationDate,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: usage,
    KeyState: key.state,
    DeletionDate: key.state === 'PendingDeletion' ? key.deletionDate : undefined,
    PendingDeletionWindowInDays: key.state === 'PendingDeletion' ? key.pendingWindowDays : undefined,
    Origin: key.origin,
    ExpirationModel: key.origin === 'EXTERNAL' ? 'KEY_MATERIAL_DOES_NOT_EXPIRE' : undefined,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    EncryptionAlgorithms: usage === 'ENCRYPT_DECRYPT' ? spec?.encryption : undefined,
    SigningAlgorithms: usage === 'SIGN_VERIFY' ? spec?.signing : undefined,
    MacAlgorithms: usage === 'GENERATE_VERIFY_MAC' ? spec?.mac : undefined,
    KeyAgreementAlgorithms: usage === 'KEY_AGREEMENT' ? spec?.keyAgreement : undefined,
    MultiRegion: key.multiRegion !== undefined,
    MultiRegionConfiguration:
      key.multiRegion === undefined
        ? undefined
        : {
            MultiRegionKeyType: key.multiRegion.type,
            PrimaryKey: key.multiRegion.primary,
            ReplicaKeys: key.multiRegion.replicas,
          },
  };
}

const createKey: Operation = (input, ctx) => {
  authorize(ctx, 'kms:CreateKey');
  const keySpec = optionalString(input, 'KeySpec') ?? optionalString(input, 'CustomerMasterKeySpec') ?? 'SYMMETRIC_DEFAULT';
  const spec = KEY_SPECS[keySpec];
  if (spec === undefined) {
    throw constraintViolation('keySpec', keySpec, `Member must satisfy enum value set: [${Object.keys(KEY_SPECS).join(', ')}]`);
  }
  const keyUsage = optionalString(input, 'KeyUsage') ?? 'ENCRYPT_DECRYPT';
  if (!spec.usages.includes(keyUsage)) {
    throw new ServiceError('ValidationException', `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}.`);
  }
  const origin = optionalString(input, 'Origin') ?? 'AWS_KMS';
  if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') {
    throw new ServiceError('UnsupportedOperationException', `Origin ${origin} needs a custom key store, which this endpoint does not have.`);
  }
  if (origin === 'EXTERNAL' && keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new ServiceError('UnsupportedOperationException', 'This endpoint imports key material only into SYMMETRIC_DEFAULT keys.');
  }
  const description = optionalString(input, 'Description', 0, 8192) ?? '';
  const tags = readTags(input.Tags, 'tags');
  const multiRegion = flag(input, 'MultiRegion');
  const home = ctx.home;
  const customerKeys = [...home.keys.values()].filter((k) => k.keyManager === 'CUSTOMER').length;
  if (customerKeys >= ctx.settings.quotas.keysPerRegion) {
    throw new ServiceError(
      'LimitExceededException',
      `The request was rejected because the account has reached the quota of ${ctx.settings.quotas.keysPerRegion} KMS keys in ${ctx.region}.`,
    );
  }
  const keyId = newKeyId(multiRegion);
  const arn = home.keyArn(keyId);
  let policy = defaultKeyPolicy(home.accountId);
  if (input.Policy !== undefined && input.Policy !== null) {
    validatePolicyText(input.Policy);
    policy = input.Policy as string;
    if (!flag(input, 'BypassPolicyLockoutSafetyCheck') && !ctx.settings.lockoutCheck(policy, ctx.caller.arn, arn)) {
      throw malformedPolicy('The new key policy will not allow you to update the key policy in the future.');
    }
  }
  const key: StoredKey = {
    keyId,
    arn,
    accountId: home.accountId,
    region: home.region,
    creationDate: ctx.now,
    description,
    keyUsage,
    keySpec,
    origin,
    keyManager: 'CUSTOMER',
    state: origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    multiRegion: multiRegion ? { type: 'PRIMARY', primary: { Arn: arn, Region: home.region }, replicas: [] } : undefined,
    policy,
    rotation: { enabled: false, periodDays: 365 },
    material: origin === 'EXTERNAL' ? undefined : randomBytes(32),
    tags: new Map(tags.map((t) => [t.TagKey, t.TagValue])),
    grants: [],
    seq: home.seq(),
  };
  home.keys.set(keyId, key);
  ctx.resources.add(arn);
  const metadata = keyMetadata(key);
  ctx.responseElements = { keyMetadata: metadata };
  return { KeyMetadata: metadata };
};

const describeKey: Operation = (input, ctx) => {
  const key = resolveKey(ctx, requireString(input, 'KeyId'), true);
  authorize(ctx, 'kms:DescribeKey', key);
  return { KeyMetadata: keyMetadata(key) };
};

const listKeys: Operation = (input, ctx) => {
  authorize(ctx, 'kms:ListKeys');
  const keys = [...ctx.home.keys.values()].sort((a, b) => a.seq - b.seq);
  const page = paginate(keys, (k) => k.seq, input, 'keys', { defaultLimit: 100, maxLimit: 1000 });
  return {
    Keys: page.items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })),
    Truncated: page.truncated,
    NextMarker: page.nextMarker,
  };
};

/** Resolves a key for a management operation (key id or ARN only) and authorizes the action on it. */
export function managedKey(ctx: OpContext, input: Input, action: string): StoredKey {
  const key = resolveKey(ctx, requireString(input, 'KeyId'), false);
  authorize(ctx, action, key);
  return key;
}

const updateKeyDescription: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:UpdateKeyDescription');
  const description = optionalString(input, 'Description', 0, 8192);
  if (description === undefined) throw constraintViolation('description', undefined, 'Member must not be null');
  requireNotPendingDeletion(key);
  key.description = description;
  return {};
};

const enableKey: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:EnableKey');
  if (key.state === 'PendingDeletion' || key.state === 'PendingImport') throw stateError(key);
  key.state = 'Enabled';
  return {};
};

const disableKey: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:DisableKey');
  if (key.state === 'PendingDeletion' || key.state === 'PendingImport') throw stateError(key);
  key.state = 'Disabled';
  return {};
};

const scheduleKeyDeletion: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:ScheduleKeyDeletion');
  const days = optionalInt(input, 'PendingWindowInDays', 7, 30) ?? 30;
  if (key.state === 'PendingDeletion') throw stateError(key);
  key.state = 'PendingDeletion';
  key.pendingWindowDays = days;
  key.deletionDate = new Date(ctx.now.getTime() + days * DAY_MS);
  ctx.responseElements = { keyId: key.arn, deletionDate: key.deletionDate.toISOString(), keyState: key.state, pendingWindowInDays: days };
  return { KeyId: key.arn, DeletionDate: key.deletionDate, KeyState: key.state, PendingWindowInDays: days };
};

const cancelKeyDeletion: Operation = (input, ctx) => {
  const key = managedKey(ctx, input, 'kms:CancelKeyDeletion');
  if (key.state !== 'PendingDeletion') {
    throw new ServiceError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
  }
  key.state = 'Disabled';
  key.deletionDate = undefined;
  key.pendingWindowDays = undefined;
  return { KeyId: key.arn };
};

/** Key lifecycle operations by name. */
export const keyOperations: Readonly<Record<string, Operation>> = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  UpdateKeyDescription: updateKeyDescription,
  EnableKey: enableKey,
  DisableKey: disableKey,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CancelKeyDeletion: cancelKeyDeletion,
};
