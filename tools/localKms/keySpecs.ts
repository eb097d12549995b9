/**
 * Key specs the endpoint can create, with the key usages each allows and the algorithms
 * DescribeKey reports for it (KMS API reference, CreateKey KeySpec).
 */

/** What one key spec supports. */
export interface KeySpecInfo {
  readonly usages: readonly string[];
  readonly encryption?: readonly string[];
  readonly signing?: readonly string[];
  readonly mac?: readonly string[];
  readonly keyAgreement?: readonly string[];
}

const RSA: KeySpecInfo = {
  usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  encryption: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
  signing: [
    'RSASSA_PSS_SHA_256',
    'RSASSA_PSS_SHA_384',
    'RSASSA_PSS_SHA_512',
    'RSASSA_PKCS1_V1_5_SHA_256',
    'RSASSA_PKCS1_V1_5_SHA_384',
    'RSASSA_PKCS1_V1_5_SHA_512',
  ],
};

function ecc(signing: string): KeySpecInfo {
  return { usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], signing: [signing], keyAgreement: ['ECDH'] };
}

/** Supported key specs. */
export const KEY_SPECS: Readonly<Record<string, KeySpecInfo>> = {
  SYMMETRIC_DEFAULT: { usages: ['ENCRYPT_DECRYPT'], encryption: ['SYMMETRIC_DEFAULT'] },
  RSA_2048: RSA,
  RSA_3072: RSA,
  RSA_4096: RSA,
  ECC_NIST_P256: ecc('ECDSA_SHA_256'),
  ECC_NIST_P384: ecc('ECDSA_SHA_384'),
  ECC_NIST_P521: ecc('ECDSA_SHA_512'),
  ECC_SECG_P256K1: { usages: ['SIGN_VERIFY'], signing: ['ECDSA_SHA_256'] },
  HMAC_224: { usages: ['GENERATE_VERIFY_MAC'], mac: ['HMAC_SHA_224'] },
  HMAC_256: { usages: ['GENERATE_VERIFY_MAC'], mac: ['HMAC_SHA_256'] },
  HMAC_384: { usages: ['GENERATE_VERIFY_MAC'], mac: ['HMAC_SHA_384'] },
  HMAC_512: { usages: ['GENERATE_VERIFY_MAC'], mac: ['HMAC_SHA_512'] },
};
