/**
 * KMS facts the data package does not carry, maintained by hand. Sources (codes as in SEMANTICS.md):
 * - key-policy use, cross-account, grantable, capability flags: SEMANTICS §4.3 (from B "Cross-account use" and
 *   "Required permissions (key policy | IAM policy)", K:grants.md, K:concepts.md), with §2.2 for grant operations;
 * - key states: SEMANTICS §2.3 for the cryptographic operations, GetPublicKey, CreateGrant and ReplicateKey, and
 *   K:key-state.md (awsdocs/aws-kms-developer-guide, the table's ✗ cells; "?" cells depend on key material and
 *   are not listed) for the rest. That table predates the Creating, Updating and PendingReplicaDeletion states,
 *   so for those operations only the states it names are listed;
 * - condition-key notes: SEMANTICS §4.1, §7 items 35 and 48.
 * A test checks that every generated action has an entry here and every entry names a generated action.
 */
import { deepFreeze } from './freeze';

/** Whether an action means anything in a key policy (SEMANTICS §4.3 column KP). */
export type KeyPolicyUse =
  /** Meaningful in a key policy. */
  | 'yes'
  /** Not authorized on a key: only IAM policies can allow it (CreateKey, ListKeys, custom key stores…). */
  | 'iamOnly'
  /** Allowed or not by something else: RetireGrant is decided by the grant. */
  | 'noEffect'
  /** Called by KMS itself (SynchronizeMultiRegionKey); not for customer policies. */
  | 'internal';

/** What holding an action lets a principal do beyond the call itself (SEMANTICS §4.3 column Capability). */
export type KmsCapability =
  /** Decrypts existing ciphertext (Decrypt; ReEncryptFrom re-wraps it under a key the caller picks). */
  | 'decrypt'
  /** Returns new secret plaintext: a data key, a private key or a shared secret. */
  | 'plaintext'
  /** Can obtain more access: write the policy, grant any operation, replicate with a new policy. */
  | 'escalation'
  /** Changes tags or aliases, which matters when tag- or alias-based policies decide access. */
  | 'abac'
  /** Produces signatures or MACs under the key. */
  | 'sign'
  /** Makes the key or its material unusable (disable, schedule deletion, delete material, disconnect store). */
  | 'disruptsAvailability'
  /** Makes the key usable again. */
  | 'restoresAvailability';

/** KMS key states (API KeyState). */
export type KeyState = 'Creating' | 'Disabled' | 'Enabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion' | 'Unavailable' | 'Updating';

/** Every key state, in API order. */
export const KEY_STATES: readonly KeyState[] = deepFreeze([
  'Creating',
  'Disabled',
  'Enabled',
  'PendingDeletion',
  'PendingImport',
  'PendingReplicaDeletion',
  'Unavailable',
  'Updating',
]);

/** The hand-maintained facts for one kms action. */
export interface KmsActionFacts {
  /** Action name without prefix, e.g. `Decrypt`. */
  readonly action: string;
  readonly keyPolicy: KeyPolicyUse;
  /** Can succeed for a caller in another account than the key's (SEMANTICS §2 step 3). */
  readonly crossAccount: boolean;
  /** Can be an operation in a grant (API GrantOperation). */
  readonly grantable: boolean;
  readonly capabilities: readonly KmsCapability[];
  /**
   * Key states in which the call fails whatever the policies say. `[]`: works in every state (or needs no key);
   * `undefined`: the sources do not say.
   */
  readonly blockedInStates: readonly KeyState[] | undefined;
  /** A caveat worth showing in hovers. */
  readonly note?: string;
}

// Key-state sets (SEMANTICS §2.3).
const CRYPTO: readonly KeyState[] = ['Creating', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable'];
const CREATE_GRANT: readonly KeyState[] = ['Creating', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion'];
const REPLICATE: readonly KeyState[] = ['Creating', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Updating'];
const ANY: readonly KeyState[] = [];
const UNKNOWN = undefined;

type Row = readonly [KeyPolicyUse, boolean, boolean, readonly KmsCapability[], readonly KeyState[] | undefined, string?];

// [key policy, cross-account, grantable, capabilities, blocked in states, note]
const ROWS: Readonly<Record<string, Row>> = {
  CancelKeyDeletion: [
    'yes',
    false,
    false,
    ['restoresAvailability'],
    ['Disabled', 'Enabled', 'PendingImport', 'Unavailable'],
    'Succeeds only while the key is PendingDeletion.',
  ],
  ConnectCustomKeyStore: ['iamOnly', false, false, ['restoresAvailability'], ANY],
  CreateAlias: ['yes', false, false, ['abac'], ['PendingDeletion'], 'Also needs permission on the alias, which only an IAM policy can give.'],
  CreateCustomKeyStore: ['iamOnly', false, false, [], ANY],
  CreateGrant: ['yes', true, true, ['escalation'], CREATE_GRANT, 'A grant made under a policy permission may include any operation, Decrypt included.'],
  CreateKey: ['iamOnly', false, false, [], ANY, "The creator writes the new key's policy."],
  Decrypt: ['yes', true, true, ['decrypt'], CRYPTO],
  DeleteAlias: ['yes', false, false, ['abac'], ANY, 'Also needs permission on the alias, which only an IAM policy can give.'],
  DeleteCustomKeyStore: ['iamOnly', false, false, [], ANY],
  DeleteImportedKeyMaterial: ['yes', false, false, ['disruptsAvailability'], ['PendingDeletion', 'Unavailable']],
  DeriveSharedSecret: ['yes', true, true, ['plaintext'], CRYPTO],
  DescribeCustomKeyStores: ['iamOnly', false, false, [], ANY],
  DescribeKey: ['yes', true, true, [], ANY],
  DisableKey: ['yes', false, false, ['disruptsAvailability'], ['PendingDeletion', 'PendingImport']],
  DisableKeyRotation: ['yes', false, false, [], ['Disabled', 'PendingDeletion', 'PendingImport', 'Unavailable']],
  DisconnectCustomKeyStore: ['iamOnly', false, false, ['disruptsAvailability'], ANY, 'Every key in the store becomes Unavailable.'],
  EnableKey: ['yes', false, false, ['restoresAvailability'], ['PendingDeletion', 'PendingImport']],
  EnableKeyRotation: ['yes', false, false, [], ['Disabled', 'PendingDeletion', 'PendingImport', 'Unavailable']],
  Encrypt: ['yes', true, true, [], CRYPTO],
  GenerateDataKey: ['yes', true, true, ['plaintext'], CRYPTO],
  GenerateDataKeyPair: ['yes', true, true, ['plaintext'], CRYPTO],
  GenerateDataKeyPairWithoutPlaintext: ['yes', true, true, [], CRYPTO],
  GenerateDataKeyWithoutPlaintext: ['yes', true, true, [], CRYPTO],
  GenerateMac: ['yes', true, true, ['sign'], CRYPTO],
  GenerateRandom: ['iamOnly', false, false, [], ANY, 'Not tied to a key, so cross-account use does not apply.'],
  GetKeyLastUsage: ['yes', false, false, [], UNKNOWN],
  GetKeyPolicy: ['yes', false, false, [], ANY],
  GetKeyRotationStatus: ['yes', true, false, [], ['PendingImport', 'Unavailable']],
  GetParametersForImport: ['yes', false, false, [], ['PendingDeletion', 'Unavailable'], 'The first step of importing key material.'],
  GetPublicKey: ['yes', true, true, [], CREATE_GRANT],
  ImportKeyMaterial: ['yes', false, false, ['restoresAvailability'], ['PendingDeletion', 'Unavailable']],
  ListAliases: ['iamOnly', false, false, [], ANY],
  ListGrants: ['yes', true, false, [], ANY],
  ListKeyPolicies: ['yes', false, false, [], ANY],
  ListKeyRotations: ['yes', false, false, [], UNKNOWN],
  ListKeys: ['iamOnly', false, false, [], ANY],
  ListResourceTags: ['yes', false, false, [], ANY],
  ListRetirableGrants: ['iamOnly', false, false, [], ANY],
  PutKeyPolicy: ['yes', false, false, ['escalation'], ANY, 'Whoever can replace the policy can allow themselves anything.'],
  ReEncryptFrom: ['yes', true, true, ['decrypt'], CRYPTO, 'Equivalent to Decrypt: the plaintext is re-encrypted under a key the caller chooses.'],
  ReEncryptTo: ['yes', true, true, [], CRYPTO],
  ReplicateKey: ['yes', false, false, ['escalation'], REPLICATE, "The caller writes the replica's key policy."],
  RetireGrant: ['noEffect', true, true, [], ANY, 'The grant decides who may retire it; a key policy statement for RetireGrant has no effect.'],
  RevokeGrant: ['yes', true, false, [], ANY],
  RotateKeyOnDemand: ['yes', false, false, [], UNKNOWN],
  ScheduleKeyDeletion: ['yes', false, false, ['disruptsAvailability'], ['PendingDeletion']],
  Sign: ['yes', true, true, ['sign'], CRYPTO],
  SynchronizeMultiRegionKey: ['internal', false, false, [], UNKNOWN, 'Used by KMS to keep multi-Region keys in step.'],
  TagResource: ['yes', false, false, ['abac'], ['PendingDeletion']],
  UntagResource: ['yes', false, false, ['abac'], ['PendingDeletion']],
  UpdateAlias: ['yes', false, false, ['abac'], ANY, 'Also needs permission on the alias, which only an IAM policy can give.'],
  UpdateCustomKeyStore: ['iamOnly', false, false, [], ANY],
  UpdateKeyDescription: ['yes', false, false, [], ['PendingDeletion']],
  UpdatePrimaryRegion: ['yes', false, false, [], UNKNOWN],
  Verify: ['yes', true, true, [], CRYPTO],
  VerifyMac: ['yes', true, true, [], CRYPTO],
};

/** The facts table, keyed by action name without prefix. */
export const KMS_ACTION_FACTS: Readonly<Record<string, KmsActionFacts>> = deepFreeze(
  Object.fromEntries(
    Object.entries(ROWS).map(([action, [keyPolicy, crossAccount, grantable, capabilities, blockedInStates, note]]) => [
      action,
      { action, keyPolicy, crossAccount, grantable, capabilities, blockedInStates, ...(note ? { note } : {}) },
    ]),
  ),
);

/** Hand-maintained notes on kms condition keys (SEMANTICS §4.1, §7 items 35 and 48). */
export interface KmsKeyNote {
  /** The key's documented use is in IAM policies only; in a key policy it is at best confusing. */
  readonly iamPolicyOnly?: boolean;
  /** The key is deprecated in favour of this one. */
  readonly replacedBy?: string;
}

/** Notes keyed by condition key name as the catalog spells it. */
export const KMS_KEY_NOTES: Readonly<Record<string, KmsKeyNote>> = deepFreeze({
  'kms:ResourceAliases': { iamPolicyOnly: true },
  'aws:ResourceTag/${TagKey}': { iamPolicyOnly: true },
  'kms:CustomerMasterKeySpec': { replacedBy: 'kms:KeySpec' },
  'kms:CustomerMasterKeyUsage': { replacedBy: 'kms:KeyUsage' },
});
