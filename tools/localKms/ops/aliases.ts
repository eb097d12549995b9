/** Alias operations: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. */
import { ServiceError, constraintViolation, notFound } from '../errors';
import { KEY_SPECS } from '../keySpecs';
import type { StoredAlias, StoredKey } from '../model';
import { paginate } from '../paging';
import { authorize, requireNotPendingDeletion, resolveKey, type OpContext, type Operation } from './context';
import { optionalString, requireString, type Input } from './input';

const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

function readAliasName(input: Input): string {
  const name = requireString(input, 'AliasName', 1, 256);
  if (!ALIAS_NAME.test(name)) {
    throw constraintViolation('aliasName', name, 'Member must satisfy regular expression pattern: ^alias/[a-zA-Z0-9/_-]+$');
  }
  if (name.startsWith('alias/aws/')) {
    throw new ServiceError('InvalidAliasNameException', `Alias names that begin with alias/aws/ are reserved for AWS managed keys: ${name}`);
  }
  return name;
}

function aliasTarget(ctx: OpContext, input: Input, action: string): StoredKey {
  const key = resolveKey(ctx, requireString(input, 'TargetKeyId', 1, 2048), false);
  authorize(ctx, action, key);
  if (key.accountId !== ctx.home.accountId) {
    throw new ServiceError('AccessDeniedException', 'An alias must be in the same account and Region as its KMS key.');
  }
  if (key.keyManager === 'AWS') {
    throw new ServiceError('UnsupportedOperationException', `${key.arn} is an AWS managed key; it cannot get a customer alias.`);
  }
  requireNotPendingDeletion(key);
  return key;
}

function requireRoomForAlias(ctx: OpContext, key: StoredKey): void {
  if (ctx.home.aliasesOf(key.keyId).length >= ctx.settings.quotas.aliasesPerKey) {
    throw new ServiceError('LimitExceededException', `${key.arn} already has the maximum of ${ctx.settings.quotas.aliasesPerKey} aliases.`);
  }
}

const createAlias: Operation = (input, ctx) => {
  const name = readAliasName(input);
  const key = aliasTarget(ctx, input, 'kms:CreateAlias');
  ctx.resources.add(ctx.home.aliasArn(name));
  if (ctx.home.aliases.has(name)) {
    throw new ServiceError('AlreadyExistsException', `An alias with the name ${ctx.home.aliasArn(name)} already exists`);
  }
  requireRoomForAlias(ctx, key);
  const alias: StoredAlias = {
    name,
    arn: ctx.home.aliasArn(name),
    targetKeyId: key.keyId,
    creationDate: ctx.now,
    lastUpdatedDate: ctx.now,
    seq: ctx.home.seq(),
  };
  ctx.home.aliases.set(name, alias);
  return {};
};

function existingAlias(ctx: OpContext, name: string): StoredAlias {
  const alias = ctx.home.aliases.get(name);
  ctx.resources.add(ctx.home.aliasArn(name));
  if (alias === undefined) throw notFound(`Alias ${ctx.home.aliasArn(name)} is not found.`);
  return alias;
}

function keyClass(key: StoredKey): string {
  const spec = key.keySpec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : KEY_SPECS[key.keySpec]?.mac !== undefined ? 'hmac' : 'asymmetric';
  return `${spec}/${key.keyUsage}`;
}

const updateAlias: Operation = (input, ctx) => {
  const name = readAliasName(input);
  const alias = existingAlias(ctx, name);
  const current = alias.targetKeyId === undefined ? undefined : ctx.home.keys.get(alias.targetKeyId);
  if (current !== undefined) authorize(ctx, 'kms:UpdateAlias', current);
  const key = aliasTarget(ctx, input, 'kms:UpdateAlias');
  if (current !== undefined && keyClass(current) !== keyClass(key)) {
    throw new ServiceError('ValidationException', `${key.arn} is not the same key type and key usage as the alias's current key.`);
  }
  if (current?.keyId !== key.keyId) requireRoomForAlias(ctx, key);
  alias.targetKeyId = key.keyId;
  alias.lastUpdatedDate = ctx.now;
  return {};
};

const deleteAlias: Operation = (input, ctx) => {
  const name = readAliasName(input);
  const alias = existingAlias(ctx, name);
  const key = alias.targetKeyId === undefined ? undefined : ctx.home.keys.get(alias.targetKeyId);
  if (key !== undefined) {
    ctx.resources.add(key.arn);
    authorize(ctx, 'kms:DeleteAlias', key);
  }
  ctx.home.aliases.delete(name);
  return {};
};

const listAliases: Operation = (input, ctx) => {
  authorize(ctx, 'kms:ListAliases');
  const keyId = optionalString(input, 'KeyId', 1, 2048);
  let aliases = [...ctx.home.aliases.values()];
  if (keyId !== undefined) {
    const key = resolveKey(ctx, keyId, false);
    aliases = aliases.filter((a) => a.targetKeyId === key.keyId && key.accountId === ctx.home.accountId);
  }
  aliases.sort((a, b) => a.seq - b.seq);
  const page = paginate(aliases, (a) => a.seq, input, 'aliases', { defaultLimit: 50, maxLimit: 100 });
  return {
    Aliases: page.items.map((a) => ({
      AliasName: a.name,
      AliasArn: a.arn,
      TargetKeyId: a.targetKeyId,
      CreationDate: a.creationDate,
      LastUpdatedDate: a.lastUpdatedDate,
    })),
    Truncated: page.truncated,
    NextMarker: page.nextMarker,
  };
};

/** Alias operations by name. */
export const aliasOperations: Readonly<Record<string, Operation>> = {
  CreateAlias: createAlias,
  UpdateAlias: updateAlias,
  DeleteAlias: deleteAlias,
  ListAliases: listAliases,
};
