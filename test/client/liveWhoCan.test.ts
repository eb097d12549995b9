/**
 * The live who-can's pieces that need no VS Code: the key account's IAM read through a fake session (progress,
 * cancellation, AccessDenied and other failures as the report's sentence, another account's data refused), the
 * paging and per-account cache of the AWS module's reader over a fake IAM client, the join of named principals
 * with the key's activity, and the IAM files settings' paths.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { GetAccountAuthorizationDetailsCommand, GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import { AwsApiError, type AuthorizationDetailsJson, type IamProgress } from '../../client/src/aws';
import { AuthorizationDetailsCache, decodePolicyDocument, getAuthorizationDetails } from '../../client/src/aws/iam';
import { resolveConfiguredPath, settingEntry } from '../../client/src/whoCan/iamPaths';
import { IAM_DENIED, iamProgressMessage, liveIam } from '../../client/src/whoCan/liveIam';
import { namedWhoDid, whoDidMarkdown } from '../../client/src/whoCan/namedActivity';
import type { ActivityGroupJson } from '../../shared/protocol';
import { NAMED_ANSWER } from './namedAnswers';

const DETAILS: AuthorizationDetailsJson = {
  UserDetailList: [{ UserName: 'alice', Arn: 'arn:aws:iam::111122223333:user/alice' }],
  GroupDetailList: [],
  RoleDetailList: [],
  Policies: [],
};

describe('the live IAM read', () => {
  test('reads the key account, reporting progress in counts', async () => {
    const messages: string[] = [];
    const session = {
      getAuthorizationDetails: async (account: string, o?: { onProgress?: (p: IamProgress) => void }) => {
        assert.equal(account, '111122223333');
        o?.onProgress?.({ pages: 1, users: 1, groups: 0, roles: 0, policies: 0 });
        return DETAILS;
      },
    };
    const out = await liveIam(session, '111122223333', new AbortController().signal, (m) => messages.push(m));
    assert.deepEqual(out, { iam: { name: 'IAM of 111122223333 (read live)', text: JSON.stringify(DETAILS) } });
    assert.deepEqual(messages, ['reading IAM authorization details…', 'reading IAM: 0 roles, 1 users, 0 groups, 0 policies (page 1)']);
  });

  test('says the credentials may not read IAM on AccessDenied, and why on other failures', async () => {
    const failing = (error: Error) => ({ getAuthorizationDetails: () => Promise.reject(error) });
    const signal = new AbortController().signal;
    assert.deepEqual(await liveIam(failing(new AwsApiError('AccessDenied', 'no', 'iam:GetAccountAuthorizationDetails')), '111122223333', signal, () => {}), {
      note: IAM_DENIED,
    });
    assert.equal(IAM_DENIED, 'Your credentials may not read IAM (iam:GetAccountAuthorizationDetails): showing who can by account only.');
    assert.deepEqual(
      await liveIam(failing(new AwsApiError('Throttling', 'Rate exceeded', 'iam:GetAccountAuthorizationDetails')), '111122223333', signal, () => {}),
      {
        note: 'IAM could not be read (Throttling: Rate exceeded): showing who can by account only.',
      },
    );
  });

  test("refuses another account's IAM and lets cancellation through", async () => {
    const other = { getAuthorizationDetails: async () => DETAILS };
    assert.deepEqual(await liveIam(other, '444455556666', new AbortController().signal, () => {}), {
      note: "These credentials read the IAM of account 111122223333, not of the key's account 444455556666: showing who can by account only.",
    });
    const abort = new AbortController();
    abort.abort();
    const aborting = { getAuthorizationDetails: () => Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' })) };
    await assert.rejects(
      liveIam(aborting, '111122223333', abort.signal, () => {}),
      { name: 'AbortError' },
    );
  });

  test('words progress', () => {
    assert.equal(
      iamProgressMessage({ pages: 2, users: 3, groups: 1, roles: 40, policies: 12 }),
      'reading IAM: 40 roles, 3 users, 1 groups, 12 policies (page 2)',
    );
  });
});

describe("the AWS module's paged reader", () => {
  const page = (n: number, marker?: string): GetAccountAuthorizationDetailsCommandOutput => ({
    $metadata: {},
    IsTruncated: marker !== undefined,
    ...(marker !== undefined ? { Marker: marker } : {}),
    RoleDetailList: [
      {
        RoleName: `R${n}`,
        Arn: `arn:aws:iam::111122223333:role/R${n}`,
        AssumeRolePolicyDocument: encodeURIComponent('{"Version":"2012-10-17","Statement":[]}'),
        RolePolicyList: [{ PolicyName: 'p', PolicyDocument: encodeURIComponent('{"Statement":{"Effect":"Allow"}}') }],
      } as never,
    ],
  });

  test('follows the marker to the last page, asks every entity type, and decodes documents', async () => {
    const sent: GetAccountAuthorizationDetailsCommand[] = [];
    const pages = [page(1, 'm1'), page(2, 'm2'), page(3)];
    const details = await getAuthorizationDetails(async (command) => {
      sent.push(command);
      return pages[sent.length - 1]!;
    });
    assert.deepEqual(
      sent.map((c) => c.input.Marker),
      [undefined, 'm1', 'm2'],
    );
    assert.deepEqual(sent[0]!.input.Filter, ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']);
    assert.equal(details.RoleDetailList.length, 3);
    assert.deepEqual((details.RoleDetailList[0] as { AssumeRolePolicyDocument: unknown }).AssumeRolePolicyDocument, { Version: '2012-10-17', Statement: [] });
    assert.deepEqual((details.RoleDetailList[2] as { RolePolicyList: { PolicyDocument: unknown }[] }).RolePolicyList[0]!.PolicyDocument, {
      Statement: { Effect: 'Allow' },
    });
  });

  test('stops on a marker seen twice rather than looping', async () => {
    await assert.rejects(
      getAuthorizationDetails(async () => page(1, 'again')),
      /IAM returned the paging marker again twice; the authorization details were not read completely/,
    );
  });

  test('documents that are not URL-encoded JSON are kept as they are', () => {
    assert.deepEqual(decodePolicyDocument('{"a":1}'), { a: 1 });
    assert.equal(decodePolicyDocument('%E0%A4%A'), '%E0%A4%A');
    assert.equal(decodePolicyDocument(undefined), undefined);
  });

  test('the cache reads an account once, and again after a failure', async () => {
    const cache = new AuthorizationDetailsCache();
    let reads = 0;
    const ok = () => {
      reads++;
      return Promise.resolve(DETAILS);
    };
    assert.equal(await cache.get('111122223333', ok), DETAILS);
    assert.equal(await cache.get('111122223333', ok), DETAILS);
    assert.equal(reads, 1);
    await assert.rejects(
      cache.get('444455556666', () => Promise.reject(new Error('denied'))),
      /denied/,
    );
    await new Promise((r) => setImmediate(r));
    assert.equal(cache.has('444455556666'), false);
    assert.equal(await cache.get('444455556666', ok), DETAILS);
    assert.equal(reads, 2);
  });
});

describe('who can vs who did, by name', () => {
  const group = (principal: string, succeeded: number, denied: number, last: string): ActivityGroupJson => ({
    principal,
    label: principal,
    kind: 'role',
    operation: 'Decrypt',
    action: 'kms:Decrypt',
    count: succeeded + denied,
    succeeded,
    denied,
    failed: 0,
    first: '2026-11-01T00:00:00Z',
    last,
    sources: { direct: succeeded + denied },
    errors: {},
    sessions: [],
    moreSessions: 0,
    contextKeys: [],
  });

  test('lists each principal that can, with its calls, then callers the answer does not list as able', () => {
    const section = namedWhoDid(NAMED_ANSWER, [
      group('arn:aws:iam::111122223333:role/AppServerRole', 12, 0, '2026-12-01T10:00:00Z'),
      group('arn:aws:sts::111122223333:assumed-role/S3Reader/s1', 2, 0, '2026-11-20T10:00:00Z'),
      group('arn:aws:iam::111122223333:role/Sandbox', 0, 3, '2026-11-21T10:00:00Z'),
    ]);
    assert.equal(section.action, 'kms:Decrypt');
    assert.deepEqual(
      section.rows.map((r) => [r.name, r.decision, r.calls, r.denied]),
      [
        ['AppServerRole', 'allowed', 12, 0],
        ['S3Reader', 'conditional', 2, 0],
        ['DeployRole', 'allowed', 0, 0],
        ['Sandbox', 'denied', 0, 3],
      ],
    );
    const md = whoDidMarkdown(section);
    assert.match(md, /\*\*Unused named access:\*\* DeployRole\n/);
    assert.match(md, /\*\*Called without being able to:\*\* Sandbox \(3 denied\)/);
  });
});

describe('the IAM files settings', () => {
  const folder = path.resolve('/work/space');
  test('resolves relative entries under the folder and keeps absolute ones', () => {
    assert.equal(resolveConfiguredPath(folder, 'iam/details.json'), path.join(folder, 'iam', 'details.json'));
    assert.equal(resolveConfiguredPath(folder, path.resolve('/data/d.json')), path.resolve('/data/d.json'));
    assert.equal(resolveConfiguredPath(undefined, 'iam/details.json'), undefined);
  });
  test('writes files inside the folder as relative entries, others as absolute', () => {
    assert.equal(settingEntry(folder, path.join(folder, 'iam', 'details.json')), 'iam/details.json');
    assert.equal(settingEntry(folder, path.resolve('/elsewhere/d.json')), path.resolve('/elsewhere/d.json'));
  });
});
