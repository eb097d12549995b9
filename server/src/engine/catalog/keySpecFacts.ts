/**
 * Which key usages each key spec allows, and which keys each kms action can be used with, maintained by hand
 * from the KMS API Reference (B; the same text ships in @aws-sdk/client-kms 3.1164.0, models):
 * - usages per spec: CreateKey's KeyUsage parameter ("For asymmetric KMS keys with RSA key pairs, specify
 *   ENCRYPT_DECRYPT or SIGN_VERIFY"…) and KeySpec parameter (ECC_NIST_EDWARDS25519 is "signing and verification
 *   only"; ML-KEM establishes shared secrets);
 * - per action: the KeyId parameter of each operation: Encrypt, Decrypt and ReEncrypt take an ENCRYPT_DECRYPT
 *   key, symmetric or asymmetric; GenerateDataKey, GenerateDataKeyPair and their WithoutPlaintext forms take
 *   "the symmetric encryption KMS key… You cannot specify an asymmetric KMS key"; Sign and Verify a SIGN_VERIFY
 *   key; GenerateMac and VerifyMac an HMAC key; DeriveSharedSecret a KEY_AGREEMENT key; GetPublicKey "the
 *   asymmetric KMS key"; EnableKeyRotation, DisableKeyRotation and RotateKeyOnDemand "a symmetric encryption
 *   KMS key" (no asymmetric or HMAC keys).
 * Actions not listed work with every key (DescribeKey, CreateGrant, PutKeyPolicy…) or need no key.
 */
import { findAction } from './actions';
import { deepFreeze } from './freeze';

/** A key usage (API KeyUsageType). */
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT' | 'ENCAPSULATE_DECAPSULATE';

const ENCRYPT: readonly KeyUsage[] = ['ENCRYPT_DECRYPT'];
const SIGN: readonly KeyUsage[] = ['SIGN_VERIFY'];
const MAC: readonly KeyUsage[] = ['GENERATE_VERIFY_MAC'];
const RSA: readonly KeyUsage[] = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'];
const NIST_ECC: readonly KeyUsage[] = ['SIGN_VERIFY', 'KEY_AGREEMENT'];
const KEM: readonly KeyUsage[] = ['ENCAPSULATE_DECAPSULATE'];

/** The usages each key spec allows, keyed by spec in API order (a test checks it covers every KeySpec value). */
export const KEY_SPEC_USAGES: Readonly<Record<string, readonly KeyUsage[]>> = deepFreeze({
  SYMMETRIC_DEFAULT: ENCRYPT,
  RSA_2048: RSA,
  RSA_3072: RSA,
  RSA_4096: RSA,
  ECC_NIST_P256: NIST_ECC,
  ECC_NIST_P384: NIST_ECC,
  ECC_NIST_P521: NIST_ECC,
  ECC_SECG_P256K1: SIGN,
  ECC_NIST_EDWARDS25519: SIGN,
  HMAC_224: MAC,
  HMAC_256: MAC,
  HMAC_384: MAC,
  HMAC_512: MAC,
  SM2: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'],
  ML_DSA_44: SIGN,
  ML_DSA_65: SIGN,
  ML_DSA_87: SIGN,
  ML_KEM_512: KEM,
  ML_KEM_768: KEM,
  ML_KEM_1024: KEM,
});

/** The keys an action works with. */
export interface KeyRequirement {
  /** Key usages the action works with. */
  readonly usages: readonly KeyUsage[];
  /** Set when only some specs with those usages qualify (the data-key operations need SYMMETRIC_DEFAULT). */
  readonly keySpecs?: readonly string[];
  /** The requirement in words for messages, with its article: `a SIGN_VERIFY key`. */
  readonly needs: string;
}

const SYMMETRIC_ONLY: KeyRequirement = {
  usages: ENCRYPT,
  keySpecs: ['SYMMETRIC_DEFAULT'],
  needs: 'a symmetric encryption (SYMMETRIC_DEFAULT) key',
};
const ENCRYPT_KEY: KeyRequirement = { usages: ENCRYPT, needs: 'an ENCRYPT_DECRYPT key' };
const SIGN_KEY: KeyRequirement = { usages: SIGN, needs: 'a SIGN_VERIFY key' };
const MAC_KEY: KeyRequirement = { usages: MAC, needs: 'a GENERATE_VERIFY_MAC key' };
const ASYMMETRIC_SPECS = Object.keys(KEY_SPEC_USAGES).filter((s) => s !== 'SYMMETRIC_DEFAULT' && !s.startsWith('HMAC_'));
const ASYMMETRIC: KeyRequirement = {
  usages: [...new Set(ASYMMETRIC_SPECS.flatMap((s) => KEY_SPEC_USAGES[s] ?? []))],
  keySpecs: ASYMMETRIC_SPECS,
  needs: 'an asymmetric key',
};

/** What each key-bound action needs of the key, by action name without prefix. */
export const ACTION_KEY_REQUIREMENTS: Readonly<Record<string, KeyRequirement>> = deepFreeze({
  Decrypt: ENCRYPT_KEY,
  DeriveSharedSecret: { usages: ['KEY_AGREEMENT'], needs: 'a KEY_AGREEMENT key' },
  DisableKeyRotation: SYMMETRIC_ONLY,
  EnableKeyRotation: SYMMETRIC_ONLY,
  Encrypt: ENCRYPT_KEY,
  GenerateDataKey: SYMMETRIC_ONLY,
  GenerateDataKeyPair: SYMMETRIC_ONLY,
  GenerateDataKeyPairWithoutPlaintext: SYMMETRIC_ONLY,
  GenerateDataKeyWithoutPlaintext: SYMMETRIC_ONLY,
  GenerateMac: MAC_KEY,
  GetPublicKey: ASYMMETRIC,
  ReEncryptFrom: ENCRYPT_KEY,
  ReEncryptTo: ENCRYPT_KEY,
  RotateKeyOnDemand: SYMMETRIC_ONLY,
  Sign: SIGN_KEY,
  Verify: SIGN_KEY,
  VerifyMac: MAC_KEY,
});

/** What is known about a key: its spec, its usage, or both (any case). */
export interface KeyTraits {
  readonly keySpec?: string | undefined;
  readonly keyUsage?: string | undefined;
}

const USAGES: ReadonlySet<string> = new Set<KeyUsage>(['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE']);

/** The usages a key spec allows (any case); undefined for a spec the table does not know. */
export function usagesForKeySpec(spec: string): readonly KeyUsage[] | undefined {
  return KEY_SPEC_USAGES[spec.toUpperCase()];
}

/** What an action (any spelling: `Sign`, `kms:sign`) needs of the key; undefined when it works with every key. */
export function keyRequirement(action: string): KeyRequirement | undefined {
  const info = findAction(action);
  return info ? ACTION_KEY_REQUIREMENTS[info.name] : undefined;
}

/**
 * Whether the action can be used with a key of these traits. False only when the traits rule it out: the
 * usage is not one the action takes, the spec is not one it takes, or none of the spec's usages is. Specs and
 * usages the tables do not know are ignored, so an unknown key never makes an action impossible.
 */
export function actionFitsKey(action: string, key: KeyTraits): boolean {
  const req = keyRequirement(action);
  if (!req) return true;
  const spec = key.keySpec?.toUpperCase();
  const specUsages = spec === undefined ? undefined : KEY_SPEC_USAGES[spec];
  const usage = key.keyUsage?.toUpperCase();
  if (specUsages && req.keySpecs && !req.keySpecs.includes(spec as string)) return false;
  const possible = usage !== undefined && USAGES.has(usage) ? [usage] : specUsages;
  return possible === undefined || possible.some((u) => (req.usages as readonly string[]).includes(u));
}
