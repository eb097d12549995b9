import { allow, policyText, ruleTester } from './ruleTester';

const APP = { AWS: 'arn:aws:iam::111122223333:role/App' };
const USERS = [allow(APP, ['kms:Decrypt', 'kms:Sign', 'kms:*Mac', 'kms:DescribeKey', 'kms:Generate*'])];
const DATA_KEYS = [allow(APP, ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyPair*', 'kms:EnableKeyRotation', 'kms:GetPublicKey'])];
const POST_QUANTUM = [allow(APP, ['kms:Decrypt', 'kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'])];
/** The finding for one action the key can never serve: `kms:Sign needs a SIGN_VERIFY key, but this key is HMAC_256: …`. */
const cannot = (action: string, needs: string, key: string) => ({
  at: `"kms:${action}"`,
  message: new RegExp(`^kms:${action} needs ${/^[AEIOU]/i.test(needs) ? 'an' : 'a'} ${needs} key, but this key is ${key}:`),
  unnecessary: true,
});

ruleTester('KP208', {
  valid: [
    { name: 'no key facts', text: USERS },
    { name: 'a key spec it does not know', text: USERS, context: { keySpec: 'SOMETHING_NEW' } },
    {
      name: 'actions that work with every key',
      text: [allow('*', ['kms:*', 'kms:Create*', 'kms:Describe*', 'kms:Enable*'])],
      context: { keySpec: 'HMAC_512' },
    },
    {
      name: 'only the usage known: a symmetric key is still possible, so nothing about data keys',
      text: DATA_KEYS,
      context: { keyUsage: 'ENCRYPT_DECRYPT' },
    },
  ],
  invalid: [
    {
      name: 'signing and MAC actions on a symmetric key, from the key spec alone',
      text: USERS,
      context: { keySpec: 'SYMMETRIC_DEFAULT' },
      errors: [
        {
          at: '"kms:Sign"',
          message: /^kms:Sign needs a SIGN_VERIFY key, but this key is SYMMETRIC_DEFAULT: the entry can never apply/,
          unnecessary: true,
          fixes: [{ title: 'Remove "kms:Sign"', preferred: true }],
          output: policyText([allow(APP, ['kms:Decrypt', 'kms:*Mac', 'kms:DescribeKey', 'kms:Generate*'])]),
        },
        {
          at: '"kms:*Mac"',
          message: /"kms:\*Mac" matches only kms:GenerateMac and kms:VerifyMac, which need a GENERATE_VERIFY_MAC key/,
          unnecessary: true,
        },
      ],
    },
    {
      name: 'the key usage, when given',
      text: USERS,
      context: { keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' },
      errors: [
        { at: '"kms:Decrypt"', message: /needs an ENCRYPT_DECRYPT key, but this key is RSA_2048 \(SIGN_VERIFY\)/, unnecessary: true },
        {
          at: '"kms:*Mac"',
          message: /, which need a GENERATE_VERIFY_MAC key, but this key is RSA_2048 \(SIGN_VERIFY\)/,
          unnecessary: true,
        },
      ],
    },
    {
      name: 'the possible usages of the spec otherwise: RSA may encrypt or sign, but never MAC',
      text: USERS,
      context: { keySpec: 'RSA_2048' },
      errors: [
        {
          at: '"kms:*Mac"',
          message: /, which need a GENERATE_VERIFY_MAC key, but this key is RSA_2048: the entry can never apply/,
          unnecessary: true,
        },
      ],
    },
    {
      name: 'an HMAC key neither decrypts nor signs',
      text: USERS,
      context: { keySpec: 'HMAC_256' },
      errors: [cannot('Decrypt', 'ENCRYPT_DECRYPT', 'HMAC_256'), cannot('Sign', 'SIGN_VERIFY', 'HMAC_256')],
    },
    {
      name: 'data-key operations and key rotation on an asymmetric key',
      text: DATA_KEYS,
      context: { keySpec: 'RSA_4096', keyUsage: 'ENCRYPT_DECRYPT' },
      errors: [
        {
          at: '"kms:GenerateDataKey"',
          message: /^kms:GenerateDataKey needs a symmetric encryption \(SYMMETRIC_DEFAULT\) key, but this key is RSA_4096 \(ENCRYPT_DECRYPT\)/,
          unnecessary: true,
        },
        {
          at: '"kms:GenerateDataKeyPair*"',
          message: /matches only kms:GenerateDataKeyPair and kms:GenerateDataKeyPairWithoutPlaintext, which need a symmetric encryption/,
          unnecessary: true,
        },
        cannot('EnableKeyRotation', 'symmetric encryption \\(SYMMETRIC_DEFAULT\\)', 'RSA_4096 \\(ENCRYPT_DECRYPT\\)'),
      ],
    },
    {
      name: 'GetPublicKey on a symmetric key',
      text: DATA_KEYS,
      context: { keySpec: 'SYMMETRIC_DEFAULT' },
      errors: [cannot('GetPublicKey', 'asymmetric', 'SYMMETRIC_DEFAULT')],
    },
    {
      name: 'an ML-KEM key neither decrypts nor signs',
      text: POST_QUANTUM,
      context: { keySpec: 'ML_KEM_768' },
      errors: [cannot('Decrypt', 'ENCRYPT_DECRYPT', 'ML_KEM_768'), cannot('Sign', 'SIGN_VERIFY', 'ML_KEM_768')],
    },
    {
      name: 'an ML-DSA key (spec in any case) does not decrypt',
      text: POST_QUANTUM,
      context: { keySpec: 'ml_dsa_65' },
      errors: [cannot('Decrypt', 'ENCRYPT_DECRYPT', 'ml_dsa_65')],
    },
  ],
});
