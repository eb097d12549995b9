/**
 * Which key a request or analysis is about: its account, Region, partition and ARN, from whatever the caller
 * gave (a key ARN, a key id with Region and account, or the service's default key facts).
 */
import type { PolicyContext } from '../settings';

/** The key, as far as it is known. */
export interface KeyRef {
  readonly account: string | undefined;
  readonly region: string | undefined;
  readonly partition: string;
  /** Whether the partition was given (or read from the key ARN) rather than taken to be `aws`. */
  readonly partitionKnown?: boolean;
  readonly arn: string | undefined;
  readonly keySpec: string | undefined;
  readonly keyUsage: string | undefined;
}

const KEY_ARN = /^arn:([^:]+):kms:([^:]*):(\d{12}):key\/(.+)$/;

/** What a request or analysis may say about the key. */
export interface KeyInput {
  readonly key?: string;
  readonly keyAccount?: string;
  readonly region?: string;
  readonly partition?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
}

/** Resolves the key from the input, falling back on the default facts. */
export function resolveKey(input: KeyInput, defaults: PolicyContext = {}): KeyRef {
  const keyText = input.key ?? defaults.keyArn;
  const m = keyText ? KEY_ARN.exec(keyText) : null;
  const partition = input.partition ?? m?.[1] ?? defaults.partition ?? 'aws';
  const region = input.region ?? (m?.[2] || undefined) ?? defaults.region;
  const account = input.keyAccount ?? m?.[3] ?? defaults.account;
  let arn = m ? keyText : undefined;
  if (!arn && keyText && !keyText.startsWith('arn:') && region && account) arn = `arn:${partition}:kms:${region}:${account}:key/${keyText}`;
  const partitionKnown = input.partition !== undefined || m !== null || defaults.partition !== undefined;
  return {
    account,
    region,
    partition,
    partitionKnown,
    arn,
    keySpec: input.keySpec ?? defaults.keySpec,
    keyUsage: input.keyUsage ?? defaults.keyUsage,
  };
}
