/**
 * Who is calling: the endpoint maps each access key id to an account and a principal ARN, the
 * way AWS maps a real key to an IAM user or role session.
 */

/** An identity that the endpoint attributes to an access key id. */
export interface IdentityConfig {
  /** Twelve-digit account id. */
  readonly accountId: string;
  /**
   * The calling principal's ARN: `arn:aws:iam::A:user/N`, `arn:aws:iam::A:root`,
   * `arn:aws:sts::A:assumed-role/R/S` or `arn:aws:sts::A:federated-user/N`.
   */
  readonly arn: string;
}

/** The resolved caller of one request. */
export interface Caller extends IdentityConfig {
  /** The access key id that signed the request. */
  readonly accessKeyId: string;
  /** CloudTrail `userIdentity.type`: IAMUser, AssumedRole, Root or FederatedUser. */
  readonly identityType: string;
  /** CloudTrail's user name: the IAM user name, the role session name, or `root`. */
  readonly userName: string;
}

/** Account used for access keys missing from the identity map. */
export const DEFAULT_ACCOUNT_ID = '111122223333';

/** The principal ARN for an unmapped access key in `accountId`. */
export function defaultCallerArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/local-developer`;
}

/**
 * Identities the command-line endpoint knows about, handy for the demo workspace:
 * an administrator, an application role session, and a key user in the partner account.
 */
export const DEMO_IDENTITIES: Readonly<Record<string, IdentityConfig>> = {
  AKIDLOCALADMIN000001: { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice' },
  AKIDLOCALAPP00000001: {
    accountId: '111122223333',
    arn: 'arn:aws:sts::111122223333:assumed-role/AppServerRole/i-0a1b2c3d4e5f60718',
  },
  AKIDLOCALPARTNER0001: {
    accountId: '444455556666',
    arn: 'arn:aws:sts::444455556666:assumed-role/PartnerAnalytics/partner-etl',
  },
};

/** Resolves the caller for an access key id from the map, falling back to the default account. */
export function resolveCaller(accessKeyId: string, identities: Readonly<Record<string, IdentityConfig>>, defaultAccountId: string): Caller {
  const configured = Object.prototype.hasOwnProperty.call(identities, accessKeyId) ? identities[accessKeyId] : undefined;
  const accountId = configured?.accountId ?? defaultAccountId;
  const arn = configured?.arn ?? defaultCallerArn(accountId);
  return { accessKeyId, accountId, arn, ...describeArn(arn) };
}

function describeArn(arn: string): { identityType: string; userName: string } {
  const resource = arn.split(':').slice(5).join(':');
  if (resource === 'root') return { identityType: 'Root', userName: 'root' };
  const parts = resource.split('/');
  if (parts[0] === 'assumed-role') return { identityType: 'AssumedRole', userName: parts[2] ?? parts[1] ?? '' };
  if (parts[0] === 'federated-user') return { identityType: 'FederatedUser', userName: parts[1] ?? '' };
  return { identityType: 'IAMUser', userName: parts[parts.length - 1] ?? '' };
}

/** The account id in an ARN, or undefined when it is not an ARN. */
export function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts[4] : undefined;
}
