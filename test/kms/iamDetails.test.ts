/**
 * IAM GetAccountAuthorizationDetails on the local endpoint through @aws-sdk/client-iam (awsQuery: form-encoded
 * POST, XML answer, URL-encoded policy documents): the demo account's identities, paging with MaxItems/Marker,
 * entity filters, the caller's account, AccessDenied from a deny rule; then the AWS module's
 * getAuthorizationDetails (every page, documents decoded into the CLI's JSON, cached per account per session).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { AwsApiError, accountOfDetails, createAwsSession, type IamProgress } from '../../client/src/aws';
import type { LocalKms } from '../../tools/localKms/server';
import { IDS, fakeCredentials, rejectsWith, startEndpoint } from './helpers';

const iamClient = (url: string, accessKeyId: string = IDS.admin): IAMClient =>
  new IAMClient({ endpoint: url, region: 'us-east-1', credentials: fakeCredentials(accessKeyId), maxAttempts: 1 });

describe('GetAccountAuthorizationDetails over the SDK', () => {
  let kms: LocalKms;
  let iam: IAMClient;
  before(async () => {
    kms = await startEndpoint({ seed: true });
    iam = iamClient(kms.url);
  });
  after(() => {
    iam.destroy();
    return kms.close();
  });

  test("lists the caller's account's users, groups, roles and policies, documents URL-encoded as IAM sends them", async () => {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    assert.equal(out.IsTruncated, false);
    assert.deepEqual(
      out.UserDetailList?.map((u) => [u.UserName, u.GroupList]),
      [
        ['alice', ['Admins']],
        ['local-developer', ['Developers']],
        ['ci-runner', []],
      ],
    );
    assert.deepEqual(
      out.RoleDetailList?.map((r) => r.RoleName),
      ['AppServerRole', 'DataPipelineRole', 'DeployRole', 'KeyAdminRole', 'SandboxRole'],
    );
    const deploy = out.RoleDetailList?.find((r) => r.RoleName === 'DeployRole');
    assert.match(deploy?.AssumeRolePolicyDocument ?? '', /^%7B%22Version%22%3A%222012-10-17%22/);
    assert.deepEqual(JSON.parse(decodeURIComponent(deploy?.AssumeRolePolicyDocument ?? '')).Statement[0].Principal, {
      AWS: 'arn:aws:iam::111122223333:user/ci-runner',
    });
    assert.equal(
      out.RoleDetailList?.find((r) => r.RoleName === 'SandboxRole')?.PermissionsBoundary?.PermissionsBoundaryArn,
      'arn:aws:iam::111122223333:policy/NoKms',
    );
    assert.deepEqual(
      out.Policies?.map((p) => [p.PolicyName, p.DefaultVersionId, p.PolicyVersionList?.[0]?.IsDefaultVersion]),
      [
        ['KmsAppUse', 'v1', true],
        ['NoKms', 'v1', true],
        ['AdministratorAccess', 'v1', true],
      ],
    );
    assert.ok(out.UserDetailList?.[0]?.CreateDate instanceof Date);
  });

  test('pages with MaxItems and Marker, across the entity lists', async () => {
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 3, Marker: marker }));
      const page = [
        ...(out.UserDetailList ?? []).map((u) => u.UserName),
        ...(out.GroupDetailList ?? []).map((g) => g.GroupName),
        ...(out.RoleDetailList ?? []).map((r) => r.RoleName),
        ...(out.Policies ?? []).map((p) => p.PolicyName),
      ];
      assert.ok(page.length <= 3);
      names.push(...(page as string[]));
      marker = out.IsTruncated ? out.Marker : undefined;
      pages++;
    } while (marker !== undefined);
    assert.equal(pages, 5);
    assert.equal(names.length, 13);
    assert.equal(new Set(names).size, 13);
  });

  test('filters by entity type', async () => {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy', 'Group'] }));
    assert.deepEqual(out.UserDetailList, []);
    assert.deepEqual(out.RoleDetailList, []);
    assert.deepEqual(
      out.GroupDetailList?.map((g) => g.GroupName),
      ['Admins', 'Developers'],
    );
    assert.deepEqual(
      out.Policies?.map((p) => p.PolicyName),
      ['AdministratorAccess'],
    );
  });

  test("answers for the caller's account: the partner sees its own role", async () => {
    const partner = iamClient(kms.url, IDS.partner);
    const out = await partner.send(new GetAccountAuthorizationDetailsCommand({}));
    partner.destroy();
    assert.deepEqual(
      out.RoleDetailList?.map((r) => r.Arn),
      ['arn:aws:iam::444455556666:role/PartnerAnalytics'],
    );
  });

  test('refuses with AccessDenied when a deny rule covers the call, and with a validation error for a bad MaxItems', async () => {
    kms.setDenyRules([{ accessKeyId: IDS.dev, action: 'iam:GetAccountAuthorizationDetails' }]);
    try {
      const dev = iamClient(kms.url, IDS.dev);
      await rejectsWith(
        dev.send(new GetAccountAuthorizationDetailsCommand({})),
        'AccessDenied',
        /^User: arn:aws:iam::111122223333:user\/local-developer is not authorized to perform: iam:GetAccountAuthorizationDetails/,
      );
      dev.destroy();
    } finally {
      kms.setDenyRules([]);
    }
    await rejectsWith(iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 0 })), 'ValidationError', /maxItems/);
  });
});

describe("the AWS module's authorization details", () => {
  let kms: LocalKms;
  before(async () => {
    kms = await startEndpoint({ seed: true });
  });
  after(() => kms.close());

  test('reads every page, decodes documents into JSON, reports progress, and asks IAM once per account per session', async () => {
    const session = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.admin), maxAttempts: 1 });
    const progress: IamProgress[] = [];
    const before = kms.requestCount;
    const details = await session.getAuthorizationDetails('111122223333', { pageSize: 4, onProgress: (p) => progress.push(p) });
    assert.equal(kms.requestCount - before, 4);
    assert.deepEqual(progress.at(-1), { pages: 4, users: 3, groups: 2, roles: 5, policies: 3 });
    assert.equal(accountOfDetails(details), '111122223333');
    const pipeline = details.RoleDetailList.find((r) => (r as { RoleName: string }).RoleName === 'DataPipelineRole') as {
      RolePolicyList: { PolicyDocument: { Statement: { Condition: unknown }[] } }[];
      AssumeRolePolicyDocument: { Statement: unknown[] };
    };
    assert.deepEqual(pipeline.RolePolicyList[0]!.PolicyDocument.Statement[0]!.Condition, { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } });
    assert.equal(pipeline.AssumeRolePolicyDocument.Statement.length, 1);
    const again = await session.getAuthorizationDetails('111122223333');
    assert.equal(again, details);
    assert.equal(kms.requestCount - before, 4);
    session.dispose();
  });

  test('passes AccessDenied on as an AwsApiError named for the IAM action, and keeps nothing', async () => {
    kms.setDenyRules([{ action: 'iam:*' }]);
    const session = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.admin), maxAttempts: 1 });
    try {
      const error = await rejectsWith(session.getAuthorizationDetails('111122223333'), 'AccessDenied');
      assert.ok(error instanceof AwsApiError);
      assert.equal(error.action, 'iam:GetAccountAuthorizationDetails');
      kms.setDenyRules([]);
      const details = await session.getAuthorizationDetails('111122223333');
      assert.equal(details.UserDetailList.length, 3);
    } finally {
      kms.setDenyRules([]);
      session.dispose();
    }
  });

  test('is cancelled by its abort signal', async () => {
    const session = createAwsSession({ endpoint: kms.url, credentials: fakeCredentials(IDS.admin), maxAttempts: 1 });
    const abort = new AbortController();
    abort.abort();
    await rejectsWith(session.getAuthorizationDetails('111122223333', { signal: abort.signal }), 'AbortError');
    session.dispose();
  });
});
