/**
 * Reading operation inputs the way KMS's request validator does: wrong types are
 * SerializationException, missing or out-of-range members are ValidationException.
 */
import { ServiceError, constraintViolation } from '../errors';

/** A decoded JSON request body. */
export type Input = Record<string, unknown>;

function memberName(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** A required string member with length bounds. */
export function requireString(input: Input, name: string, min = 1, max = 2048): string {
  const value = optionalString(input, name, min, max);
  if (value === undefined) throw constraintViolation(memberName(name), undefined, 'Member must not be null');
  return value;
}

/** An optional string member with length bounds. */
export function optionalString(input: Input, name: string, min = 0, max = 2048): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ServiceError('SerializationException', `${name} must be a string.`);
  if (value.length < min) {
    throw constraintViolation(memberName(name), value, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw constraintViolation(memberName(name), value, `Member must have length less than or equal to ${max}`);
  }
  return value;
}

/** An optional integer member with value bounds. */
export function optionalInt(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ServiceError('SerializationException', `${name} must be an integer.`);
  }
  if (value < min) throw constraintViolation(memberName(name), value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraintViolation(memberName(name), value, `Member must have value less than or equal to ${max}`);
  return value;
}

/** An optional boolean member (false when absent). */
export function flag(input: Input, name: string): boolean {
  const value = input[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new ServiceError('SerializationException', `${name} must be a boolean.`);
  return value;
}

/** An optional string-to-string map member, e.g. EncryptionContext. */
export function optionalStringMap(input: Input, name: string): Record<string, string> | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ServiceError('SerializationException', `${name} must be a map of strings.`);
  }
  for (const v of Object.values(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new ServiceError('SerializationException', `${name} must be a map of strings.`);
  }
  return value as Record<string, string>;
}

/** An optional list-of-strings member. */
export function optionalStringList(input: Input, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ServiceError('SerializationException', `${name} must be a list of strings.`);
  }
  return value as string[];
}

/** A required base64 blob member (Plaintext, CiphertextBlob), decoded. */
export function requireBlob(input: Input, name: string, max: number): Buffer {
  const value = input[name];
  if (value === undefined || value === null) throw constraintViolation(memberName(name), undefined, 'Member must not be null');
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new ServiceError('SerializationException', `${name} must be a base64-encoded blob.`);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length < 1) throw constraintViolation(memberName(name), '', 'Member must have length greater than or equal to 1');
  if (bytes.length > max) throw constraintViolation(memberName(name), '…', `Member must have length less than or equal to ${max}`);
  return bytes;
}

/** Throws DryRunOperationException when the request asks for a dry run (after all checks passed). */
export function endDryRun(input: Input): void {
  if (flag(input, 'DryRun')) {
    throw new ServiceError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  }
}
