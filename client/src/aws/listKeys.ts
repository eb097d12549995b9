/**
 * Listing every key of a Region with what the explorer shows about it. ListKeys and ListAliases
 * are paged to the end; each key then gets DescribeKey, GetKeyRotationStatus, ListGrants and
 * ListResourceTags, a few keys at a time. A per-key call that fails is kept on that key as a
 * {@link DeniedCall}; only ListKeys failing (or an abort, or a network failure) fails the listing.
 */
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  type GrantListEntry,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { call, type SessionClients } from './clients';
import { AwsApiError } from './errors';
import type { DeniedCall, KeyDetails, KeyGrant, KeyRotation, KeyTag, KmsKeySummary, ListProgress } from './types';

/** Options of `listKeys`. */
export interface ListKeysOptions {
  /** Cancels the listing; the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** Called as keys are found and as their details complete. */
  readonly onProgress?: (progress: ListProgress) => void;
}

/** Runs `step` for a key's sub-call, keeping a service error as a DeniedCall. */
async function capture<T>(action: string, step: () => Promise<T>, signal?: AbortSignal): Promise<T | DeniedCall> {
  try {
    return await step();
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof AwsApiError) return { denied: action, code: error.name, message: error.message };
    throw error;
  }
}

function details(m: KeyMetadata): KeyDetails {
  return {
    state: m.KeyState ?? 'Unknown',
    spec: m.KeySpec ?? m.CustomerMasterKeySpec ?? 'Unknown',
    usage: m.KeyUsage ?? 'Unknown',
    origin: m.Origin ?? 'Unknown',
    multiRegion: m.MultiRegion === true ? (m.MultiRegionConfiguration?.MultiRegionKeyType ?? 'PRIMARY') : 'NONE',
    manager: m.KeyManager === 'AWS' ? 'AWS' : 'CUSTOMER',
    description: m.Description ?? '',
    creationDate: m.CreationDate,
    deletionDate: m.DeletionDate,
    pendingWindowDays: m.PendingDeletionWindowInDays,
  };
}

function grant(g: GrantListEntry): KeyGrant {
  const c = g.Constraints;
  const constraints =
    c?.EncryptionContextSubset !== undefined || c?.EncryptionContextEquals !== undefined
      ? { encryptionContextSubset: c?.EncryptionContextSubset, encryptionContextEquals: c?.EncryptionContextEquals }
      : undefined;
  return {
    id: g.GrantId ?? '',
    name: g.Name ?? '',
    grantee: g.GranteePrincipal ?? g.GranteeServicePrincipal ?? '',
    operations: g.Operations ?? [],
    constraints,
    retiringPrincipal: g.RetiringPrincipal ?? g.RetiringServicePrincipal,
    issuingAccount: g.IssuingAccount,
    creationDate: g.CreationDate,
  };
}

/** Pages a List* operation to its end. */
async function allPages<T>(page: (marker: string | undefined) => Promise<{ items: T[]; next?: string; truncated?: boolean }>): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  for (;;) {
    const result = await page(marker);
    items.push(...result.items);
    if (result.truncated !== true || result.next === undefined || result.next === marker) return items;
    marker = result.next;
  }
}

/** Only symmetric keys with KMS-made material can rotate automatically; others skip the call. */
function canRotate(d: KeyDetails | DeniedCall): boolean {
  return !('denied' in d) ? d.spec === 'SYMMETRIC_DEFAULT' && d.origin === 'AWS_KMS' && d.multiRegion !== 'REPLICA' : true;
}

/** Lists every key in `region` with aliases, details, rotation, grants and tags. */
export async function listKeys(clients: SessionClients, region: string, options: ListKeysOptions = {}): Promise<KmsKeySummary[]> {
  const { signal, onProgress } = options;
  const kms = clients.kms(region);
  const limit = (max: number): number => Math.min(max, Math.max(1, clients.options.pageSize ?? max));
  const keys = await allPages(async (marker) => {
    const out = await call('kms:ListKeys', (o) => kms.send(new ListKeysCommand({ Limit: limit(1000), Marker: marker }), o), signal);
    return { items: out.Keys ?? [], next: out.NextMarker, truncated: out.Truncated };
  });
  onProgress?.({ region, phase: 'keys', done: keys.length });
  const aliases = await capture(
    'kms:ListAliases',
    () =>
      allPages(async (marker) => {
        const out = await call('kms:ListAliases', (o) => kms.send(new ListAliasesCommand({ Limit: limit(100), Marker: marker }), o), signal);
        return { items: out.Aliases ?? [], next: out.NextMarker, truncated: out.Truncated };
      }),
    signal,
  );

  const results: KmsKeySummary[] = new Array(keys.length);
  let done = 0;
  const describe = async (index: number): Promise<void> => {
    const keyId = keys[index].KeyId ?? '';
    const arn = keys[index].KeyArn ?? '';
    const keyDetails = await capture(
      'kms:DescribeKey',
      async () => {
        const out = await call('kms:DescribeKey', (o) => kms.send(new DescribeKeyCommand({ KeyId: keyId }), o), signal);
        return details(out.KeyMetadata ?? { KeyId: keyId });
      },
      signal,
    );
    const rotation = canRotate(keyDetails)
      ? await capture('kms:GetKeyRotationStatus', () => rotationStatus(clients, region, keyId, signal), signal)
      : { supported: false, enabled: false };
    const grants = await capture(
      'kms:ListGrants',
      () =>
        allPages(async (marker) => {
          const out = await call('kms:ListGrants', (o) => kms.send(new ListGrantsCommand({ KeyId: keyId, Limit: limit(100), Marker: marker }), o), signal);
          return { items: (out.Grants ?? []).map(grant), next: out.NextMarker, truncated: out.Truncated };
        }),
      signal,
    );
    const tags = await capture(
      'kms:ListResourceTags',
      () =>
        allPages<KeyTag>(async (marker) => {
          const out = await call(
            'kms:ListResourceTags',
            (o) => kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: limit(50), Marker: marker }), o),
            signal,
          );
          return {
            items: (out.Tags ?? []).map((t) => ({ key: t.TagKey ?? '', value: t.TagValue ?? '' })),
            next: out.NextMarker,
            truncated: out.Truncated,
          };
        }),
      signal,
    );
    results[index] = {
      id: keyId,
      arn,
      region,
      accountId: arn.split(':')[4] ?? '',
      aliases: 'denied' in aliases ? aliases : aliases.filter((a) => a.TargetKeyId === keyId).map((a) => a.AliasName ?? ''),
      details: keyDetails,
      rotation,
      grants,
      tags,
    };
    done++;
    onProgress?.({ region, phase: 'details', done, total: keys.length });
  };
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (next < keys.length && !stopped) {
      try {
        await describe(next++);
      } catch (error) {
        stopped = true; // let the other workers finish their current key, then stop
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(clients.options.maxConcurrency ?? 4, keys.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** GetKeyRotationStatus as a {@link KeyRotation}; UnsupportedOperationException means "cannot rotate". */
export async function rotationStatus(clients: SessionClients, region: string, keyId: string, signal?: AbortSignal): Promise<KeyRotation> {
  try {
    const out = await call('kms:GetKeyRotationStatus', (o) => clients.kms(region).send(new GetKeyRotationStatusCommand({ KeyId: keyId }), o), signal);
    return {
      supported: true,
      enabled: out.KeyRotationEnabled === true,
      periodDays: out.RotationPeriodInDays,
      nextRotationDate: out.NextRotationDate,
    };
  } catch (error) {
    if (error instanceof AwsApiError && error.name === 'UnsupportedOperationException') return { supported: false, enabled: false };
    throw error;
  }
}
