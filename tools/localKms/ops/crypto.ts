/** Cryptographic operations: Encrypt, Decrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext. */
import { randomBytes } from 'node:crypto';
import { open, seal, sealedKeyArn } from '../cipher';
import { ServiceError } from '../errors';
import { KEY_SPECS } from '../keySpecs';
import type { StoredKey } from '../model';
import { authorize, requireEnabled, resolveKey, type OpContext, type Operation } from './context';
import { endDryRun, optionalInt, optionalString, optionalStringMap, requireBlob, requireString, type Input } from './input';

function usageError(key: StoredKey, operation: string): ServiceError {
  return new ServiceError('InvalidKeyUsageException', `${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
}

function encryptionKey(ctx: OpContext, input: Input, action: string, keyId: string): StoredKey {
  const key = resolveKey(ctx, keyId, true);
  authorize(ctx, action, key);
  requireEnabled(key);
  if (key.keyUsage !== 'ENCRYPT_DECRYPT' || key.material === undefined) throw usageError(key, action.slice(4));
  const algorithm = optionalString(input, 'EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT';
  if (!(KEY_SPECS[key.keySpec]?.encryption ?? []).includes(algorithm)) {
    throw new ServiceError('InvalidKeyUsageException', `${key.arn} does not support the encryption algorithm ${algorithm}.`);
  }
  return key;
}

const encrypt: Operation = (input, ctx) => {
  const key = encryptionKey(ctx, input, 'kms:Encrypt', requireString(input, 'KeyId'));
  const plaintext = requireBlob(input, 'Plaintext', 4096);
  const context = optionalStringMap(input, 'EncryptionContext');
  endDryRun(input);
  return {
    CiphertextBlob: seal(key.arn, key.material as Buffer, plaintext, context),
    KeyId: key.arn,
    EncryptionAlgorithm: optionalString(input, 'EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT',
  };
};

const decrypt: Operation = (input, ctx) => {
  const blob = requireBlob(input, 'CiphertextBlob', 6144);
  const context = optionalStringMap(input, 'EncryptionContext');
  const invalid = new ServiceError('InvalidCiphertextException', 'The ciphertext is not valid, or its encryption context does not match.');
  const sealedArn = sealedKeyArn(blob);
  if (sealedArn === undefined) throw invalid;
  let key: StoredKey;
  try {
    key = resolveKey(ctx, sealedArn, false);
  } catch (error) {
    if (error instanceof ServiceError && error.type === 'NotFoundException' && sealedArn.split(':')[3] !== ctx.region) throw invalid;
    throw error;
  }
  const requested = optionalString(input, 'KeyId', 1, 2048);
  if (requested !== undefined && resolveKey(ctx, requested, true) !== key) {
    throw new ServiceError('IncorrectKeyException', 'The key ID in the request does not identify a KMS key that can perform this operation.');
  }
  encryptionKey(ctx, input, 'kms:Decrypt', key.arn);
  endDryRun(input);
  const plaintext = open(key.arn, key.material as Buffer, blob, context);
  if (plaintext === undefined) throw invalid;
  return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: optionalString(input, 'EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT' };
};

function dataKeyLength(input: Input): number {
  const spec = optionalString(input, 'KeySpec');
  const bytes = optionalInt(input, 'NumberOfBytes', 1, 1024);
  if (spec !== undefined && bytes !== undefined) {
    throw new ServiceError('ValidationException', 'Specify either KeySpec or NumberOfBytes, not both.');
  }
  if (spec === 'AES_256') return 32;
  if (spec === 'AES_128') return 16;
  if (spec !== undefined)
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${spec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]`,
    );
  if (bytes === undefined) throw new ServiceError('ValidationException', 'Please specify either number of bytes or key spec.');
  return bytes;
}

function generateDataKey(withPlaintext: boolean): Operation {
  const action = withPlaintext ? 'kms:GenerateDataKey' : 'kms:GenerateDataKeyWithoutPlaintext';
  return (input, ctx) => {
    const key = encryptionKey(ctx, input, action, requireString(input, 'KeyId'));
    if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw usageError(key, action.slice(4));
    const length = dataKeyLength(input);
    const context = optionalStringMap(input, 'EncryptionContext');
    endDryRun(input);
    const plaintext = randomBytes(length);
    const ciphertext = seal(key.arn, key.material as Buffer, plaintext, context);
    return withPlaintext ? { CiphertextBlob: ciphertext, Plaintext: plaintext, KeyId: key.arn } : { CiphertextBlob: ciphertext, KeyId: key.arn };
  };
}

/** Cryptographic operations by name. */
export const cryptoOperations: Readonly<Record<string, Operation>> = {
  Encrypt: encrypt,
  Decrypt: decrypt,
  GenerateDataKey: generateDataKey(true),
  GenerateDataKeyWithoutPlaintext: generateDataKey(false),
};
