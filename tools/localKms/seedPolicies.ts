/**
 * Key policies for the demo keys, shaped like the ones AWS's console and services write:
 * console default (administrators, users, persistent resources), cross-account users, a public
 * (risky) key, a CloudTrail service key, a service-only key, and the AWS managed key pattern.
 */

type Statement = Record<string, unknown>;

/** A policy document as text, formatted as KMS returns console-made policies. */
export function policyText(statements: Statement[], id = 'key-consolepolicy-3'): string {
  return JSON.stringify({ Version: '2012-10-17', Id: id, Statement: statements }, null, 2);
}

/** The account-root statement every sensible policy starts with. */
export function rootStatement(account: string): Statement {
  return {
    Sid: 'Enable IAM User Permissions',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: 'kms:*',
    Resource: '*',
  };
}

/** The console's key administrator statement. */
export function adminStatement(admins: string[]): Statement {
  return {
    Sid: 'Allow access for Key Administrators',
    Effect: 'Allow',
    Principal: { AWS: admins },
    Action: [
      'kms:Create*',
      'kms:Describe*',
      'kms:Enable*',
      'kms:List*',
      'kms:Put*',
      'kms:Update*',
      'kms:Revoke*',
      'kms:Disable*',
      'kms:Get*',
      'kms:Delete*',
      'kms:TagResource',
      'kms:UntagResource',
      'kms:ScheduleKeyDeletion',
      'kms:CancelKeyDeletion',
      'kms:RotateKeyOnDemand',
    ],
    Resource: '*',
  };
}

/** Use actions per key type, as the console writes them for key users. */
export const USER_ACTIONS = {
  symmetric: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
  hmac: ['kms:GenerateMac', 'kms:VerifyMac', 'kms:DescribeKey'],
  signing: ['kms:Sign', 'kms:Verify', 'kms:DescribeKey', 'kms:GetPublicKey'],
} as const;

/** The console's key user statement. */
export function userStatement(users: string[], actions: readonly string[]): Statement {
  return { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: users }, Action: [...actions], Resource: '*' };
}

/** The console's "persistent resources" statement: grants only through integrated services. */
export function persistentResourcesStatement(users: string[]): Statement {
  return {
    Sid: 'Allow attachment of persistent resources',
    Effect: 'Allow',
    Principal: { AWS: users },
    Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
    Resource: '*',
    Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  };
}

/** The console default policy for a symmetric key. */
export function consolePolicy(account: string, admins: string[], users: string[], actions: readonly string[] = USER_ACTIONS.symmetric): string {
  return policyText([rootStatement(account), adminStatement(admins), userStatement(users, actions), persistentResourcesStatement(users)]);
}

/** Risky: anyone in any account may use the key, with no condition. */
export function publicPolicy(account: string): string {
  return policyText(
    [
      rootStatement(account),
      {
        Sid: 'Legacy open access',
        Effect: 'Allow',
        Principal: '*',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
      },
    ],
    'legacy-open-policy',
  );
}

/** CloudTrail's key policy, with the confused-deputy guard. */
export function cloudTrailPolicy(account: string, region: string): string {
  const trailArn = `arn:aws:cloudtrail:${region}:${account}:trail/management-events`;
  return policyText(
    [
      rootStatement(account),
      {
        Sid: 'Allow CloudTrail to encrypt logs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceArn': trailArn },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account}:trail/*` },
        },
      },
      {
        Sid: 'Allow CloudTrail to describe key',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
        Resource: '*',
      },
    ],
    'key-cloudtrail',
  );
}

/** Any principal of the account, but only through one service (the AWS managed key pattern, for a customer key). */
export function viaServicePolicy(account: string, service: string, admins: string[]): string {
  return policyText(
    [
      rootStatement(account),
      adminStatement(admins),
      {
        Sid: `Allow use through ${service} only`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: USER_ACTIONS.symmetric,
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': service } },
      },
    ],
    'key-via-service',
  );
}

/** A key that denies deletion to everyone but its administrators. */
export function deletionGuardPolicy(account: string, admins: string[]): string {
  return policyText(
    [
      rootStatement(account),
      adminStatement(admins),
      {
        Sid: 'Deny deletion except by administrators',
        Effect: 'Deny',
        NotPrincipal: { AWS: [...admins, `arn:aws:iam::${account}:root`] },
        Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
        Resource: '*',
      },
    ],
    'key-deletion-guard',
  );
}

/** The policy AWS writes on its managed keys (alias/aws/<service>). */
export function awsManagedPolicy(account: string, service: string): string {
  return policyText(
    [
      {
        Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': service } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
    'auto-managed',
  );
}
