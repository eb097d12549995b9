/**
 * Fake but round-tripping KMS cryptography: AES-256-GCM under each key's random material, the
 * encryption context bound as additional authenticated data. The ciphertext blob names its key,
 * so Decrypt works without a KeyId, as with KMS. Not KMS's real format; never use outside tests.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 0x01;

function aad(keyArn: string, context: Readonly<Record<string, string>> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify([keyArn, entries]), 'utf8');
}

/** Encrypts `plaintext` under `material`, binding the key ARN and the encryption context. */
export function seal(keyArn: string, material: Buffer, plaintext: Buffer, context?: Readonly<Record<string, string>>): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(aad(keyArn, context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const arn = Buffer.from(keyArn, 'utf8');
  const header = Buffer.alloc(3);
  header.writeUInt8(VERSION, 0);
  header.writeUInt16BE(arn.length, 1);
  return Buffer.concat([header, arn, iv, cipher.getAuthTag(), body]);
}

/** The key ARN a ciphertext blob was sealed under, or undefined when the blob is not ours. */
export function sealedKeyArn(blob: Buffer): string | undefined {
  if (blob.length < 3 || blob.readUInt8(0) !== VERSION) return undefined;
  const length = blob.readUInt16BE(1);
  if (blob.length < 3 + length + 28) return undefined;
  return blob.subarray(3, 3 + length).toString('utf8');
}

/** Decrypts a blob from {@link seal}; undefined when it was tampered with or the context differs. */
export function open(keyArn: string, material: Buffer, blob: Buffer, context?: Readonly<Record<string, string>>): Buffer | undefined {
  const start = 3 + blob.readUInt16BE(1);
  const iv = blob.subarray(start, start + 12);
  const tag = blob.subarray(start + 12, start + 28);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, iv);
    decipher.setAAD(aad(keyArn, context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(blob.subarray(start + 28)), decipher.final()]);
  } catch {
    return undefined;
  }
}
