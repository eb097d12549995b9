/**
 * Which condition keys a KMS request always carries, maintained by hand with a basis for each row. Rules use
 * it to stay quiet where a key's absence cannot happen (a negated operator or ForAllValues on a key that is
 * always there); the simulator can use it to tell "absent" from "not given". Sources (codes as in SEMANTICS.md):
 * - global keys: SEMANTICS §4.2, column "Present" ("always", or "signed requests": KMS accepts only signed
 *   requests), from I:reference_policies_condition-keys.md;
 * - kms keys: SEMANTICS §3 "KMS presence rules" (key-property keys on every operation against a key;
 *   request-parameter keys even when the parameter is defaulted) and §4.1; for request-parameter keys, the
 *   operations on which the KMS API (B; @aws-sdk/client-kms 3.1164.0 models) requires the parameter.
 * Keys that depend on the caller, the path or the request's optional parts (aws:SourceIp, aws:SourceVpce,
 * aws:PrincipalOrgID, kms:ViaService, kms:EncryptionContext:<k>, kms:MultiRegionKeyType, kms:GranteePrincipal,
 * optional defaulted parameters such as kms:MessageType) are deliberately absent: no entry means "may be absent".
 */
import { findAction } from './actions';
import { actionSupportsKey } from './conditionKeys';
import { deepFreeze } from './freeze';

/** A global key every KMS request carries. */
export interface GlobalPresence {
  /** As the catalog spells it, e.g. `aws:PrincipalArn`. */
  readonly key: string;
  /** Why it is always there. */
  readonly basis: string;
}

/** A kms key carried by every request of the actions named. */
export interface KmsPresence {
  /** As the catalog spells it, e.g. `kms:CallerAccount`. */
  readonly key: string;
  /**
   * `'supported'`: every action the catalog lists for the key. Otherwise the operations (names without prefix)
   * whose API requires the parameter behind the key; a test checks they equal the catalog's list.
   */
  readonly actions: 'supported' | readonly string[];
  /** Why it is always there. */
  readonly basis: string;
}

const SIGNED = 'SEMANTICS §4.2: present on every signed request, and KMS accepts only signed requests';
const ALWAYS = 'SEMANTICS §4.2: present on every request';

/** Global keys every KMS request carries, sorted by key. */
export const GLOBAL_KEYS_ALWAYS_PRESENT: readonly GlobalPresence[] = deepFreeze([
  { key: 'aws:CurrentTime', basis: ALWAYS },
  { key: 'aws:EpochTime', basis: ALWAYS },
  { key: 'aws:PrincipalAccount', basis: ALWAYS },
  { key: 'aws:PrincipalArn', basis: SIGNED },
  { key: 'aws:PrincipalIsAWSService', basis: SIGNED },
  { key: 'aws:PrincipalType', basis: ALWAYS },
  { key: 'aws:RequestedRegion', basis: ALWAYS },
  { key: 'aws:SecureTransport', basis: ALWAYS },
  { key: 'aws:userid', basis: ALWAYS },
  { key: 'aws:ViaAWSService', basis: ALWAYS },
]);

const KEY_PROPERTY = 'SEMANTICS §3: a key property, set on every operation against a key (and a defaulted parameter of CreateKey)';
const required = (parameter: string): string => `KMS API: the required ${parameter} parameter (SEMANTICS §3: request-parameter keys are always set)`;

/** kms keys every request of the named actions carries, sorted by key. */
export const KMS_KEYS_ALWAYS_PRESENT: readonly KmsPresence[] = deepFreeze([
  {
    key: 'kms:CallerAccount',
    actions: 'supported',
    basis: "SEMANTICS §3 and §4.1: the caller's account, set on every request that supports it",
  },
  { key: 'kms:DataKeyPairSpec', actions: ['GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext'], basis: required('KeyPairSpec') },
  {
    key: 'kms:EncryptionAlgorithm',
    actions: 'supported',
    basis: 'SEMANTICS §3: set even when defaulted, including on the data-key operations',
  },
  { key: 'kms:GrantOperations', actions: ['CreateGrant'], basis: required('Operations') },
  { key: 'kms:KeyAgreementAlgorithm', actions: ['DeriveSharedSecret'], basis: required('KeyAgreementAlgorithm') },
  { key: 'kms:KeyOrigin', actions: 'supported', basis: KEY_PROPERTY },
  { key: 'kms:KeySpec', actions: 'supported', basis: KEY_PROPERTY },
  { key: 'kms:KeyUsage', actions: 'supported', basis: KEY_PROPERTY },
  { key: 'kms:MacAlgorithm', actions: ['GenerateMac', 'VerifyMac'], basis: required('MacAlgorithm') },
  { key: 'kms:MultiRegion', actions: 'supported', basis: KEY_PROPERTY },
  { key: 'kms:PrimaryRegion', actions: ['UpdatePrimaryRegion'], basis: required('PrimaryRegion') },
  { key: 'kms:ReplicaRegion', actions: ['ReplicateKey'], basis: required('ReplicaRegion') },
  { key: 'kms:SigningAlgorithm', actions: ['Sign', 'Verify'], basis: required('SigningAlgorithm') },
  { key: 'kms:WrappingAlgorithm', actions: ['GetParametersForImport'], basis: required('WrappingAlgorithm') },
  { key: 'kms:WrappingKeySpec', actions: ['GetParametersForImport'], basis: required('WrappingKeySpec') },
]);

/** A key whose value is the same on every KMS request. */
export interface FixedValue {
  /** As the catalog spells it. */
  readonly key: string;
  /** The values every request carries. */
  readonly values: readonly string[];
  /** Why. */
  readonly basis: string;
}

/**
 * Keys whose value every KMS request carries the same: `aws:SecureTransport` is always `true`, since KMS
 * endpoints accept only HTTPS (TLS 1.2 or later; K:data-protection.md "Encryption in transit", and the simulator's
 * derived context, SEMANTICS §2 and simulate/context.ts). A `Deny` on `aws:SecureTransport: false`, common in
 * policies copied from S3 bucket policies, therefore never matches, and is harmless.
 */
export const KEYS_WITH_FIXED_VALUE: readonly FixedValue[] = deepFreeze([
  { key: 'aws:SecureTransport', values: ['true'], basis: 'KMS endpoints accept only HTTPS (TLS): every request is over TLS' },
]);

const FIXED_BY_LOWER: ReadonlyMap<string, FixedValue> = new Map(KEYS_WITH_FIXED_VALUE.map((f) => [f.key.toLowerCase(), f]));

/** The fixed value of a key on every KMS request (any case), or undefined when it varies. */
export function fixedValue(key: string): FixedValue | undefined {
  return FIXED_BY_LOWER.get(key.toLowerCase());
}

const GLOBAL_BY_LOWER: ReadonlyMap<string, GlobalPresence> = new Map(GLOBAL_KEYS_ALWAYS_PRESENT.map((p) => [p.key.toLowerCase(), p]));
const KMS_BY_LOWER: ReadonlyMap<string, KmsPresence> = new Map(KMS_KEYS_ALWAYS_PRESENT.map((p) => [p.key.toLowerCase(), p]));

/**
 * Whether a request certainly carries the key (any case). Without an action: only for the global keys every
 * request has. With an action (`Decrypt` or `kms:Decrypt`): also for the kms keys that action always sets,
 * e.g. `alwaysPresent('kms:GrantOperations', 'CreateGrant')`. False for unknown keys and actions: absence is
 * then possible as far as the catalog knows.
 */
export function alwaysPresent(key: string, action?: string): boolean {
  const lower = key.toLowerCase();
  if (GLOBAL_BY_LOWER.has(lower)) return true;
  const kms = KMS_BY_LOWER.get(lower);
  if (!kms || action === undefined) return false;
  const info = findAction(action);
  if (!info || !actionSupportsKey(info.name, key)) return false;
  return kms.actions === 'supported' || kms.actions.includes(info.name);
}
