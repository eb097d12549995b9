/**
 * Data shapes the AWS module returns. Plain data (no SDK types), so views and tests can use them
 * without the AWS SDK.
 */

/**
 * A per-key sub-call that failed while listing keys, kept on the key instead of failing the
 * listing. `denied` names the IAM action (`kms:ListGrants`), `code` is KMS's exception name
 * (`AccessDeniedException`, `NotFoundException`, …) and `message` its message, verbatim.
 */
export interface DeniedCall {
  readonly denied: string;
  readonly code: string;
  readonly message: string;
}

/** True when a listed value is a failed sub-call rather than data. */
export function isDenied(value: unknown): value is DeniedCall {
  return typeof value === 'object' && value !== null && typeof (value as DeniedCall).denied === 'string' && typeof (value as DeniedCall).code === 'string';
}

/** What DescribeKey tells about a key. */
export interface KeyDetails {
  /** Enabled, Disabled, PendingDeletion, PendingImport, … */
  readonly state: string;
  /** KeySpec: SYMMETRIC_DEFAULT, RSA_2048, HMAC_256, ECC_NIST_P256, … */
  readonly spec: string;
  /** KeyUsage: ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT. */
  readonly usage: string;
  /** Origin: AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE. */
  readonly origin: string;
  /** Multi-Region role; NONE for single-Region keys. */
  readonly multiRegion: 'NONE' | 'PRIMARY' | 'REPLICA';
  /** CUSTOMER for customer managed keys, AWS for AWS managed keys. */
  readonly manager: 'CUSTOMER' | 'AWS';
  readonly description: string;
  readonly creationDate?: Date;
  /** When a key pending deletion will be deleted. */
  readonly deletionDate?: Date;
  /** Waiting period chosen for a key pending deletion. */
  readonly pendingWindowDays?: number;
}

/** Automatic rotation of a key's material. */
export interface KeyRotation {
  /** False for keys that cannot rotate automatically (asymmetric, HMAC, imported, custom key store). */
  readonly supported: boolean;
  readonly enabled: boolean;
  readonly periodDays?: number;
  readonly nextRotationDate?: Date;
}

/** Encryption-context constraints of a grant. */
export interface GrantConstraints {
  readonly encryptionContextSubset?: Readonly<Record<string, string>>;
  readonly encryptionContextEquals?: Readonly<Record<string, string>>;
}

/** A grant on a key. */
export interface KeyGrant {
  readonly id: string;
  /** Grant name; empty when the grant has none. */
  readonly name: string;
  /** Grantee principal: an ARN, an account, or a service principal. */
  readonly grantee: string;
  readonly operations: readonly string[];
  readonly constraints?: GrantConstraints;
  readonly retiringPrincipal?: string;
  readonly issuingAccount?: string;
  readonly creationDate?: Date;
}

/** A tag on a key. */
export interface KeyTag {
  readonly key: string;
  readonly value: string;
}

/** One key as listed by `listKeys`, each part either data or the sub-call that failed. */
export interface KmsKeySummary {
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  /** Account that owns the key (from its ARN). */
  readonly accountId: string;
  /** Alias names (`alias/…`), from ListAliases. */
  readonly aliases: readonly string[] | DeniedCall;
  /** From DescribeKey. */
  readonly details: KeyDetails | DeniedCall;
  /** From GetKeyRotationStatus (not called for keys that cannot rotate). */
  readonly rotation: KeyRotation | DeniedCall;
  /** From ListGrants, all pages. */
  readonly grants: readonly KeyGrant[] | DeniedCall;
  /** From ListResourceTags, all pages. */
  readonly tags: readonly KeyTag[] | DeniedCall;
}

/** Progress of a long listing. */
export interface ListProgress {
  readonly region: string;
  /** `keys`: paging ListKeys/ListAliases; `details`: per-key calls. */
  readonly phase: 'keys' | 'details';
  /** Keys found so far (`keys`) or keys completed (`details`). */
  readonly done: number;
  /** Total keys, once known (`details`). */
  readonly total?: number;
}

/** One CloudTrail event about a key. */
export interface KeyEvent {
  readonly eventId: string;
  readonly time: Date;
  /** API operation, e.g. Decrypt. */
  readonly name: string;
  /** e.g. kms.amazonaws.com */
  readonly source: string;
  readonly username?: string;
  readonly accessKeyId?: string;
  readonly readOnly?: boolean;
  /** userIdentity.type: IAMUser, AssumedRole, Root, AWSService, … */
  readonly identityType?: string;
  /** userIdentity.arn */
  readonly principalArn?: string;
  /** userIdentity.accountId */
  readonly principalAccount?: string;
  /** The AWS service that made the call on the principal's behalf (e.g. s3.amazonaws.com). */
  readonly invokedBy?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  /** Set when the call failed, e.g. AccessDenied. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** The whole CloudTrail record, parsed; undefined when CloudTrail's JSON did not parse. */
  readonly record?: Readonly<Record<string, unknown>>;
}

/** Result of a CloudTrail lookup. */
export interface KeyEventsResult {
  readonly events: readonly KeyEvent[];
  /** True when `maxEvents` stopped the lookup before CloudTrail's last page. */
  readonly truncated: boolean;
}
