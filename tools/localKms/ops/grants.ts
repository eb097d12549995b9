/** Grant operations: CreateGrant, ListGrants, RevokeGrant, RetireGrant. */
import { randomBytes } from 'node:crypto';
import { ServiceError, accessDenied, constraintViolation, notFound } from '../errors';
import { newGrantId, type StoredGrant, type StoredKey } from '../model';
import { paginate } from '../paging';
import { authorize, requireEnabled, resolveKey, type OpContext, type Operation } from './context';
import { endDryRun, optionalString, optionalStringList, optionalStringMap, requireString, type Input } from './input';

const COMMON = ['CreateGrant', 'DescribeKey', 'RetireGrant'];
const OPERATIONS_BY_USAGE: Readonly<Record<string, readonly string[]>> = {
  symmetric: [
    ...COMMON,
    'Decrypt',
    'Encrypt',
    'GenerateDataKey',
    'GenerateDataKeyWithoutPlaintext',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
    'ReEncryptFrom',
    'ReEncryptTo',
  ],
  ENCRYPT_DECRYPT: [...COMMON, 'Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey'],
  SIGN_VERIFY: [...COMMON, 'Sign', 'Verify', 'GetPublicKey'],
  GENERATE_VERIFY_MAC: [...COMMON, 'GenerateMac', 'VerifyMac'],
  KEY_AGREEMENT: [...COMMON, 'DeriveSharedSecret', 'GetPublicKey'],
};

function allowedOperations(key: StoredKey): readonly string[] {
  return key.keySpec === 'SYMMETRIC_DEFAULT' ? OPERATIONS_BY_USAGE.symmetric : (OPERATIONS_BY_USAGE[key.keyUsage] ?? COMMON);
}

function grantKey(ctx: OpContext, input: Input, action: string): StoredKey {
  const key = resolveKey(ctx, requireString(input, 'KeyId'), false);
  authorize(ctx, action, key);
  return key;
}

function readConstraints(input: Input, key: StoredKey): StoredGrant['constraints'] {
  const raw = input.Constraints;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ServiceError('SerializationException', 'Constraints must be a structure.');
  const c = raw as Input;
  const subset = optionalStringMap(c, 'EncryptionContextSubset');
  const equals = optionalStringMap(c, 'EncryptionContextEquals');
  if (subset === undefined && equals === undefined) return undefined;
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new ServiceError('ValidationException', 'Encryption context grant constraints are supported only on symmetric encryption KMS keys.');
  }
  return { ...(subset && { EncryptionContextSubset: subset }), ...(equals && { EncryptionContextEquals: equals }) };
}

function sameGrant(g: StoredGrant, other: Omit<StoredGrant, 'grantId' | 'grantToken' | 'creationDate' | 'seq'>): boolean {
  return (
    g.name === other.name &&
    g.granteePrincipal === other.granteePrincipal &&
    g.retiringPrincipal === other.retiringPrincipal &&
    JSON.stringify([...g.operations].sort()) === JSON.stringify([...other.operations].sort()) &&
    JSON.stringify(g.constraints ?? null) === JSON.stringify(other.constraints ?? null)
  );
}

const createGrant: Operation = (input, ctx) => {
  const key = grantKey(ctx, input, 'kms:CreateGrant');
  const grantee = requireString(input, 'GranteePrincipal', 1, 256);
  const retiring = optionalString(input, 'RetiringPrincipal', 1, 256);
  const name = optionalString(input, 'Name', 1, 256);
  if (name !== undefined && !/^[a-zA-Z0-9:/_-]+$/.test(name)) {
    throw constraintViolation('name', name, 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$');
  }
  const operations = optionalStringList(input, 'Operations');
  if (operations === undefined) throw constraintViolation('operations', undefined, 'Member must not be null');
  if (operations.length === 0) throw constraintViolation('operations', '[]', 'Member must have length greater than or equal to 1');
  const allowed = allowedOperations(key);
  const unsuitable = operations.filter((op) => !allowed.includes(op));
  if (unsuitable.length > 0) {
    throw new ServiceError('ValidationException', `Grant operations ${unsuitable.join(', ')} are not valid for ${key.arn} (${key.keySpec}, ${key.keyUsage}).`);
  }
  const constraints = readConstraints(input, key);
  requireEnabled(key);
  endDryRun(input);
  const wanted = {
    name,
    granteePrincipal: grantee,
    retiringPrincipal: retiring,
    issuingAccount: `arn:aws:iam::${ctx.caller.accountId}:root`,
    operations: [...new Set(operations)],
    constraints,
  };
  const grantToken = randomBytes(96).toString('base64');
  const existing = name === undefined ? undefined : key.grants.find((g) => sameGrant(g, wanted));
  if (existing !== undefined) {
    ctx.responseElements = { grantId: existing.grantId };
    return { GrantId: existing.grantId, GrantToken: existing.grantToken };
  }
  if (key.grants.length >= ctx.settings.quotas.grantsPerKey) {
    throw new ServiceError('LimitExceededException', `${key.arn} already has the maximum of ${ctx.settings.quotas.grantsPerKey} grants.`);
  }
  const grant: StoredGrant = { ...wanted, grantId: newGrantId(), grantToken, creationDate: ctx.now, seq: ctx.home.seq() };
  key.grants.push(grant);
  ctx.responseElements = { grantId: grant.grantId };
  return { GrantId: grant.grantId, GrantToken: grantToken };
};

/** The GrantListEntry structure ListGrants answers with. */
export function grantEntry(key: StoredKey, g: StoredGrant): Record<string, unknown> {
  return {
    KeyId: key.arn,
    GrantId: g.grantId,
    Name: g.name ?? '',
    CreationDate: g.creationDate,
    GranteePrincipal: g.granteePrincipal,
    RetiringPrincipal: g.retiringPrincipal,
    IssuingAccount: g.issuingAccount,
    Operations: g.operations,
    Constraints: g.constraints,
  };
}

const listGrants: Operation = (input, ctx) => {
  const key = grantKey(ctx, input, 'kms:ListGrants');
  const grantId = optionalString(input, 'GrantId', 1, 128);
  const grantee = optionalString(input, 'GranteePrincipal', 1, 256);
  const grants = key.grants
    .filter((g) => (grantId === undefined || g.grantId === grantId) && (grantee === undefined || g.granteePrincipal === grantee))
    .sort((a, b) => a.seq - b.seq);
  const page = paginate(grants, (g) => g.seq, input, `grants:${key.keyId}`, { defaultLimit: 50, maxLimit: 100 });
  return { Grants: page.items.map((g) => grantEntry(key, g)), Truncated: page.truncated, NextMarker: page.nextMarker };
};

function removeGrant(key: StoredKey, grantId: string): void {
  key.grants = key.grants.filter((g) => g.grantId !== grantId);
}

const revokeGrant: Operation = (input, ctx) => {
  const key = grantKey(ctx, input, 'kms:RevokeGrant');
  const grantId = requireString(input, 'GrantId', 1, 128);
  if (!key.grants.some((g) => g.grantId === grantId)) throw notFound(`Grant ID ${grantId} not found`);
  endDryRun(input);
  removeGrant(key, grantId);
  return {};
};

function mayRetire(ctx: OpContext, g: StoredGrant): boolean {
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(ctx.caller.arn);
  const ids = [ctx.caller.arn];
  if (session !== null) ids.push(`arn:${session[1]}:iam::${session[2]}:role/${session[3]}`);
  return (
    (g.retiringPrincipal !== undefined && ids.includes(g.retiringPrincipal)) ||
    (g.operations.includes('RetireGrant') && ids.includes(g.granteePrincipal)) ||
    g.issuingAccount === `arn:aws:iam::${ctx.caller.accountId}:root`
  );
}

const retireGrant: Operation = (input, ctx) => {
  const token = optionalString(input, 'GrantToken', 1, 8192);
  let key: StoredKey | undefined;
  let grant: StoredGrant | undefined;
  if (token !== undefined) {
    for (const store of ctx.store.all()) {
      for (const candidate of store.keys.values()) {
        const found = candidate.grants.find((g) => g.grantToken === token);
        if (found !== undefined) [key, grant] = [candidate, found];
      }
    }
    if (key === undefined || grant === undefined) throw new ServiceError('InvalidGrantTokenException', 'The grant token is not valid.');
    ctx.resources.add(key.arn);
  } else {
    const keyId = optionalString(input, 'KeyId', 1, 2048);
    const grantId = optionalString(input, 'GrantId', 1, 128);
    if (keyId === undefined || grantId === undefined) {
      throw new ServiceError('ValidationException', 'RetireGrant needs either GrantToken, or both KeyId and GrantId.');
    }
    key = resolveKey(ctx, keyId, false);
    grant = key.grants.find((g) => g.grantId === grantId);
    if (grant === undefined) throw notFound(`Grant ID ${grantId} not found`);
  }
  authorize(ctx, 'kms:RetireGrant', key);
  if (!mayRetire(ctx, grant)) {
    throw accessDenied(
      ctx.caller.arn,
      'kms:RetireGrant',
      key.arn,
      'because it is not the retiring principal, a grantee allowed to retire, or the issuing account of the grant',
    );
  }
  endDryRun(input);
  removeGrant(key, grant.grantId);
  return {};
};

/** Grant operations by name. */
export const grantOperations: Readonly<Record<string, Operation>> = {
  CreateGrant: createGrant,
  ListGrants: listGrants,
  RevokeGrant: revokeGrant,
  RetireGrant: retireGrant,
};
