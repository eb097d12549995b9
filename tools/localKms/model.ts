/**
 * The endpoint's in-memory data model: keys, aliases and grants, held per account and Region.
 */
import { createHash, randomUUID } from 'node:crypto';

/** Key states the endpoint can put a key in. */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';

/** A grant on a key, as stored. */
export interface StoredGrant {
  grantId: string;
  grantToken: string;
  name?: string;
  creationDate: Date;
  granteePrincipal: string;
  retiringPrincipal?: string;
  issuingAccount: string;
  operations: string[];
  constraints?: { EncryptionContextSubset?: Record<string, string>; EncryptionContextEquals?: Record<string, string> };
  seq: number;
}

/** Multi-Region arrangement of a key, as DescribeKey reports it. */
export interface MultiRegionInfo {
  type: 'PRIMARY' | 'REPLICA';
  primary: { Arn: string; Region: string };
  replicas: { Arn: string; Region: string }[];
}

/** A KMS key, as stored. */
export interface StoredKey {
  keyId: string;
  arn: string;
  accountId: string;
  region: string;
  creationDate: Date;
  description: string;
  keyUsage: string;
  keySpec: string;
  origin: string;
  keyManager: 'CUSTOMER' | 'AWS';
  state: KeyState;
  deletionDate?: Date;
  pendingWindowDays?: number;
  multiRegion?: MultiRegionInfo;
  policy: string;
  rotation: { enabled: boolean; periodDays: number; enabledAt?: Date };
  /** AES-256 key material; absent for EXTERNAL keys awaiting import. */
  material?: Buffer;
  tags: Map<string, string>;
  grants: StoredGrant[];
  seq: number;
}

/** An alias, as stored. */
export interface StoredAlias {
  name: string;
  arn: string;
  targetKeyId?: string;
  creationDate: Date;
  lastUpdatedDate: Date;
  seq: number;
}

/** The keys and aliases of one account in one Region. */
export class RegionStore {
  readonly keys = new Map<string, StoredKey>();
  readonly aliases = new Map<string, StoredAlias>();
  private nextSeq = 1;

  constructor(
    readonly accountId: string,
    readonly region: string,
  ) {}

  /** A fresh ordering number; list operations answer in this order. */
  seq(): number {
    return this.nextSeq++;
  }

  /** The ARN of a key id in this account and Region. */
  keyArn(keyId: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`;
  }

  /** The ARN of an alias name in this account and Region. */
  aliasArn(name: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${name}`;
  }

  /** Aliases pointing at `keyId`, in creation order. */
  aliasesOf(keyId: string): StoredAlias[] {
    return [...this.aliases.values()].filter((a) => a.targetKeyId === keyId).sort((a, b) => a.seq - b.seq);
  }
}

/** Every account and Region the endpoint holds. */
export class KmsStore {
  private readonly regions = new Map<string, RegionStore>();

  /** The store for an account and Region, created on first use (KMS answers in any Region). */
  region(accountId: string, region: string): RegionStore {
    const id = `${accountId}/${region}`;
    let store = this.regions.get(id);
    if (store === undefined) {
      store = new RegionStore(accountId, region);
      this.regions.set(id, store);
    }
    return store;
  }

  /** All region stores created so far. */
  all(): RegionStore[] {
    return [...this.regions.values()];
  }

  /** Deletes keys whose deletion date has passed, with their aliases, as KMS does at the end of the waiting period. */
  purgeDeleted(now: Date): void {
    for (const store of this.regions.values()) {
      for (const key of [...store.keys.values()]) {
        if (key.state === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= now) {
          store.keys.delete(key.keyId);
          for (const alias of store.aliasesOf(key.keyId)) store.aliases.delete(alias.name);
        }
      }
    }
  }
}

/** A UUID-shaped id derived from a name, so seeded keys keep their ids between runs. */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A new random key id. */
export function newKeyId(multiRegion: boolean): string {
  return multiRegion ? `mrk-${randomUUID().replace(/-/g, '')}` : randomUUID();
}

/** A 64-hex-digit grant id, as KMS issues. */
export function newGrantId(seed?: string): string {
  return createHash('sha256')
    .update(seed ?? randomUUID())
    .digest('hex');
}
