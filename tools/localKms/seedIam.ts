/**
 * The demo accounts' IAM, as `aws iam get-account-authorization-details` prints it (policy documents as JSON):
 * the identities of identities.ts and the principals the demo key policies name, with identity policies that make
 * the named who-can answer interesting — an administrator through an AWS managed policy, an application role
 * through a customer managed policy, a pipeline role limited to S3 by kms:ViaService, a CI user that reaches decrypt
 * only by assuming DeployRole, and a role whose permissions boundary leaves KMS out.
 */
import { PARTNER_ACCOUNT } from './seed';

type Json = Record<string, unknown>;

const CREATED = '2024-01-15T09:00:00Z';
const doc = (...Statement: Json[]): Json => ({ Version: '2012-10-17', Statement });
const managed = (account: string, name: string) => ({ PolicyName: name, PolicyArn: `arn:aws:iam::${account}:policy/${name}` });
const awsManaged = (name: string) => ({ PolicyName: name, PolicyArn: `arn:aws:iam::aws:policy/${name}` });
const trust = (principal: Json): Json => doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });

function user(account: string, name: string, extra: Json = {}): Json {
  return {
    Path: '/',
    UserName: name,
    UserId: `AIDA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, '0')
      .slice(0, 17)}`,
    Arn: `arn:aws:iam::${account}:user/${name}`,
    CreateDate: CREATED,
    UserPolicyList: [],
    GroupList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    ...extra,
  };
}

function role(account: string, name: string, trustPolicy: Json, extra: Json = {}): Json {
  return {
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, '0')
      .slice(0, 17)}`,
    Arn: `arn:aws:iam::${account}:role/${name}`,
    CreateDate: CREATED,
    AssumeRolePolicyDocument: trustPolicy,
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    ...extra,
  };
}

function policy(arn: string, name: string, document: Json, attachments: number): Json {
  return {
    PolicyName: name,
    PolicyId: `ANPA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, '0')
      .slice(0, 17)}`,
    Arn: arn,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: CREATED,
    UpdateDate: CREATED,
    PolicyVersionList: [{ Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: CREATED }],
  };
}

/** The CLI's authorization-details JSON of one account. */
export interface AuthorizationDetails {
  readonly UserDetailList: readonly Json[];
  readonly GroupDetailList: readonly Json[];
  readonly RoleDetailList: readonly Json[];
  readonly Policies: readonly Json[];
}

/** The authorization details of the demo account 111122223333. */
function mainAccount(): AuthorizationDetails {
  const A = '111122223333';
  const kmsUse = doc({
    Sid: 'UseAppKeys',
    Effect: 'Allow',
    Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    Resource: `arn:aws:kms:*:${A}:key/*`,
  });
  return {
    UserDetailList: [
      user(A, 'alice', { GroupList: ['Admins'] }),
      user(A, 'local-developer', { GroupList: ['Developers'] }),
      user(A, 'ci-runner', {
        UserPolicyList: [
          { PolicyName: 'AssumeDeploy', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/DeployRole` }) },
        ],
      }),
    ],
    GroupDetailList: [
      {
        Path: '/',
        GroupName: 'Admins',
        GroupId: 'AGPAADMINS0000000001',
        Arn: `arn:aws:iam::${A}:group/Admins`,
        CreateDate: CREATED,
        GroupPolicyList: [],
        AttachedManagedPolicies: [awsManaged('AdministratorAccess')],
      },
      {
        Path: '/',
        GroupName: 'Developers',
        GroupId: 'AGPADEVELOPERS000001',
        Arn: `arn:aws:iam::${A}:group/Developers`,
        CreateDate: CREATED,
        GroupPolicyList: [{ PolicyName: 'DescribeKeys', PolicyDocument: doc({ Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:List*'], Resource: '*' }) }],
        AttachedManagedPolicies: [],
      },
    ],
    RoleDetailList: [
      role(A, 'AppServerRole', trust({ Service: 'ec2.amazonaws.com' }), { AttachedManagedPolicies: [managed(A, 'KmsAppUse')] }),
      role(A, 'DataPipelineRole', trust({ Service: 'glue.amazonaws.com' }), {
        RolePolicyList: [
          {
            PolicyName: 'DecryptThroughS3',
            PolicyDocument: doc({
              Effect: 'Allow',
              Action: 'kms:Decrypt',
              Resource: '*',
              Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
            }),
          },
        ],
      }),
      role(A, 'DeployRole', trust({ AWS: `arn:aws:iam::${A}:user/ci-runner` }), {
        RolePolicyList: [{ PolicyName: 'DeployDecrypt', PolicyDocument: doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) }],
      }),
      role(A, 'KeyAdminRole', trust({ AWS: `arn:aws:iam::${A}:root` }), {
        RolePolicyList: [
          {
            PolicyName: 'KeyAdministration',
            PolicyDocument: doc({ Effect: 'Allow', Action: ['kms:Create*', 'kms:Describe*', 'kms:Put*', 'kms:Enable*'], Resource: '*' }),
          },
        ],
      }),
      role(A, 'SandboxRole', trust({ AWS: `arn:aws:iam::${A}:root` }), {
        AttachedManagedPolicies: [awsManaged('AdministratorAccess')],
        PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/NoKms` },
      }),
    ],
    Policies: [
      policy(`arn:aws:iam::${A}:policy/KmsAppUse`, 'KmsAppUse', kmsUse, 1),
      policy(`arn:aws:iam::${A}:policy/NoKms`, 'NoKms', doc({ Effect: 'Allow', NotAction: 'kms:*', Resource: '*' }), 0),
      policy('arn:aws:iam::aws:policy/AdministratorAccess', 'AdministratorAccess', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), 2),
    ],
  };
}

/** The partner account's: the role that reads the shared key. */
function partnerAccount(): AuthorizationDetails {
  const P = PARTNER_ACCOUNT;
  return {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [
      role(P, 'PartnerAnalytics', trust({ Service: 'glue.amazonaws.com' }), {
        RolePolicyList: [
          { PolicyName: 'ReadSharedKey', PolicyDocument: doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:*:111122223333:key/*' }) },
        ],
      }),
    ],
    Policies: [],
  };
}

/** The demo accounts' authorization details, by account id. */
export function demoAuthorizationDetails(): ReadonlyMap<string, AuthorizationDetails> {
  return new Map([
    ['111122223333', mainAccount()],
    [PARTNER_ACCOUNT, partnerAccount()],
  ]);
}
