/**
 * Shapes of the generated catalog data (generated/*.ts, written by scripts/catalogGenerator.mjs) and of the
 * public records built from it. Generated files import these types, so a shape change fails the typecheck.
 */

/** Condition key types as the data package spells them; `ArrayOf…` keys are multi-valued. */
export type ConditionKeyType =
  | 'String'
  | 'ArrayOfString'
  | 'Numeric'
  | 'ArrayOfNumeric'
  | 'Date'
  | 'ArrayOfDate'
  | 'Bool'
  | 'ArrayOfBool'
  | 'ARN'
  | 'ArrayOfARN'
  | 'IPAddress'
  | 'ArrayOfIPAddress'
  | 'Binary'
  | 'ArrayOfBinary';

/** A templated key name split at its variable: `kms:EncryptionContext:${EncryptionContextKey}`. */
export interface KeyTemplate {
  /** The fixed part, e.g. `kms:EncryptionContext:` or `aws:ResourceTag/`. */
  readonly prefix: string;
  /** The variable's name, e.g. `EncryptionContextKey` or `TagKey`. */
  readonly variable: string;
}

/** A resource type as one action uses it. */
export interface GeneratedActionResource {
  /** `key` or `alias`. */
  readonly name: string;
  readonly required: boolean;
  /** Condition keys the resource type brings (for `key`: KeySpec, KeyUsage, aws:ResourceTag/…). */
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
}

/** One kms action as generated from the data package. */
export interface GeneratedAction {
  /** The action name without prefix, e.g. `Decrypt`. */
  readonly name: string;
  readonly description: string;
  /** As in the data, e.g. `Write` or `Permissions management, Write`. */
  readonly accessLevel: string;
  /** Empty for actions not authorized on a key or alias (`Resource: *` in IAM, e.g. CreateKey). */
  readonly resourceTypes: readonly GeneratedActionResource[];
  /** Every condition key the action supports: its own plus its resource types' keys. Template names as in the data. */
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
  /** The AWS KMS API Reference page for the operation. */
  readonly documentationUrl: string;
}

/** One condition key listed for the kms service. */
export interface GeneratedConditionKey {
  /** As in the data, e.g. `kms:ViaService` or `kms:EncryptionContext:${EncryptionContextKey}`. */
  readonly name: string;
  readonly type: ConditionKeyType;
  readonly multiValued: boolean;
  readonly description: string;
  /** Present for templated keys. */
  readonly template?: KeyTemplate;
  /** For keys enumerated member by member under one prefix, e.g. `kms:RecipientAttestation:`. */
  readonly family?: string;
  /** kms actions (names without prefix) that support the key, sorted. */
  readonly actions: readonly string[];
}

/** One global condition key (any service's requests may carry it). */
export interface GeneratedGlobalKey {
  /** e.g. `aws:PrincipalArn` or `aws:PrincipalTag/${TagKey}`. */
  readonly name: string;
  /** The data package's grouping: principal, session, network, resource or request. */
  readonly category: string;
  readonly type: ConditionKeyType;
  readonly multiValued: boolean;
  /** Empty in the data package; the catalog fills it from its own table (globalKeyDescriptions.ts). */
  readonly description: string;
  readonly template?: KeyTemplate;
}

/** A kms resource type. */
export interface GeneratedResourceType {
  readonly name: string;
  /** ARN template, e.g. `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`. */
  readonly arn: string;
  readonly conditionKeys: readonly string[];
}
