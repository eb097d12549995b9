/**
 * CloudTrail LookupEvents on the local endpoint through @aws-sdk/client-cloudtrail: paging,
 * filters, time windows, errors, seeded history, and events recorded for live KMS calls; then the
 * AWS module's lookupKeyEvents over the same data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LookupEventsCommand, type CloudTrailClient, type Event, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, DecryptCommand, DisableKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { AwsApiError, createAwsSession } from '../../client/src/aws';
import type { LocalKms } from '../../tools/localKms/server';
import { seedKeyId } from '../../tools/localKms/seed';
import { IDS, cloudTrailClient, fakeCredentials, kmsClient, rejectsWith, startEndpoint } from './helpers';

const DAY_MS = 86_400_000;
const arnOf = (name: string, region = 'us-east-1'): string => `arn:aws:kms:${region}:111122223333:key/${seedKeyId(name, false)}`;

async function lookupAll(client: CloudTrailClient, input: LookupEventsCommandInput): Promise<{ pages: Event[][] }> {
  const pages: Event[][] = [];
  let token: string | undefined;
  do {
    const out = await client.send(new LookupEventsCommand({ ...input, NextToken: token }));
    pages.push(out.Events ?? []);
    token = out.NextToken;
  } while (token !== undefined);
  return { pages };
}

function record(e: Event): Record<string, any> {
  return JSON.parse(e.CloudTrailEvent ?? '{}') as Record<string, any>;
}

describe('LookupEvents over seeded history', () => {
  let kms: LocalKms;
  let trail: CloudTrailClient;
  before(async () => {
    kms = await startEndpoint({ seed: true });
    trail = cloudTrailClient(kms.url, 'us-east-1', IDS.admin);
  });
  after(() => kms.close());

  test('pages newest first, 50 at a time, through all events of a key', async () => {
    const { pages } = await lookupAll(trail, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arnOf('app-data') }] });
    const events = pages.flat();
    assert.equal(events.length, 145, 'the seeded history of alias/app-data');
    assert.deepEqual(
      pages.map((p) => p.length),
      [50, 50, 45],
    );
    assert.equal(new Set(events.map((e) => e.EventId)).size, events.length, 'no event twice');
    for (let i = 1; i < events.length; i++) {
      assert.ok((events[i - 1].EventTime?.getTime() ?? 0) >= (events[i].EventTime?.getTime() ?? 0), 'newest first');
    }
    const oldest = events[events.length - 1].EventTime?.getTime() ?? 0;
    assert.ok(Date.now() - oldest <= 61 * DAY_MS && Date.now() - oldest > 30 * DAY_MS, 'about 60 days of history');
    const viaS3 = events.filter((e) => record(e).userIdentity?.invokedBy === 's3.amazonaws.com');
    assert.equal(viaS3.length, 45);
    assert.match(String(record(viaS3[0]).requestParameters?.encryptionContext?.['aws:s3:arn']), /^arn:aws:s3:::example-app-uploads\//);
    const denied = events.filter((e) => record(e).errorCode === 'AccessDenied');
    assert.equal(denied.length, 9);
    assert.ok(denied.every((e) => e.Username === 'quicksight-refresh'));
  });

  test('filters on EventName, Username, EventSource, ReadOnly and AccessKeyId', async () => {
    const one = async (AttributeKey: string, AttributeValue: string): Promise<Event[]> =>
      (await lookupAll(trail, { LookupAttributes: [{ AttributeKey: AttributeKey as never, AttributeValue }] })).pages.flat();
    const decrypts = await one('EventName', 'Decrypt');
    assert.ok(decrypts.length > 50 && decrypts.every((e) => e.EventName === 'Decrypt'));
    const reporting = await one('Username', 'quicksight-refresh');
    assert.equal(reporting.length, 13, '9 on app-data and 4 on partner-shared, all denied');
    assert.ok(reporting.every((e) => record(e).errorCode === 'AccessDenied'));
    const fromKms = await one('EventSource', 'kms.amazonaws.com');
    assert.equal(fromKms.length, kms.trail.eventsOf('111122223333', 'us-east-1').length);
    const writes = await one('ReadOnly', 'false');
    assert.deepEqual(writes.map((e) => e.EventName).sort(), ['CreateGrant', 'DisableKey', 'EnableKeyRotation', 'PutKeyPolicy', 'ScheduleKeyDeletion']);
    assert.equal((await one('AccessKeyId', 'ASIAPARTNER000000001')).length, 25);
    assert.deepEqual(await one('EventName', 'NoSuchEvent'), []);
  });

  test('a time window limits the events; the service keeps the last 90 days', async () => {
    const since = new Date(Date.now() - 7 * DAY_MS);
    const { pages } = await lookupAll(trail, { StartTime: since, EndTime: new Date() });
    assert.ok(pages.flat().length > 0);
    assert.ok(pages.flat().every((e) => (e.EventTime?.getTime() ?? 0) >= since.getTime()));
    const older = await lookupAll(trail, { StartTime: new Date(Date.now() - 400 * DAY_MS), EndTime: new Date(Date.now() - 100 * DAY_MS) });
    assert.deepEqual(older.pages.flat(), []);
  });

  test("bad lookups get CloudTrail's exceptions", async () => {
    await rejectsWith(
      trail.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'Decrypt' },
            { AttributeKey: 'Username', AttributeValue: 'alice' },
          ],
        }),
      ),
      'InvalidLookupAttributesException',
      'You can specify only one lookup attribute.',
    );
    await rejectsWith(trail.send(new LookupEventsCommand({ MaxResults: 51 })), 'InvalidMaxResultsException');
    await rejectsWith(
      trail.send(new LookupEventsCommand({ StartTime: new Date(), EndTime: new Date(Date.now() - DAY_MS) })),
      'InvalidTimeRangeException',
      'StartTime must be earlier than EndTime.',
    );
    const first = await trail.send(new LookupEventsCommand({ MaxResults: 5 }));
    assert.ok(first.NextToken);
    await rejectsWith(
      trail.send(
        new LookupEventsCommand({
          NextToken: first.NextToken,
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Decrypt' }],
        }),
      ),
      'InvalidNextTokenException',
      'The NextToken is not valid for this query.',
    );
  });

  test('Regions and accounts have their own trails; cross-account use is in both', async () => {
    const eu = await lookupAll(cloudTrailClient(kms.url, 'eu-west-1', IDS.admin), {});
    assert.equal(eu.pages.flat().length, 25);
    const partner = await lookupAll(cloudTrailClient(kms.url, 'us-east-1', IDS.partner), {});
    assert.equal(partner.pages.flat().length, 25, 'the partner sees its own Decrypt calls on the shared key');
    assert.ok(partner.pages.flat().every((e) => record(e).recipientAccountId === '111122223333'));
  });
});

describe('events recorded for live KMS calls', () => {
  test('successes and failures are recorded with identity, parameters and error, never plaintext', async () => {
    const kms = await startEndpoint({ deny: [{ accessKeyId: IDS.app, action: 'kms:Decrypt' }] });
    try {
      const alice = kmsClient(kms.url, 'us-east-1', IDS.admin);
      const key = (await alice.send(new CreateKeyCommand({ Description: 'trail' }))).KeyMetadata;
      const sealed = await alice.send(new EncryptCommand({ KeyId: key?.KeyId, Plaintext: Buffer.from('top secret'), EncryptionContext: { Purpose: 'trail' } }));
      await rejectsWith(
        kmsClient(kms.url, 'us-east-1', IDS.app).send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { Purpose: 'trail' } })),
        'AccessDeniedException',
      );
      await alice.send(new DisableKeyCommand({ KeyId: key?.KeyId }));
      await rejectsWith(alice.send(new EncryptCommand({ KeyId: key?.KeyId, Plaintext: Buffer.from('x') })), 'DisabledException');

      const trail = cloudTrailClient(kms.url, 'us-east-1', IDS.admin);
      const events = (await lookupAll(trail, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: key?.Arn ?? '' }] })).pages.flat();
      assert.deepEqual(
        events.map((e) => `${e.EventName}:${record(e).errorCode ?? 'ok'}`),
        ['Encrypt:DisabledException', 'DisableKey:ok', 'Decrypt:AccessDenied', 'Encrypt:ok', 'CreateKey:ok'],
      );
      const encrypt = record(events[3]);
      assert.equal(encrypt.eventSource, 'kms.amazonaws.com');
      assert.equal(encrypt.awsRegion, 'us-east-1');
      assert.equal(encrypt.userIdentity.arn, 'arn:aws:iam::111122223333:user/alice');
      assert.equal(encrypt.userIdentity.type, 'IAMUser');
      assert.deepEqual(encrypt.requestParameters, { keyId: key?.KeyId, encryptionContext: { Purpose: 'trail' } });
      assert.equal(encrypt.readOnly, true);
      assert.equal(events[3].ReadOnly, 'true');
      assert.equal(events[3].Username, 'alice');
      assert.doesNotMatch(events[3].CloudTrailEvent ?? '', /top secret|dG9wIHNlY3JldA/, 'no plaintext in the trail');
      const decrypt = record(events[2]);
      assert.equal(decrypt.userIdentity.type, 'AssumedRole');
      assert.equal(decrypt.userIdentity.sessionContext.sessionIssuer.arn, 'arn:aws:iam::111122223333:role/AppServerRole');
      assert.match(decrypt.errorMessage, /is not authorized to perform: kms:Decrypt/);
      assert.equal(record(events[4]).responseElements.keyMetadata.KeyId, key?.KeyId);
    } finally {
      await kms.close();
    }
  });
});

describe('lookupKeyEvents (AWS module)', () => {
  let kms: LocalKms;
  before(async () => {
    kms = await startEndpoint({ seed: true });
  });
  after(() => kms.close());

  test("pages through a key's events and reads each CloudTrail record", async () => {
    const aws = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.admin) });
    try {
      const progress: number[] = [];
      const result = await aws.lookupKeyEvents(arnOf('app-data'), { onProgress: (n) => progress.push(n) });
      assert.equal(result.truncated, false);
      assert.equal(result.events.length, 145);
      assert.deepEqual(progress, [50, 100, 145]);
      const viaS3 = result.events.find((e) => e.invokedBy === 's3.amazonaws.com');
      assert.ok(viaS3);
      assert.equal(viaS3.identityType, 'AssumedRole');
      assert.equal(viaS3.principalArn, 'arn:aws:sts::111122223333:assumed-role/AppServerRole/i-0a1b2c3d4e5f60718');
      assert.equal(viaS3.principalAccount, '111122223333');
      assert.equal(viaS3.source, 'kms.amazonaws.com');
      assert.ok(viaS3.encryptionContext?.['aws:s3:arn']?.startsWith('arn:aws:s3:::example-app-uploads/'));
      assert.ok(result.events.some((e) => e.errorCode === 'AccessDenied' && e.username === 'quicksight-refresh'));

      const service = await aws.lookupKeyEvents(arnOf('cloudtrail-logs'));
      assert.equal(service.events.length, 40);
      assert.ok(service.events.every((e) => e.identityType === 'AWSService' && e.invokedBy === 'cloudtrail.amazonaws.com' && e.username === undefined));

      const capped = await aws.lookupKeyEvents(arnOf('app-data'), { maxEvents: 60 });
      assert.deepEqual([capped.events.length, capped.truncated], [60, true]);
      const since = new Date(Date.now() - 10 * DAY_MS);
      const recent = await aws.lookupKeyEvents(arnOf('app-data'), { since, until: new Date() });
      assert.ok(recent.events.length > 0 && recent.events.length < 145);
      assert.ok(recent.events.every((e) => e.time >= since));
      const eu = await aws.lookupKeyEvents(arnOf('gdpr-customer-data', 'eu-west-1'));
      assert.equal(eu.events.length, 25, 'the Region comes from the ARN');
      assert.ok(eu.events.every((e) => e.encryptionContext?.Tenant === 'eu-retail'));
      await assert.rejects(aws.lookupKeyEvents('alias/app-data'), {
        name: 'TypeError',
        message: 'lookupKeyEvents needs a key ARN (arn:aws:kms:<region>:<account>:key/<id>); got alias/app-data',
      });
    } finally {
      aws.dispose();
    }
  });

  test('a denied lookup is an AwsApiError for cloudtrail:LookupEvents', async () => {
    kms.setDenyRules([{ accessKeyId: IDS.app, action: 'cloudtrail:LookupEvents' }]);
    const aws = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.app) });
    try {
      const error = await rejectsWith(aws.lookupKeyEvents(arnOf('app-data')), 'AccessDeniedException');
      assert.ok(error instanceof AwsApiError && error.action === 'cloudtrail:LookupEvents');
    } finally {
      aws.dispose();
      kms.setDenyRules([]);
    }
  });
});
