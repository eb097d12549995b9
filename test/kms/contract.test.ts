/**
 * Contract suite: behaviour any KMS endpoint must show, the local one included. By default it
 * starts the local endpoint on 127.0.0.1 (ephemeral port). Set KMS_ENDPOINT (and optionally
 * KMS_REGION, KMS_TEST_ACCESS_KEY_ID / KMS_TEST_SECRET_ACCESS_KEY) to run it against another
 * endpoint; it creates its own keys and, at the end, deletes its aliases and schedules its keys
 * for deletion (7 days). It never sets BypassPolicyLockoutSafetyCheck. An optional detail is relied on by one
 * test only (PolicyName's default: every other call names the policy), and where implementations differ in an
 * exception AWS does not document, each name known to be used is accepted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import type { LocalKms } from '../../tools/localKms/server';
import { fakeCredentials, rejectsWith, startEndpoint } from './helpers';

const DAY_MS = 86_400_000;
const region = process.env.KMS_REGION ?? 'us-east-1';
const suffix = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
let local: LocalKms | undefined;
let kms: KMSClient;
const createdKeys: string[] = [];
const createdAliases = new Set<string>();

async function newKey(description: string): Promise<KeyMetadata> {
  const out = await kms.send(new CreateKeyCommand({ Description: `kms-contract ${suffix} ${description}` }));
  assert.ok(out.KeyMetadata?.KeyId);
  createdKeys.push(out.KeyMetadata.KeyId);
  return out.KeyMetadata;
}

async function newAlias(name: string, keyId: string): Promise<string> {
  const alias = `alias/kms-contract-${suffix}-${name}`;
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  createdAliases.add(alias);
  return alias;
}

/** Collects every page of a listing with `limit`, asserting the paging fields on the way. */
async function pages<T>(limit: number, page: (marker?: string) => Promise<{ items: T[]; truncated?: boolean; next?: string }>): Promise<T[][]> {
  const all: T[][] = [];
  let marker: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const out = await page(marker);
    assert.ok(out.items.length <= limit, `a page holds at most Limit=${limit} items`);
    all.push(out.items);
    if (out.truncated !== true) {
      assert.equal(out.next, undefined, 'no NextMarker on the last page');
      return all;
    }
    assert.ok(out.next !== undefined && out.next !== marker, 'a truncated page has a new NextMarker');
    marker = out.next;
  }
  assert.fail('paging did not end');
}

before(async () => {
  let endpoint = process.env.KMS_ENDPOINT;
  if (endpoint === undefined || endpoint === '') {
    local = await startEndpoint();
    endpoint = local.url;
  }
  const credentials =
    process.env.KMS_TEST_ACCESS_KEY_ID !== undefined && process.env.KMS_TEST_SECRET_ACCESS_KEY !== undefined
      ? { accessKeyId: process.env.KMS_TEST_ACCESS_KEY_ID, secretAccessKey: process.env.KMS_TEST_SECRET_ACCESS_KEY }
      : fakeCredentials('AKIDTESTCONTRACT0001');
  kms = new KMSClient({ endpoint, region, credentials });
});

after(async () => {
  if (kms !== undefined) {
    for (const alias of createdAliases) await kms.send(new DeleteAliasCommand({ AliasName: alias })).catch(() => undefined);
    for (const keyId of createdKeys) {
      const state = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState;
      if (state !== 'PendingDeletion') await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    }
    kms.destroy();
  }
  await local?.close();
});

describe('CreateKey and DescribeKey', () => {
  test('defaults: symmetric encrypt/decrypt, single-Region, Enabled, customer managed', async () => {
    const before = Date.now();
    const key = await newKey('defaults');
    assert.equal(key.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(key.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(key.MultiRegion, false);
    assert.equal(key.KeyState, 'Enabled');
    assert.equal(key.Enabled, true);
    assert.equal(key.KeyManager, 'CUSTOMER');
    assert.equal(key.Origin, 'AWS_KMS');
    assert.ok(key.CreationDate instanceof Date, 'CreationDate parses as a date (epoch seconds on the wire)');
    assert.ok(Math.abs(key.CreationDate.getTime() - before) < 10 * 60_000, 'CreationDate is about now');
    assert.match(key.Arn ?? '', new RegExp(`^arn:aws[a-z-]*:kms:${region}:\\d{12}:key/${key.KeyId}$`));
  });

  test('the default policy lets the account root do everything', async () => {
    const key = await newKey('default policy');
    const out = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }));
    const doc = JSON.parse(out.Policy ?? '') as { Statement: { Effect: string; Principal: { AWS: string }; Action: string | string[] }[] };
    const root = `arn:aws:iam::${key.AWSAccountId}:root`;
    assert.ok(
      doc.Statement.some(
        (s) => s.Effect === 'Allow' && s.Principal.AWS === root && (s.Action === 'kms:*' || (Array.isArray(s.Action) && s.Action.includes('kms:*'))),
      ),
    );
    const names = await kms.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId }));
    assert.deepEqual(names.PolicyNames, ['default']);
  });

  // The one test of PolicyName's default (the API reference makes it optional, meaning `default`). Every other
  // call names the policy, so an implementation that insists on PolicyName fails here and only here.
  test('GetKeyPolicy without PolicyName reads the policy named default', async () => {
    const key = await newKey('policy name default');
    const unnamed = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }));
    const named = await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }));
    assert.ok(unnamed.Policy);
    assert.equal(unnamed.Policy, named.Policy);
  });

  test('KeyId may be the key id, key ARN, alias name or alias ARN', async () => {
    const key = await newKey('key id forms');
    const alias = await newAlias('forms', key.KeyId ?? '');
    const aliasArn = `arn:aws:kms:${region}:${key.AWSAccountId}:${alias}`;
    for (const keyId of [key.KeyId, key.Arn, alias, aliasArn]) {
      const out = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      assert.equal(out.KeyMetadata?.KeyId, key.KeyId, `DescribeKey(${keyId})`);
    }
  });

  test('an unknown key is NotFoundException', async () => {
    await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: '00000000-0000-4000-8000-000000000000' })), 'NotFoundException');
    await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: `alias/kms-contract-${suffix}-missing` })), 'NotFoundException');
  });
});

describe('paging', () => {
  test('ListKeys pages with Limit and Marker and includes every key', async () => {
    const mine = [await newKey('page 1'), await newKey('page 2'), await newKey('page 3')].map((k) => k.KeyId);
    const all = await pages(2, async (marker) => {
      const out = await kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      return { items: (out.Keys ?? []).map((k) => k.KeyId), truncated: out.Truncated, next: out.NextMarker };
    });
    assert.ok(all.length >= 2, 'more than one page');
    const ids = all.flat();
    for (const id of mine) assert.ok(ids.includes(id), `${id} listed`);
    assert.equal(new Set(ids).size, ids.length, 'no key listed twice');
  });

  test("ListAliases with KeyId lists that key's aliases only, paged", async () => {
    const key = await newKey('aliases');
    const other = await newKey('other aliases');
    const a1 = await newAlias('first', key.KeyId ?? '');
    const a2 = await newAlias('second', key.KeyId ?? '');
    await newAlias('elsewhere', other.KeyId ?? '');
    const all = await pages(1, async (marker) => {
      const out = await kms.send(new ListAliasesCommand({ KeyId: key.KeyId, Limit: 1, Marker: marker }));
      return { items: (out.Aliases ?? []).map((a) => a.AliasName), truncated: out.Truncated, next: out.NextMarker };
    });
    assert.deepEqual(all.flat().sort(), [a1, a2].sort());
    const everything = await pages(100, async (marker) => {
      const out = await kms.send(new ListAliasesCommand({ Limit: 100, Marker: marker }));
      return { items: out.Aliases ?? [], truncated: out.Truncated, next: out.NextMarker };
    });
    const entry = everything.flat().find((a) => a.AliasName === a1);
    assert.equal(entry?.TargetKeyId, key.KeyId);
    assert.equal(entry?.AliasArn, `arn:aws:kms:${region}:${key.AWSAccountId}:${a1}`);
  });

  test('ListResourceTags pages; TagResource and UntagResource change the tags', async () => {
    const key = await newKey('tags');
    await kms.send(
      new TagResourceCommand({
        KeyId: key.KeyId,
        Tags: [
          { TagKey: 'Team', TagValue: 'payments' },
          { TagKey: 'Env', TagValue: 'test' },
          { TagKey: 'Owner', TagValue: 'contract' },
        ],
      }),
    );
    const listTags = async (): Promise<string[]> =>
      (
        await pages(1, async (marker) => {
          const out = await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Limit: 1, Marker: marker }));
          return { items: (out.Tags ?? []).map((t) => `${t.TagKey}=${t.TagValue}`), truncated: out.Truncated, next: out.NextMarker };
        })
      )
        .flat()
        .sort();
    assert.deepEqual(await listTags(), ['Env=test', 'Owner=contract', 'Team=payments']);
    await kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['Env'] }));
    assert.deepEqual(await listTags(), ['Owner=contract', 'Team=payments']);
  });
});

describe('aliases', () => {
  test('duplicates are AlreadyExistsException; alias/aws/ is reserved; UpdateAlias and DeleteAlias work', async () => {
    const key = await newKey('alias rules');
    const other = await newKey('alias target 2');
    const alias = await newAlias('rules', key.KeyId ?? '');
    await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: other.KeyId })), 'AlreadyExistsException');
    // AWS's API reference names no exception for the reserved prefix. Implementations answer one of two: the
    // local endpoint InvalidAliasNameException (the reference's exception for a name that is not valid), moto and
    // LocalStack (built on moto) NotAuthorizedException. Either is a refusal; the suite asks only for that.
    const reserved = await kms.send(new CreateAliasCommand({ AliasName: `alias/aws/contract-${suffix}`, TargetKeyId: key.KeyId })).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    assert.ok(
      reserved !== undefined && ['InvalidAliasNameException', 'NotAuthorizedException'].includes(reserved.name),
      `expected InvalidAliasNameException or NotAuthorizedException, got ${reserved === undefined ? 'success' : reserved.name}`,
    );
    await kms.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: other.KeyId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata?.KeyId, other.KeyId);
    await kms.send(new DeleteAliasCommand({ AliasName: alias }));
    createdAliases.delete(alias);
    await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: alias })), 'NotFoundException');
  });
});

describe('grants', () => {
  test('CreateGrant returns id and token; ListGrants pages; RevokeGrant and RetireGrant remove', async () => {
    const key = await newKey('grants');
    const root = `arn:aws:iam::${key.AWSAccountId}:root`;
    const made: string[] = [];
    for (const ops of [['Decrypt'], ['Encrypt', 'GenerateDataKey'], ['DescribeKey']]) {
      const out = await kms.send(
        new CreateGrantCommand({
          KeyId: key.KeyId,
          GranteePrincipal: root,
          RetiringPrincipal: root,
          Operations: ops as never,
          Constraints: ops.includes('Decrypt') ? { EncryptionContextSubset: { Department: 'Finance' } } : undefined,
        }),
      );
      assert.ok(out.GrantId && out.GrantToken);
      made.push(out.GrantId);
    }
    const listed = (
      await pages(1, async (marker) => {
        const out = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId, Limit: 1, Marker: marker }));
        return { items: out.Grants ?? [], truncated: out.Truncated, next: out.NextMarker };
      })
    ).flat();
    assert.deepEqual(listed.map((g) => g.GrantId).sort(), [...made].sort());
    const decryptGrant = listed.find((g) => g.GrantId === made[0]);
    assert.deepEqual(decryptGrant?.Operations, ['Decrypt']);
    assert.deepEqual(decryptGrant?.Constraints?.EncryptionContextSubset, { Department: 'Finance' });
    assert.equal(decryptGrant?.GranteePrincipal, root);
    await kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId: made[0] }));
    await kms.send(new RetireGrantCommand({ KeyId: key.Arn, GrantId: made[1] }));
    const left = await kms.send(new ListGrantsCommand({ KeyId: key.KeyId }));
    assert.deepEqual(
      left.Grants?.map((g) => g.GrantId),
      [made[2]],
    );
  });
});

describe('cryptography and key states', () => {
  test('Encrypt/Decrypt round-trip, bound to the encryption context; GenerateDataKey', async () => {
    const key = await newKey('crypto');
    const plaintext = Buffer.from('contract plaintext');
    const context = { Department: 'Finance', Purpose: 'contract' };
    const sealed = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionContext: context }));
    assert.equal(sealed.KeyId, key.Arn);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context }));
    assert.deepEqual(Buffer.from(opened.Plaintext ?? []), plaintext);
    assert.equal(opened.KeyId, key.Arn);
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { Department: 'IT' } })),
      'InvalidCiphertextException',
    );
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' }));
    assert.equal(dataKey.Plaintext?.length, 32);
    const unwrapped = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }));
    assert.deepEqual(Buffer.from(unwrapped.Plaintext ?? []), Buffer.from(dataKey.Plaintext ?? []));
  });

  test('a disabled key refuses cryptography with DisabledException until enabled', async () => {
    const key = await newKey('disable');
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState, 'Disabled');
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })), 'DisabledException');
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
  });

  test('ScheduleKeyDeletion (7–30 days) sets PendingDeletion; CancelKeyDeletion leaves the key Disabled', async () => {
    const key = await newKey('deletion');
    await rejectsWith(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 6 })), 'ValidationException');
    await rejectsWith(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 31 })), 'ValidationException');
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyState, 'PendingDeletion');
    assert.equal(scheduled.PendingWindowInDays, 7);
    const days = ((scheduled.DeletionDate?.getTime() ?? 0) - Date.now()) / DAY_MS;
    assert.ok(days > 6 && days <= 8, `deletion in about 7 days (${days})`);
    const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata;
    assert.equal(described?.KeyState, 'PendingDeletion');
    assert.ok(described?.DeletionDate instanceof Date);
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException');
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState, 'Disabled');
  });

  test('rotation: period 90–2560 days, status with period and next rotation date', async () => {
    const key = await newKey('rotation');
    await rejectsWith(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 30 })), 'ValidationException');
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 180 }));
    const on = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    assert.equal(on.KeyRotationEnabled, true);
    assert.equal(on.RotationPeriodInDays, 180);
    const days = ((on.NextRotationDate?.getTime() ?? 0) - Date.now()) / DAY_MS;
    assert.ok(days > 178 && days <= 181, `next rotation in about 180 days (${days})`);
    await kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled, false);
  });
});

describe('PutKeyPolicy', () => {
  const statement = (account: string): Record<string, unknown> => ({
    Sid: 'Enable IAM User Permissions',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: 'kms:*',
    Resource: '*',
  });

  test('stores a valid policy verbatim', async () => {
    const key = await newKey('put');
    const text = JSON.stringify({ Version: '2012-10-17', Id: 'contract', Statement: [statement(key.AWSAccountId ?? '')] }, null, 4);
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: text }));
    assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).Policy, text);
  });

  test('rejects malformed JSON with MalformedPolicyDocumentException', async () => {
    const key = await newKey('malformed');
    await rejectsWith(
      kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: '{"Version": "2012-10-17", "Statement": [' })),
      'MalformedPolicyDocumentException',
    );
  });

  test('rejects a policy over 32 KB', async () => {
    const key = await newKey('oversize');
    const doc = { Version: '2012-10-17', Id: 'x'.repeat(33_000), Statement: [statement(key.AWSAccountId ?? '')] };
    const put = kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: JSON.stringify(doc) }));
    if (local !== undefined) {
      await rejectsWith(put, 'MalformedPolicyDocumentException', /maximum key policy size is 32768 bytes/);
    } else {
      // AWS's documents do not settle the exception name (SEMANTICS.md cites LimitExceededException).
      const error = await put.then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      assert.ok(
        error !== undefined && ['MalformedPolicyDocumentException', 'LimitExceededException'].includes(error.name),
        `expected a rejection, got ${String(error?.name)}`,
      );
    }
  });

  test('the lockout safety check refuses a policy the caller could not change again', async () => {
    const key = await newKey('lockout');
    const lockout = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
        },
      ],
    });
    await rejectsWith(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: lockout })), 'MalformedPolicyDocumentException');
    await rejectsWith(kms.send(new CreateKeyCommand({ Policy: lockout, Description: `kms-contract ${suffix} lockout` })), 'MalformedPolicyDocumentException');
    const still = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).Policy ?? '{}') as {
      Statement: unknown[];
    };
    assert.equal(still.Statement.length, 1, 'the old policy is still in place');
  });
});
