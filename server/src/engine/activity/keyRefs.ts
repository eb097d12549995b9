/**
 * How CloudTrail names a key, and how those names lead back to one key ARN. A KMS record refers to keys in
 * its `resources` (key and alias ARNs) and in its request parameters (`keyId`, `sourceKeyId`,
 * `destinationKeyId`, `targetKeyId`, `aliasName`), written as a key ARN, a key id, an alias name or an
 * alias ARN. A key id or alias name is completed with the record's Region and the account that owns the
 * key (`recipientAccountId`). Aliases are mapped to keys from what the trail itself shows (CreateAlias and
 * UpdateAlias, or a record naming an alias and its key together) and from aliases the caller supplies.
 */

/** A key or alias reference, completed to an ARN. */
export interface KeyReference {
  readonly kind: 'key' | 'alias';
  readonly arn: string;
  /** Where the record named it: `resource`, `keyId`, `source`, `destination`, `target` or `aliasName`. */
  readonly role: 'resource' | 'keyId' | 'source' | 'destination' | 'target' | 'aliasName';
}

/** Where a record was made, for completing short references. */
export interface RecordPlace {
  readonly partition: string;
  readonly region: string;
  /** The account that owns the key: recipientAccountId, else the caller's account. */
  readonly account: string | undefined;
}

const KEY_ARN = /^arn:([^:]+):kms:([^:]+):(\d{12}):key\/([^/]+)$/;
const ALIAS_ARN = /^arn:([^:]+):kms:([^:]+):(\d{12}):(alias\/.+)$/;

/** The partition of a Region: `aws-cn` for cn-*, `aws-us-gov` for us-gov-*, else `aws`. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** A key ARN with its key id in lower case (KMS key ids are lower case; ARNs from people may not be). */
export function normaliseKeyArn(arn: string): string | undefined {
  const m = KEY_ARN.exec(arn.trim());
  if (!m) return undefined;
  return `arn:${m[1]}:kms:${m[2]}:${m[3]}:key/${m[4]!.toLowerCase()}`;
}

/** The parts of a key ARN, or undefined when the text is not one. */
export function keyArnParts(arn: string): { partition: string; region: string; account: string; keyId: string } | undefined {
  const m = KEY_ARN.exec(arn);
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, keyId: m[4]! } : undefined;
}

/** Completes one reference as written in a record; undefined for text that names no key or alias. */
export function completeReference(text: string, role: KeyReference['role'], place: RecordPlace): KeyReference | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.startsWith('arn:')) {
    const key = normaliseKeyArn(t);
    if (key) return { kind: 'key', arn: key, role };
    return ALIAS_ARN.test(t) ? { kind: 'alias', arn: t, role } : undefined;
  }
  if (place.account === undefined) return undefined;
  if (t.startsWith('alias/')) return { kind: 'alias', arn: `arn:${place.partition}:kms:${place.region}:${place.account}:${t}`, role };
  // A key id: a UUID, or mrk-<32 hex> for a multi-Region key. Anything else (a blob, a name) is not a key.
  if (/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i.test(t)) {
    return { kind: 'key', arn: `arn:${place.partition}:kms:${place.region}:${place.account}:key/${t.toLowerCase()}`, role };
  }
  return undefined;
}

/** The alias ARN of an alias name (`alias/x`) or ARN for a key; undefined for anything else. */
export function aliasArnFor(alias: string, keyArn: string): string | undefined {
  const t = alias.trim();
  if (ALIAS_ARN.test(t)) return t;
  const parts = keyArnParts(keyArn);
  if (!parts || !t.startsWith('alias/') || t.length <= 'alias/'.length) return undefined;
  return `arn:${parts.partition}:kms:${parts.region}:${parts.account}:${t}`;
}

/** The alias name (`alias/x`) of an alias ARN. */
export function aliasName(aliasArn: string): string {
  const m = ALIAS_ARN.exec(aliasArn);
  return m ? m[4]! : aliasArn;
}

/**
 * Alias → key, learnt while reading a trail. A reassignment (UpdateAlias) replaces the mapping: the
 * analysis reads an alias as the key it named last, which the caller is told when aliases moved.
 */
export class AliasMap {
  private readonly map = new Map<string, string>();
  private readonly moved = new Set<string>();

  /** Records that `aliasArn` names `keyArn`. */
  learn(aliasArn: string, keyArn: string): void {
    const before = this.map.get(aliasArn);
    if (before !== undefined && before !== keyArn) this.moved.add(aliasArn);
    if (before !== keyArn) this.map.set(aliasArn, keyArn);
  }

  /** The key an alias names, when known. */
  keyOf(aliasArn: string): string | undefined {
    return this.map.get(aliasArn);
  }

  /** Aliases seen pointing at more than one key. */
  movedAliases(): readonly string[] {
    return [...this.moved];
  }

  /** Every alias known to name `keyArn`. */
  aliasesOf(keyArn: string): string[] {
    const out: string[] = [];
    for (const [alias, key] of this.map) if (key === keyArn) out.push(alias);
    return out;
  }
}
