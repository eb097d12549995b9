/**
 * The client's AWS module through the real SDK against the local endpoint: listing with paging
 * across Regions, denied sub-calls kept on their keys, progress and cancellation, every key
 * action, the concurrent-change guard on putKeyPolicy, and KMS's rejections passed on verbatim.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AwsApiError, PolicyChangedError, createAwsSession, isDenied, type AwsSession, type KmsKeySummary } from '../../client/src/aws';
import type { LocalKms } from '../../tools/localKms/server';
import { seedKeyId } from '../../tools/localKms/seed';
import { IDS, fakeCredentials, rejectsWith, startEndpoint } from './helpers';

const arnOf = (name: string, region = 'us-east-1'): string => `arn:aws:kms:${region}:111122223333:key/${seedKeyId(name, name === 'global-orders')}`;

function byAlias(keys: readonly KmsKeySummary[], alias: string): KmsKeySummary {
  const key = keys.find((k) => !isDenied(k.aliases) && k.aliases.includes(alias));
  assert.ok(key, `key with ${alias}`);
  return key;
}

function eventCount(kms: LocalKms, name: string): number {
  return kms.trail.eventsOf('111122223333', 'us-east-1').filter((e) => e.eventName === name).length;
}

describe('listKeys', () => {
  let kms: LocalKms;
  let aws: AwsSession;
  before(async () => {
    kms = await startEndpoint({ seed: true });
    aws = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.admin), pageSize: 3 });
  });
  after(async () => {
    aws.dispose();
    await kms.close();
  });

  test('pages through every key of each Region with all their parts', async () => {
    const listCallsBefore = eventCount(kms, 'ListKeys');
    const us = await aws.listKeys('us-east-1');
    assert.equal(us.length, 17);
    assert.ok(eventCount(kms, 'ListKeys') - listCallsBefore >= 6, 'ListKeys was paged (17 keys, 3 per page)');
    const appData = byAlias(us, 'alias/app-data');
    assert.deepEqual(appData.aliases, ['alias/app-data', 'alias/app-data-legacy']);
    assert.equal(appData.arn, arnOf('app-data'));
    assert.equal(appData.accountId, '111122223333');
    assert.ok(!isDenied(appData.details));
    assert.equal(appData.details.state, 'Enabled');
    assert.equal(appData.details.spec, 'SYMMETRIC_DEFAULT');
    assert.equal(appData.details.usage, 'ENCRYPT_DECRYPT');
    assert.equal(appData.details.origin, 'AWS_KMS');
    assert.equal(appData.details.manager, 'CUSTOMER');
    assert.equal(appData.details.multiRegion, 'NONE');
    assert.equal(appData.details.description, 'Application data at rest (orders, invoices)');
    assert.ok(appData.details.creationDate instanceof Date);
    assert.ok(!isDenied(appData.rotation));
    assert.equal(appData.rotation.supported, true);
    assert.equal(appData.rotation.enabled, true);
    assert.equal(appData.rotation.periodDays, 365);
    assert.ok(appData.rotation.nextRotationDate instanceof Date && appData.rotation.nextRotationDate.getTime() > Date.now());
    assert.ok(!isDenied(appData.grants));
    assert.equal(appData.grants.length, 1);
    assert.deepEqual(appData.grants[0].operations, ['Decrypt', 'Encrypt', 'GenerateDataKey']);
    assert.deepEqual(appData.grants[0].constraints?.encryptionContextSubset, { Department: 'Finance' });
    assert.equal(appData.grants[0].grantee, 'arn:aws:iam::111122223333:role/AppServerRole');
    assert.equal(appData.grants[0].retiringPrincipal, 'arn:aws:iam::111122223333:role/KeyAdminRole');
    assert.equal(appData.grants[0].name, 'finance-reports');
    assert.deepEqual(appData.tags, [
      { key: 'CostCenter', value: 'CC-1042' },
      { key: 'Environment', value: 'production' },
      { key: 'Team', value: 'payments' },
    ]);

    const retired = byAlias(us, 'alias/retired-project');
    assert.ok(!isDenied(retired.details) && retired.details.state === 'PendingDeletion' && retired.details.deletionDate instanceof Date);
    assert.equal(!isDenied(retired.details) && retired.details.pendingWindowDays, 7);
    assert.deepEqual(byAlias(us, 'alias/code-signing').rotation, { supported: false, enabled: false });
    const s3 = byAlias(us, 'alias/aws/s3');
    assert.equal(!isDenied(s3.details) && s3.details.manager, 'AWS');
    assert.equal(us.filter((k) => isDenied(k.aliases) || k.aliases.length === 0).length, 1, 'one key has no alias');

    const eu = await aws.listKeys('eu-west-1');
    assert.equal(eu.length, 3);
    const replica = byAlias(eu, 'alias/global-orders');
    assert.equal(!isDenied(replica.details) && replica.details.multiRegion, 'REPLICA');
    assert.deepEqual(replica.rotation, { supported: false, enabled: false });
    assert.equal((byAlias(us, 'alias/global-orders').details as { multiRegion: string }).multiRegion, 'PRIMARY');
    const apse2 = await aws.listKeys('ap-southeast-2');
    assert.deepEqual(apse2.map((k) => k.aliases).sort(), [['alias/backup-vault'], ['alias/payments-apse2']]);
  });

  test('reports progress and stops when aborted', async () => {
    const seen: string[] = [];
    await aws.listKeys('ap-southeast-2', { onProgress: (p) => seen.push(`${p.phase}:${p.done}/${p.total ?? '?'}`) });
    assert.deepEqual(seen.slice(0, 1), ['keys:2/?']);
    assert.deepEqual(seen.slice(1).sort(), ['details:1/2', 'details:2/2']);
    const controller = new AbortController();
    const aborted = aws.listKeys('us-east-1', {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'details') controller.abort();
      },
    });
    await rejectsWith(aborted, 'AbortError');
    const already = new AbortController();
    already.abort();
    await rejectsWith(aws.listKeys('us-east-1', { signal: already.signal }), 'AbortError');
  });
});

describe('denied calls', () => {
  test('a failing per-key call is kept on that key; ListKeys failing fails the listing', async () => {
    const appData = arnOf('app-data');
    const kms = await startEndpoint({
      seed: true,
      deny: [
        { accessKeyId: IDS.app, action: 'kms:ListGrants', resource: appData },
        { accessKeyId: IDS.app, action: 'kms:ListResourceTags' },
        { accessKeyId: IDS.app, action: 'kms:DescribeKey', resource: arnOf('ci-artifacts') },
        { accessKeyId: IDS.app, action: 'kms:GetKeyRotationStatus', resource: arnOf('ebs-volumes') },
        { accessKeyId: IDS.partner, action: 'kms:ListAliases' },
        { accessKeyId: IDS.outsider, action: 'kms:ListKeys' },
      ],
    });
    const session = (id: string): AwsSession => createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(id) });
    try {
      const keys = await session(IDS.app).listKeys('us-east-1');
      assert.equal(keys.length, 17);
      const app = byAlias(keys, 'alias/app-data');
      const who = 'arn:aws:sts::111122223333:assumed-role/AppServerRole/i-0a1b2c3d4e5f60718';
      assert.deepEqual(app.grants, {
        denied: 'kms:ListGrants',
        code: 'AccessDeniedException',
        message: `User: ${who} is not authorized to perform: kms:ListGrants on resource: ${appData} with an explicit deny in an identity-based policy`,
      });
      assert.ok(!isDenied(app.details) && !isDenied(app.rotation));
      assert.ok(keys.every((k) => isDenied(k.tags) && k.tags.denied === 'kms:ListResourceTags'));
      assert.ok(keys.filter((k) => k.arn !== appData).every((k) => !isDenied(k.grants)));
      const ci = byAlias(keys, 'alias/ci-artifacts');
      assert.ok(isDenied(ci.details) && ci.details.denied === 'kms:DescribeKey');
      assert.ok(!isDenied(ci.rotation), 'rotation is still asked for when DescribeKey failed');
      const ebs = byAlias(keys, 'alias/ebs-volumes');
      assert.ok(isDenied(ebs.rotation) && ebs.rotation.denied === 'kms:GetKeyRotationStatus' && ebs.rotation.code === 'AccessDeniedException');

      const partnerKeys = await session(IDS.partner).listKeys('us-east-1');
      assert.equal(partnerKeys.length, 1);
      assert.ok(isDenied(partnerKeys[0].aliases) && partnerKeys[0].aliases.denied === 'kms:ListAliases');

      const error = await rejectsWith(session(IDS.outsider).listKeys('us-east-1'), 'AccessDeniedException');
      assert.ok(error instanceof AwsApiError);
      assert.equal(error.action, 'kms:ListKeys');
      assert.equal(error.httpStatusCode, 400);
    } finally {
      await kms.close();
    }
  });
});

describe('key actions', () => {
  let kms: LocalKms;
  let aws: AwsSession;
  let other: AwsSession;
  before(async () => {
    kms = await startEndpoint({ seed: true });
    aws = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.admin) });
    other = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.dev) });
  });
  after(async () => {
    aws.dispose();
    other.dispose();
    await kms.close();
  });

  const find = async (alias: string): Promise<KmsKeySummary> => byAlias(await aws.listKeys('us-east-1'), alias);

  test('enable and disable', async () => {
    const id = seedKeyId('ci-artifacts', false);
    await aws.disableKey('us-east-1', id);
    assert.equal(((await find('alias/ci-artifacts')).details as { state: string }).state, 'Disabled');
    await aws.enableKey('us-east-1', id);
    assert.equal(((await find('alias/ci-artifacts')).details as { state: string }).state, 'Enabled');
  });

  test('rotation on with a period, off; out-of-range periods are refused before any call', async () => {
    const id = seedKeyId('ci-artifacts', false);
    await aws.enableKeyRotation('us-east-1', id, 180);
    assert.deepEqual(
      { ...((await find('alias/ci-artifacts')).rotation as object), nextRotationDate: undefined },
      { supported: true, enabled: true, periodDays: 180, nextRotationDate: undefined },
    );
    const calls = eventCount(kms, 'EnableKeyRotation');
    await assert.rejects(aws.enableKeyRotation('us-east-1', id, 30), {
      name: 'RangeError',
      message: 'The rotation period must be a whole number of days from 90 to 2560; got 30.',
    });
    assert.equal(eventCount(kms, 'EnableKeyRotation'), calls, 'nothing sent');
    await aws.disableKeyRotation('us-east-1', id);
    assert.equal(((await find('alias/ci-artifacts')).rotation as { enabled: boolean }).enabled, false);
  });

  test('schedule deletion (7–30 days) and cancel it', async () => {
    const id = seedKeyId('unlabelled', false);
    await assert.rejects(aws.scheduleKeyDeletion('us-east-1', id, 6), {
      name: 'RangeError',
      message: 'The waiting period must be a whole number of days from 7 to 30; got 6.',
    });
    const { deletionDate } = await aws.scheduleKeyDeletion('us-east-1', id, 7);
    const days = ((deletionDate?.getTime() ?? 0) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `${days}`);
    await aws.cancelKeyDeletion('us-east-1', id);
    const keys = await aws.listKeys('us-east-1');
    assert.equal((keys.find((k) => k.id === id)?.details as { state: string }).state, 'Disabled');
  });

  test('create and delete an alias; revoke a grant', async () => {
    const id = seedKeyId('ci-artifacts', false);
    await aws.createAlias('us-east-1', 'alias/ci-cache', id);
    assert.deepEqual((await find('alias/ci-cache')).aliases, ['alias/ci-artifacts', 'alias/ci-cache']);
    await rejectsWith(
      aws.createAlias('us-east-1', 'alias/ci-cache', id),
      'AlreadyExistsException',
      'An alias with the name arn:aws:kms:us-east-1:111122223333:alias/ci-cache already exists',
    );
    await aws.deleteAlias('us-east-1', 'alias/ci-cache');
    assert.deepEqual((await find('alias/ci-artifacts')).aliases, ['alias/ci-artifacts']);
    const ebs = await find('alias/ebs-volumes');
    assert.ok(!isDenied(ebs.grants) && ebs.grants.length === 1);
    await aws.revokeGrant('us-east-1', ebs.id, ebs.grants[0].id);
    assert.deepEqual((await find('alias/ebs-volumes')).grants, []);
    await rejectsWith(aws.revokeGrant('us-east-1', ebs.id, 'f'.repeat(64)), 'NotFoundException', `Grant ID ${'f'.repeat(64)} not found`);
  });

  test("errors keep KMS's exception name and message", async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const error = await rejectsWith(
      aws.getKeyPolicy('us-east-1', missing),
      'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:111122223333:key/${missing}' does not exist`,
    );
    assert.ok(error instanceof AwsApiError && error.action === 'kms:GetKeyPolicy');
  });
});

describe('putKeyPolicy', () => {
  let kms: LocalKms;
  let aws: AwsSession;
  let other: AwsSession;
  const keyId = seedKeyId('partner-shared', false);
  before(async () => {
    kms = await startEndpoint({ seed: true });
    aws = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.admin) });
    other = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.dev) });
  });
  after(async () => {
    aws.dispose();
    other.dispose();
    await kms.close();
  });

  const withSid = (text: string, sid: string): string => {
    const doc = JSON.parse(text) as { Statement: { Sid?: string }[] };
    doc.Statement[0].Sid = sid;
    return JSON.stringify(doc, null, 2);
  };

  test('writes when the deployed policy is the expected one', async () => {
    const current = await aws.getKeyPolicy('us-east-1', keyId);
    const edited = withSid(current, 'Root');
    await aws.putKeyPolicy('us-east-1', keyId, edited, { expectedCurrent: current });
    assert.equal(await aws.getKeyPolicy('us-east-1', keyId), edited);
  });

  test('refuses with both texts when someone else changed the policy, and writes nothing', async () => {
    const start = await aws.getKeyPolicy('us-east-1', keyId);
    const theirs = withSid(start, 'ChangedByColleague');
    await other.putKeyPolicy('us-east-1', keyId, theirs, { expectedCurrent: start });
    const puts = eventCount(kms, 'PutKeyPolicy');
    const mine = withSid(start, 'MyEdit');
    const error = await rejectsWith(
      aws.putKeyPolicy('us-east-1', keyId, mine, { expectedCurrent: start }),
      'PolicyChangedError',
      `The key policy of ${keyId} was changed by someone else since it was read; nothing was written.`,
    );
    assert.ok(error instanceof PolicyChangedError);
    assert.equal(error.expected, start);
    assert.equal(error.deployed, theirs);
    assert.equal(eventCount(kms, 'PutKeyPolicy'), puts, 'no PutKeyPolicy call was made');
    assert.equal(await aws.getKeyPolicy('us-east-1', keyId), theirs);
  });

  test("passes on the endpoint's lockout, size and JSON rejections verbatim", async () => {
    const current = await aws.getKeyPolicy('us-east-1', keyId);
    const lockout = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/SomeoneElse' }, Action: 'kms:*', Resource: '*' }],
    });
    const error = await rejectsWith(
      aws.putKeyPolicy('us-east-1', keyId, lockout, { expectedCurrent: current }),
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    );
    assert.ok(error instanceof AwsApiError && error.action === 'kms:PutKeyPolicy');
    const big = JSON.stringify({ ...JSON.parse(current), Id: 'x'.repeat(32_768) });
    await rejectsWith(
      aws.putKeyPolicy('us-east-1', keyId, big, { expectedCurrent: current }),
      'MalformedPolicyDocumentException',
      `The key policy is ${Buffer.byteLength(big)} bytes; the maximum key policy size is 32768 bytes.`,
    );
    await rejectsWith(
      aws.putKeyPolicy('us-east-1', keyId, '{"Statement": [}', { expectedCurrent: current }),
      'MalformedPolicyDocumentException',
      'The key policy is not valid JSON: ValueExpected at offset 15.',
    );
    assert.equal(await aws.getKeyPolicy('us-east-1', keyId), current, 'unchanged');
    await aws.putKeyPolicy('us-east-1', keyId, lockout, { expectedCurrent: current, bypassLockoutSafetyCheck: true });
    assert.equal(await aws.getKeyPolicy('us-east-1', keyId), lockout);
  });
});

describe('session plumbing', () => {
  test('a credentials provider is asked once and reused', async () => {
    const kms = await startEndpoint({ seed: true });
    let asked = 0;
    const aws = createAwsSession({
      endpoint: kms.url,
      credentials: async () => {
        asked++;
        return { ...fakeCredentials(IDS.admin), expiration: new Date(Date.now() + 3_600_000) };
      },
    });
    try {
      await aws.listKeys('ap-southeast-2');
      await aws.listKeys('eu-west-1');
      assert.equal(asked, 1);
    } finally {
      aws.dispose();
      await kms.close();
    }
  });

  test('the module imports no vscode and never writes process.env', () => {
    const dir = join(__dirname, '..', '..', '..', 'client', 'src', 'aws');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length >= 5);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.doesNotMatch(text, /from ['"]vscode['"]|require\(['"]vscode['"]\)/, file);
      assert.doesNotMatch(text, /process\.env(\.\w+|\[[^\]]+\])?\s*=[^=]|delete process\.env/, file);
      assert.doesNotMatch(text, /console\.(log|info|debug|warn|error)/, `${file} logs nothing`);
    }
  });
});
