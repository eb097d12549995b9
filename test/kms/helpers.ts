/**
 * Shared test plumbing: start the local KMS endpoint on 127.0.0.1 (ephemeral port), build SDK
 * clients with static fake credentials, and assert on SDK exceptions.
 */
import assert from 'node:assert/strict';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { KMSClient } from '@aws-sdk/client-kms';
import { startLocalKms, type LocalKms, type LocalKmsOptions } from '../../tools/localKms/server';

/** Fake static credentials for an access key id (never real ones). */
export function fakeCredentials(accessKeyId = 'AKIDTESTDEFAULT00001'): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId, secretAccessKey: 'x' };
}

/** Identities used across the tests. */
export const IDS = {
  /** Unmapped: the default account's local developer. */
  dev: 'AKIDTESTDEV000000001',
  admin: 'AKIDTESTADMIN0000001',
  app: 'AKIDTESTAPP000000001',
  partner: 'AKIDTESTPARTNER00001',
  outsider: 'AKIDTESTOUTSIDER0001',
} as const;

/** The identity map the tests start endpoints with. */
export const TEST_IDENTITIES: LocalKmsOptions['identities'] = {
  [IDS.admin]: { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice' },
  [IDS.app]: { accountId: '111122223333', arn: 'arn:aws:sts::111122223333:assumed-role/AppServerRole/i-0a1b2c3d4e5f60718' },
  [IDS.partner]: { accountId: '444455556666', arn: 'arn:aws:sts::444455556666:assumed-role/PartnerAnalytics/partner-etl' },
  [IDS.outsider]: { accountId: '999988887777', arn: 'arn:aws:iam::999988887777:user/mallory' },
};

/** Starts a local endpoint with the test identities (plus `options`). */
export function startEndpoint(options: LocalKmsOptions = {}): Promise<LocalKms> {
  return startLocalKms({ identities: TEST_IDENTITIES, ...options });
}

/** A KMS client for the endpoint, signing as `accessKeyId` in `region`. */
export function kmsClient(url: string, region = 'us-east-1', accessKeyId: string = IDS.dev): KMSClient {
  return new KMSClient({ endpoint: url, region, credentials: fakeCredentials(accessKeyId), maxAttempts: 1 });
}

/** A CloudTrail client for the endpoint. */
export function cloudTrailClient(url: string, region = 'us-east-1', accessKeyId: string = IDS.dev): CloudTrailClient {
  return new CloudTrailClient({ endpoint: url, region, credentials: fakeCredentials(accessKeyId), maxAttempts: 1 });
}

/** Asserts that `promise` rejects with an error named `name` (and, if given, a message matching `message`). */
export async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<Error> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error, `expected a rejection named ${name}, but the call succeeded`);
  assert.equal(caught.name, name, `expected ${name}, got ${caught.name}: ${caught.message}`);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message instanceof RegExp) assert.match(caught.message, message);
  return caught;
}
