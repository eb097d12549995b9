/**
 * The local endpoint's seed data and access rules: paging over the seeded keys, deny rules,
 * cross-account access by key policy, the lockout check (default and injected), grant retirement,
 * AWS managed keys, enforced key policies, and key-usage errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeysCommand,
  PutKeyPolicyCommand,
  RetireGrantCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { LocalKms } from '../../tools/localKms/server';
import { validatePolicyText } from '../../tools/localKms/policyDocument';
import { SEED_KEYS, seedKeyId } from '../../tools/localKms/seed';
import { IDS, kmsClient, rejectsWith, startEndpoint } from './helpers';

const A = '111122223333';
const arnOf = (name: string, region = 'us-east-1', account = A): string => `arn:aws:kms:${region}:${account}:key/${seedKeyId(name, name === 'global-orders')}`;

async function allKeyIds(client: KMSClient, limit: number): Promise<{ pages: number; ids: string[] }> {
  const ids: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const out = await client.send(new ListKeysCommand({ Limit: limit, Marker: marker }));
    pages++;
    ids.push(...(out.Keys ?? []).map((k) => k.KeyId ?? ''));
    marker = out.Truncated ? out.NextMarker : undefined;
  } while (marker !== undefined);
  return { pages, ids };
}

describe('seeded endpoint', () => {
  let kms: LocalKms;
  before(async () => {
    kms = await startEndpoint({ seed: true });
  });
  after(() => kms.close());

  test('us-east-1 holds more than one page of keys at Limit=10; every Region has its keys', async () => {
    const us = await allKeyIds(kmsClient(kms.url, 'us-east-1'), 10);
    const expected = SEED_KEYS.filter((k) => (k.account ?? A) === A && (k.multiRegion?.regions ?? [k.region]).includes('us-east-1'));
    assert.equal(us.ids.length, expected.length);
    assert.ok(us.pages >= 2, `paged over ${us.pages} pages`);
    assert.equal((await allKeyIds(kmsClient(kms.url, 'eu-west-1'), 10)).ids.length, 3);
    assert.equal((await allKeyIds(kmsClient(kms.url, 'ap-southeast-2'), 10)).ids.length, 2);
    assert.deepEqual((await allKeyIds(kmsClient(kms.url, 'us-east-1', IDS.partner), 10)).ids, [seedKeyId('partner-own', false)]);
  });

  test('every seeded policy is one KMS would accept', () => {
    for (const region of kms.store.all()) {
      for (const key of region.keys.values()) assert.doesNotThrow(() => validatePolicyText(key.policy), key.arn);
    }
  });

  test('seeded states, rotation, multi-Region replica, AWS managed keys and predefined aliases', async () => {
    const us = kmsClient(kms.url);
    const state = async (alias: string): Promise<string | undefined> => (await us.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata?.KeyState;
    assert.equal(await state('alias/old-reports'), 'Disabled');
    assert.equal(await state('alias/retired-project'), 'PendingDeletion');
    const s3 = (await us.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata;
    assert.equal(s3?.KeyManager, 'AWS');
    const hmac = (await us.send(new DescribeKeyCommand({ KeyId: 'alias/hmac-tokens' }))).KeyMetadata;
    assert.deepEqual([hmac?.KeySpec, hmac?.KeyUsage, hmac?.MacAlgorithms], ['HMAC_256', 'GENERATE_VERIFY_MAC', ['HMAC_SHA_256']]);
    const replica = (await kmsClient(kms.url, 'eu-west-1').send(new DescribeKeyCommand({ KeyId: 'alias/global-orders' }))).KeyMetadata;
    assert.equal(replica?.MultiRegionConfiguration?.MultiRegionKeyType, 'REPLICA');
    assert.equal(replica?.MultiRegionConfiguration?.PrimaryKey?.Arn, arnOf('global-orders'));
    const rotation = await kmsClient(kms.url, 'ap-southeast-2').send(new GetKeyRotationStatusCommand({ KeyId: arnOf('payments-apse2', 'ap-southeast-2') }));
    assert.equal(rotation.KeyRotationEnabled, true);
    assert.equal(rotation.RotationPeriodInDays, 90);
    const aliases = (await us.send(new ListAliasesCommand({ Limit: 100 }))).Aliases ?? [];
    const rds = aliases.find((a) => a.AliasName === 'alias/aws/rds');
    assert.ok(rds !== undefined && rds.TargetKeyId === undefined, 'predefined AWS alias without a key');
    const grants = (await us.send(new ListGrantsCommand({ KeyId: arnOf('rds-orders') }))).Grants ?? [];
    assert.equal(grants[0]?.GranteePrincipal, 'rds.us-east-1.amazonaws.com');
  });

  test('cross-account: the key policy decides; non-cross-account actions are refused', async () => {
    const partner = kmsClient(kms.url, 'us-east-1', IDS.partner);
    const shared = arnOf('partner-shared');
    const sealed = await partner.send(new EncryptCommand({ KeyId: shared, Plaintext: Buffer.from('p') }));
    const opened = await partner.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }));
    assert.equal(Buffer.from(opened.Plaintext ?? []).toString(), 'p');
    const outsider = kmsClient(kms.url, 'us-east-1', IDS.outsider);
    await outsider.send(new GenerateDataKeyCommand({ KeyId: arnOf('legacy-open'), NumberOfBytes: 16 }));
    await rejectsWith(
      outsider.send(new DescribeKeyCommand({ KeyId: shared })),
      'AccessDeniedException',
      `User: arn:aws:iam::999988887777:user/mallory is not authorized to perform: kms:DescribeKey on resource: ${shared} because no resource-based policy allows the kms:DescribeKey action`,
    );
    await rejectsWith(
      partner.send(new GetKeyPolicyCommand({ KeyId: shared })),
      'AccessDeniedException',
      `User: arn:aws:sts::444455556666:assumed-role/PartnerAnalytics/partner-etl is not authorized to perform: kms:GetKeyPolicy on resource: ${shared} because the action cannot be performed on a KMS key in another AWS account`,
    );
  });

  test("an AWS managed key's policy cannot be changed", async () => {
    const us = kmsClient(kms.url);
    const policy = (await us.send(new GetKeyPolicyCommand({ KeyId: arnOf('aws-s3') }))).Policy;
    await rejectsWith(
      us.send(new PutKeyPolicyCommand({ KeyId: arnOf('aws-s3'), Policy: policy })),
      'AccessDeniedException',
      /is not authorized to perform: kms:PutKeyPolicy on resource: .* because no resource-based policy allows the kms:PutKeyPolicy action$/,
    );
  });

  test('key usage and state errors of cryptographic operations', async () => {
    const us = kmsClient(kms.url);
    await rejectsWith(
      us.send(new EncryptCommand({ KeyId: 'alias/hmac-tokens', Plaintext: Buffer.from('x') })),
      'InvalidKeyUsageException',
      `${arnOf('hmac-tokens')} key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.`,
    );
    await rejectsWith(
      us.send(new EncryptCommand({ KeyId: 'alias/old-reports', Plaintext: Buffer.from('x') })),
      'DisabledException',
      `${arnOf('old-reports')} is disabled.`,
    );
    await rejectsWith(
      us.send(new EncryptCommand({ KeyId: 'alias/retired-project', Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      `${arnOf('retired-project')} is pending deletion.`,
    );
    await rejectsWith(
      us.send(new CreateGrantCommand({ KeyId: arnOf('old-reports'), GranteePrincipal: `arn:aws:iam::${A}:root`, Operations: ['Decrypt'] })),
      'DisabledException',
    );
    await rejectsWith(
      us.send(new CreateGrantCommand({ KeyId: arnOf('app-data'), GranteePrincipal: `arn:aws:iam::${A}:root`, Operations: ['Sign'] })),
      'ValidationException',
      /Grant operations Sign are not valid for/,
    );
  });
});

describe('deny rules', () => {
  test('deny an action for one access key only, and replace the rules while running', async () => {
    const kms = await startEndpoint({ deny: [{ accessKeyId: IDS.app, action: 'kms:ListGrants' }] });
    try {
      const app = kmsClient(kms.url, 'us-east-1', IDS.app);
      const key = (await app.send(new CreateKeyCommand({}))).KeyMetadata;
      await rejectsWith(
        app.send(new ListGrantsCommand({ KeyId: key?.KeyId })),
        'AccessDeniedException',
        `User: arn:aws:sts::111122223333:assumed-role/AppServerRole/i-0a1b2c3d4e5f60718 is not authorized to perform: kms:ListGrants on resource: ${key?.Arn} with an explicit deny in an identity-based policy`,
      );
      await kmsClient(kms.url, 'us-east-1', IDS.admin).send(new ListGrantsCommand({ KeyId: key?.KeyId }));
      kms.setDenyRules([{ action: 'kms:Describe*', resource: key?.Arn }]);
      await app.send(new ListGrantsCommand({ KeyId: key?.KeyId }));
      await rejectsWith(kmsClient(kms.url, 'us-east-1', IDS.admin).send(new DescribeKeyCommand({ KeyId: key?.KeyId })), 'AccessDeniedException');
    } finally {
      await kms.close();
    }
  });
});

describe('lockout safety check', () => {
  const onlyBob = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/bob' }, Action: 'kms:*', Resource: '*' }],
  });

  test('the default check refuses a policy that shuts the caller out, unless bypassed', async () => {
    const kms = await startEndpoint();
    try {
      const alice = kmsClient(kms.url, 'us-east-1', IDS.admin);
      const key = (await alice.send(new CreateKeyCommand({}))).KeyMetadata;
      await rejectsWith(
        alice.send(new PutKeyPolicyCommand({ KeyId: key?.KeyId, Policy: onlyBob })),
        'MalformedPolicyDocumentException',
        'The new key policy will not allow you to update the key policy in the future.',
      );
      await rejectsWith(
        alice.send(new CreateKeyCommand({ Policy: onlyBob })),
        'MalformedPolicyDocumentException',
        'The new key policy will not allow you to update the key policy in the future.',
      );
      const aliceToo = onlyBob.replace('"arn:aws:iam::111122223333:user/bob"', '["arn:aws:iam::111122223333:user/bob","arn:aws:iam::111122223333:user/alice"]');
      await alice.send(new PutKeyPolicyCommand({ KeyId: key?.KeyId, Policy: aliceToo }));
      await alice.send(new PutKeyPolicyCommand({ KeyId: key?.KeyId, Policy: onlyBob, BypassPolicyLockoutSafetyCheck: true }));
      assert.equal((await alice.send(new GetKeyPolicyCommand({ KeyId: key?.KeyId }))).Policy, onlyBob);
    } finally {
      await kms.close();
    }
  });

  test('an injected check is asked with (policy, caller ARN, key ARN) and decides', async () => {
    const asked: string[][] = [];
    const kms = await startEndpoint({
      lockoutCheck: (policy, caller, key) => {
        asked.push([policy, caller, key]);
        return policy.includes('"Sid":"keep"');
      },
    });
    try {
      const alice = kmsClient(kms.url, 'us-east-1', IDS.admin);
      const key = (await alice.send(new CreateKeyCommand({}))).KeyMetadata;
      assert.equal(asked.length, 0, 'no check without a Policy');
      const kept = onlyBob.replace('"Effect"', '"Sid":"keep","Effect"');
      await alice.send(new PutKeyPolicyCommand({ KeyId: key?.KeyId, Policy: kept }));
      assert.deepEqual(asked, [[kept, 'arn:aws:iam::111122223333:user/alice', key?.Arn]]);
      await rejectsWith(alice.send(new PutKeyPolicyCommand({ KeyId: key?.KeyId, Policy: onlyBob })), 'MalformedPolicyDocumentException');
    } finally {
      await kms.close();
    }
  });
});

describe('grants and enforced key policies', () => {
  test('RetireGrant: the retiring principal may, an unrelated caller may not; GrantToken works', async () => {
    const kms = await startEndpoint();
    try {
      const alice = kmsClient(kms.url, 'us-east-1', IDS.admin);
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          {
            Effect: 'Allow',
            Principal: { AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::999988887777:root'] },
            Action: 'kms:DescribeKey',
            Resource: '*',
          },
        ],
      });
      const key = (await alice.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata;
      const partnerRole = 'arn:aws:iam::444455556666:role/PartnerAnalytics';
      const one = await alice.send(
        new CreateGrantCommand({
          KeyId: key?.KeyId,
          GranteePrincipal: partnerRole,
          RetiringPrincipal: partnerRole,
          Operations: ['Decrypt'],
        }),
      );
      const two = await alice.send(new CreateGrantCommand({ KeyId: key?.KeyId, GranteePrincipal: partnerRole, Operations: ['Decrypt'] }));
      const outsider = kmsClient(kms.url, 'us-east-1', IDS.outsider);
      await rejectsWith(
        outsider.send(new RetireGrantCommand({ KeyId: key?.Arn, GrantId: one.GrantId })),
        'AccessDeniedException',
        `User: arn:aws:iam::999988887777:user/mallory is not authorized to perform: kms:RetireGrant on resource: ${key?.Arn} because it is not the retiring principal, a grantee allowed to retire, or the issuing account of the grant`,
      );
      const partner = kmsClient(kms.url, 'us-east-1', IDS.partner);
      await partner.send(new RetireGrantCommand({ GrantToken: one.GrantToken }));
      await rejectsWith(partner.send(new RetireGrantCommand({ KeyId: key?.Arn, GrantId: two.GrantId })), 'AccessDeniedException');
      await rejectsWith(partner.send(new RetireGrantCommand({ GrantToken: 'bogus' })), 'InvalidGrantTokenException');
      const left = await alice.send(new ListGrantsCommand({ KeyId: key?.KeyId }));
      assert.deepEqual(
        left.Grants?.map((g) => g.GrantId),
        [two.GrantId],
      );
      await alice.send(new DisableKeyCommand({ KeyId: key?.KeyId }));
      await alice.send(new RetireGrantCommand({ KeyId: key?.KeyId, GrantId: two.GrantId }));
    } finally {
      await kms.close();
    }
  });

  test('enforceKeyPolicies applies the key policy to same-account callers', async () => {
    const kms = await startEndpoint({ enforceKeyPolicies: true });
    try {
      const alice = kmsClient(kms.url, 'us-east-1', IDS.admin);
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' }, Action: 'kms:*', Resource: '*' }],
      });
      const key = (await alice.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata;
      await alice.send(new EncryptCommand({ KeyId: key?.KeyId, Plaintext: Buffer.from('x') }));
      await rejectsWith(
        kmsClient(kms.url, 'us-east-1', IDS.app).send(new EncryptCommand({ KeyId: key?.KeyId, Plaintext: Buffer.from('x') })),
        'AccessDeniedException',
        /because no resource-based policy allows the kms:Encrypt action$/,
      );
    } finally {
      await kms.close();
    }
  });
});
