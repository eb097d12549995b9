/**
 * The local endpoint on the wire: authentication, targets, body errors, epoch-second timestamps,
 * Region and account isolation, quotas, the clock-driven end of a deletion window, and the CLI's
 * argument parsing.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, ListKeysCommand, ScheduleKeyDeletionCommand, SignCommand } from '@aws-sdk/client-kms';
import { parseArgs } from '../../tools/localKms/main';
import type { LocalKms } from '../../tools/localKms/server';
import { IDS, kmsClient, rejectsWith, startEndpoint } from './helpers';

const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIDTESTRAW000000001/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd';

/** POSTs a raw body to the endpoint; resolves with status and parsed JSON body. */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the wire protocol', () => {
  let kms: LocalKms;
  before(async () => {
    kms = await startEndpoint();
  });
  after(() => kms.close());

  test('a request without Authorization is refused', async () => {
    const res = await post(kms.url, { 'x-amz-target': 'TrentService.ListKeys' }, '{}');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    assert.equal(res.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
  });

  test('a header that is not SigV4, or is scoped to another service, is refused', async () => {
    const basic = await post(kms.url, { 'x-amz-target': 'TrentService.ListKeys', authorization: 'Basic dXNlcjpwdw==' }, '{}');
    assert.equal(basic.body.__type, 'IncompleteSignatureException');
    const s3 = await post(kms.url, { 'x-amz-target': 'TrentService.ListKeys', authorization: SIGNED.replace('/kms/', '/s3/') }, '{}');
    assert.deepEqual(s3.body, { __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'kms'." });
  });

  test('unknown targets, unimplemented operations and bad bodies get their AWS errors', async () => {
    const unknown = await post(kms.url, { 'x-amz-target': 'Nope.ListKeys', authorization: SIGNED }, '{}');
    assert.deepEqual(unknown.body, { __type: 'UnknownOperationException', message: 'Unknown X-Amz-Target: Nope.ListKeys' });
    const bad = await post(kms.url, { 'x-amz-target': 'TrentService.ListKeys', authorization: SIGNED }, '{"Limit":');
    assert.deepEqual(bad.body, { __type: 'SerializationException', message: 'The request body is not valid JSON.' });
    const empty = await post(kms.url, { 'x-amz-target': 'TrentService.ListKeys', authorization: SIGNED }, '');
    assert.equal(empty.status, 200, 'an empty body is the empty input');
    await rejectsWith(
      kmsClient(kms.url).send(new SignCommand({ KeyId: 'alias/x', Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' })),
      'UnsupportedOperationException',
      'The local KMS endpoint does not implement Sign.',
    );
  });

  test('timestamps are epoch seconds and the Region comes from the credential scope', async () => {
    const res = await post(kms.url, { 'x-amz-target': 'TrentService.CreateKey', authorization: SIGNED.replace('us-east-1', 'ap-southeast-2') }, '{}');
    assert.equal(res.status, 200);
    const metadata = res.body.KeyMetadata as Record<string, unknown>;
    assert.equal(typeof metadata.CreationDate, 'number');
    assert.ok(Math.abs((metadata.CreationDate as number) * 1000 - Date.now()) < 60_000);
    assert.match(String(metadata.Arn), /^arn:aws:kms:ap-southeast-2:111122223333:key\//);
    assert.equal(typeof res.headers['x-amzn-requestid'], 'string');
  });

  test('Regions and accounts are separate', async () => {
    const eu = kmsClient(kms.url, 'eu-west-1');
    const key = (await eu.send(new CreateKeyCommand({}))).KeyMetadata;
    const us = kmsClient(kms.url, 'us-east-1');
    const usKeys = (await us.send(new ListKeysCommand({}))).Keys ?? [];
    assert.ok(!usKeys.some((k) => k.KeyId === key?.KeyId), 'not listed in us-east-1');
    await rejectsWith(us.send(new DescribeKeyCommand({ KeyId: key?.Arn })), 'NotFoundException', 'Invalid arn eu-west-1');
    await rejectsWith(
      us.send(new DescribeKeyCommand({ KeyId: key?.KeyId })),
      'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:111122223333:key/${key?.KeyId}' does not exist`,
    );
    const partner = kmsClient(kms.url, 'eu-west-1', IDS.partner);
    assert.deepEqual((await partner.send(new ListKeysCommand({}))).Keys, [], 'the partner account has its own (empty) keys');
    await rejectsWith(us.send(new ListKeysCommand({ Marker: 'not-a-marker' })), 'InvalidMarkerException');
    await rejectsWith(
      us.send(new ListKeysCommand({ Limit: 0 })),
      'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  test('requestCount counts every request, refused ones included, and nothing else', async () => {
    // A fresh endpoint: the shared one's count depends on which tests ran before.
    const quiet = await startEndpoint();
    try {
      assert.equal(quiet.requestCount, 0, 'starting sends nothing');
      await post(quiet.url, { 'x-amz-target': 'TrentService.ListKeys' }, '{}');
      await kmsClient(quiet.url).send(new ListKeysCommand({}));
      assert.equal(quiet.requestCount, 2);
    } finally {
      await quiet.close();
    }
  });
});

describe('quotas and the clock', () => {
  test('keysPerRegion and aliasesPerKey quotas answer LimitExceededException', async () => {
    const kms = await startEndpoint({ quotas: { keysPerRegion: 2, aliasesPerKey: 1 } });
    try {
      const client = kmsClient(kms.url);
      const first = (await client.send(new CreateKeyCommand({}))).KeyMetadata;
      await client.send(new CreateKeyCommand({}));
      await rejectsWith(
        client.send(new CreateKeyCommand({})),
        'LimitExceededException',
        'The request was rejected because the account has reached the quota of 2 KMS keys in us-east-1.',
      );
      await client.send(new CreateAliasCommand({ AliasName: 'alias/one', TargetKeyId: first?.KeyId }));
      await rejectsWith(
        client.send(new CreateAliasCommand({ AliasName: 'alias/two', TargetKeyId: first?.KeyId })),
        'LimitExceededException',
        `${first?.Arn} already has the maximum of 1 aliases.`,
      );
    } finally {
      await kms.close();
    }
  });

  test('a key is gone once its deletion date passes', async () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const kms = await startEndpoint({ now: () => now });
    try {
      const client = kmsClient(kms.url);
      const key = (await client.send(new CreateKeyCommand({}))).KeyMetadata;
      await client.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: key?.KeyId }));
      const scheduled = await client.send(new ScheduleKeyDeletionCommand({ KeyId: key?.KeyId, PendingWindowInDays: 7 }));
      assert.equal(scheduled.DeletionDate?.toISOString(), '2026-03-08T00:00:00.000Z');
      now = new Date('2026-03-07T23:59:59Z');
      assert.equal((await client.send(new DescribeKeyCommand({ KeyId: key?.KeyId }))).KeyMetadata?.KeyState, 'PendingDeletion');
      now = new Date('2026-03-08T00:00:01Z');
      await rejectsWith(client.send(new DescribeKeyCommand({ KeyId: key?.KeyId })), 'NotFoundException');
      await rejectsWith(client.send(new DescribeKeyCommand({ KeyId: 'alias/doomed' })), 'NotFoundException');
    } finally {
      await kms.close();
    }
  });
});

describe('command line', () => {
  test('parses ports, identities and deny rules', () => {
    const options = parseArgs([
      '--port',
      '0',
      '--seed',
      '--identity',
      'AKIDX=444455556666:arn:aws:iam::444455556666:user/x',
      '--deny',
      'AKIDX:kms:ListGrants',
      '--deny',
      'kms:Put*@arn:aws:kms:*',
    ]);
    assert.equal(options.port, 0);
    assert.equal(options.seed, true);
    assert.deepEqual(options.identities.AKIDX, { accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/x' });
    assert.deepEqual(options.deny, [
      { accessKeyId: 'AKIDX', action: 'kms:ListGrants', resource: undefined },
      { accessKeyId: undefined, action: 'kms:Put*', resource: 'arn:aws:kms:*' },
    ]);
    assert.throws(() => parseArgs(['--port', 'x']), /bad --port/);
    assert.throws(() => parseArgs(['--bogus']), /unknown argument --bogus/);
  });
});
