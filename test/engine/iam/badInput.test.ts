/** Malformed IAM and SCP files: each refused with the file, the element and what is wrong, exactly. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readAuthorizationDetails, readOrganizations, keyTagsFromJson, callerPolicies } from '../../../server/src/engine/iam';
import { InputError } from '../../../server/src/engine/input';
import { A, account, doc } from './iamFixtures';

const role = (extra: Record<string, unknown> = {}) => ({
  RoleName: 'App',
  Arn: `arn:aws:iam::${A}:role/App`,
  AssumeRolePolicyDocument: doc({ Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  ...extra,
});

const IAM_CASES: readonly [string, string, string][] = [
  ['not JSON', '{"RoleDetailList": [', 'iam.json: not JSON ('],
  [
    'not the output',
    '{"Users": []}',
    'iam.json: not the output of aws iam get-account-authorization-details (expected an object with UserDetailList, GroupDetailList, RoleDetailList or Policies)',
  ],
  ['a list that is not one', '{"UserDetailList": {}}', 'iam.json: UserDetailList: not a list'],
  ['an element that is not an object', '{"RoleDetailList": [1]}', 'iam.json: RoleDetailList[0]: not an object'],
  ['nothing in it', '{"RoleDetailList": [], "Policies": []}', 'iam.json: holds no user, group, role or managed policy, so its account cannot be told'],
  ['a role without an ARN', JSON.stringify({ RoleDetailList: [{ RoleName: 'App' }] }), "iam.json: RoleDetailList[0].Arn: missing (the role's ARN)"],
  [
    'a user ARN in the role list',
    JSON.stringify({ RoleDetailList: [role({ Arn: `arn:aws:iam::${A}:user/App` })] }),
    `iam.json: RoleDetailList[0].Arn: not an IAM role ARN ("arn:aws:iam::${A}:user/App")`,
  ],
  [
    'a role without a trust policy',
    JSON.stringify({ RoleDetailList: [role({ AssumeRolePolicyDocument: undefined })] }),
    "iam.json: RoleDetailList[0].AssumeRolePolicyDocument: missing (the role's trust policy)",
  ],
  [
    'a trust policy that is not a policy',
    JSON.stringify({ RoleDetailList: [role(), role({ AssumeRolePolicyDocument: { Version: '2012-10-17' } })] }),
    'iam.json: RoleDetailList[1].AssumeRolePolicyDocument: not a policy document',
  ],
  [
    'a URL-encoded document that is not JSON',
    JSON.stringify({ RoleDetailList: [role({ RolePolicyList: [{ PolicyName: 'p', PolicyDocument: '%7B%22Version' }] })] }),
    'iam.json: RoleDetailList[0].RolePolicyList[0].PolicyDocument: not a policy document (neither JSON nor URL-encoded JSON)',
  ],
  [
    'an inline policy without a name',
    JSON.stringify({ RoleDetailList: [role({ RolePolicyList: [{ PolicyDocument: doc() }] })] }),
    'iam.json: RoleDetailList[0].RolePolicyList[0]: needs "PolicyName" and "PolicyDocument"',
  ],
  [
    'an attachment without an ARN',
    JSON.stringify({ RoleDetailList: [role({ AttachedManagedPolicies: [{ PolicyName: 'x' }] })] }),
    'iam.json: RoleDetailList[0].AttachedManagedPolicies[0]: needs "PolicyArn"',
  ],
  [
    'a boundary without an ARN',
    JSON.stringify({ RoleDetailList: [role({ PermissionsBoundary: { PermissionsBoundaryType: 'Policy' } })] }),
    'iam.json: RoleDetailList[0].PermissionsBoundary: needs "PermissionsBoundaryArn"',
  ],
  [
    'a tag without a value',
    JSON.stringify({ RoleDetailList: [role({ Tags: [{ Key: 'team' }] })] }),
    'iam.json: RoleDetailList[0].Tags[0]: needs "Key" and "Value"',
  ],
  [
    'groups that are not names',
    JSON.stringify({ UserDetailList: [{ UserName: 'u', Arn: `arn:aws:iam::${A}:user/u`, GroupList: [{ GroupName: 'g' }] }] }),
    'iam.json: UserDetailList[0].GroupList: not a list of group names',
  ],
  [
    'a managed policy without a default version',
    JSON.stringify({
      Policies: [
        { Arn: `arn:aws:iam::${A}:policy/P`, DefaultVersionId: 'v3', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: false, Document: doc() }] },
      ],
    }),
    'iam.json: Policies[0].PolicyVersionList: no default version (IsDefaultVersion or DefaultVersionId)',
  ],
  [
    'a default version that is not a policy',
    JSON.stringify({ Policies: [{ Arn: `arn:aws:iam::${A}:policy/P`, PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: '"text"' }] }] }),
    'iam.json: Policies[0].PolicyVersionList[0].Document: not a policy document',
  ],
];

describe('authorization details: malformed files', () => {
  for (const [name, text, message] of IAM_CASES) {
    test(name, () => {
      assert.throws(
        () => readAuthorizationDetails([{ name: 'iam.json', text }]),
        (e: unknown) => e instanceof InputError && (message.endsWith('(') ? e.message.startsWith(message) : e.message === message),
      );
    });
  }
});

describe('authorization details: accepted forms', () => {
  test('URL-encoded documents (the raw API) and objects (the CLI) read alike', () => {
    const d = doc({ Action: 'kms:Decrypt' });
    const encoded = readAuthorizationDetails([
      {
        name: 'a',
        text: JSON.stringify({ RoleDetailList: [role({ RolePolicyList: [{ PolicyName: 'p', PolicyDocument: encodeURIComponent(JSON.stringify(d)) }] })] }),
      },
    ]);
    const plain = readAuthorizationDetails([
      { name: 'b', text: JSON.stringify({ RoleDetailList: [role({ RolePolicyList: [{ PolicyName: 'p', PolicyDocument: d }] })] }) },
    ]);
    const statements = (x: typeof plain) => x.accounts.get(A)!.principals[0]!.identity[0]!.compiled!().statements.map((s) => [s.effect, [...s.coveredActions]]);
    assert.deepEqual(statements(encoded), statements(plain));
  });
  test('the default version is the one marked, by IsDefaultVersion or DefaultVersionId', () => {
    const files = [
      account(A, { users: { u: { managed: ['P'] } } }, {}),
      {
        name: 'aws.json',
        text: JSON.stringify({
          Policies: [
            {
              Arn: `arn:aws:iam::${A}:policy/P`,
              DefaultVersionId: 'v2',
              PolicyVersionList: [
                { VersionId: 'v1', Document: doc({ Action: 's3:*' }) },
                { VersionId: 'v2', Document: doc({ Action: 'kms:Decrypt' }) },
              ],
            },
          ],
        }),
      },
    ];
    const data = readAuthorizationDetails(files);
    assert.deepEqual([...data.accounts.get(A)!.principals[0]!.identity[0]!.compiled!().statements[0]!.coveredActions], ['kms:decrypt']);
    assert.deepEqual(data.accounts.get(A)!.missingPolicies, []);
  });
  test('files of one account merge; a missing managed policy or group is listed, never taken as empty', () => {
    const data = readAuthorizationDetails([account(A, { users: { u: { managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], groups: ['ghost'] } } })]);
    assert.deepEqual(data.accounts.get(A)!.missingPolicies, ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'group ghost']);
  });
  test('a truncated page is noted', () => {
    const data = readAuthorizationDetails([{ name: 'page1.json', text: JSON.stringify({ RoleDetailList: [role()], IsTruncated: true, Marker: 'm' }) }]);
    assert.deepEqual(data.truncated, ['page1.json']);
  });
});

const ORG_CASES: readonly [string, unknown, string][] = [
  ['not the layout', { scps: [] }, 'org.json: not an SCP/RCP file (expected {"accounts": {...}, "policies": {...}}, see docs/iam-join.md)'],
  ['a bad account id', { accounts: { '123': { scps: [] } } }, 'org.json: accounts.123: not a 12-digit account id'],
  [
    'levels that are not lists',
    { accounts: { [A]: { scps: ['p-1'] } }, policies: {} },
    `org.json: accounts.${A}.scps: not a list of levels (root, OUs, account), each a list of policy ids`,
  ],
  [
    'a policy id without a document',
    { accounts: { [A]: { scps: [['p-1']] } }, policies: {} },
    `org.json: accounts.${A}.scps[0]: policy p-1 is not in "policies"`,
  ],
  [
    'a document that is not a policy',
    { accounts: { [A]: { rcps: [['p-1']] } }, policies: { 'p-1': { Policy: { Content: '{}' } } } },
    'org.json: policies.p-1: not a policy document',
  ],
];

describe('SCP/RCP files: malformed', () => {
  for (const [name, value, message] of ORG_CASES) {
    test(name, () => {
      assert.throws(
        () => readOrganizations([{ name: 'org.json', text: JSON.stringify(value) }]),
        (e: unknown) => e instanceof InputError && e.message === message,
      );
    });
  }
});

describe('key tags and callers', () => {
  test('list-resource-tags output, a Key/Value list or an object', () => {
    assert.deepEqual(keyTagsFromJson({ Tags: [{ TagKey: 'env', TagValue: 'prod' }] }, 't'), { env: 'prod' });
    assert.deepEqual(keyTagsFromJson([{ Key: 'env', Value: 'dev' }], 't'), { env: 'dev' });
    assert.deepEqual(keyTagsFromJson({ env: 'x' }, 't'), { env: 'x' });
    assert.throws(
      () => keyTagsFromJson({ Tags: [{ TagKey: 'env' }] }, 'tags.json'),
      /^InputError: tags\.json: Tags\[0\] needs "TagKey" and "TagValue" \(strings\)$/,
    );
  });
  test('simulate --iam: a caller not in the data, or holding a missing policy, is an error', () => {
    const data = readAuthorizationDetails([account(A, { users: { u: { managed: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } } })]);
    assert.throws(() => callerPolicies(data, undefined, `arn:aws:iam::${A}:role/Nope`, A), {
      message: `the caller arn:aws:iam::${A}:role/Nope is not in the IAM data of account ${A} (${A}.json)`,
    });
    assert.throws(() => callerPolicies(data, undefined, `arn:aws:iam::${A}:user/u`, A), {
      message: `arn:aws:iam::aws:policy/ReadOnlyAccess (held by arn:aws:iam::${A}:user/u) is not in the IAM data: add its document (AWS managed policies need --filter AWSManagedPolicy)`,
    });
    assert.throws(() => callerPolicies(data, undefined, 'arn:aws:iam::999988887777:user/z', A), {
      message: "the IAM data holds no account 999988887777, the caller's: supply its authorization details",
    });
  });
});
