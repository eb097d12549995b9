/**
 * What every operation handler receives: the caller, the Region, the store, the endpoint's
 * settings, and the two checks every key operation goes through (key resolution, authorization).
 */
import { ServiceError, accessDenied, notFound } from '../errors';
import type { Caller } from '../identities';
import type { LockoutCheck } from '../lockoutCheck';
import type { KmsStore, RegionStore, StoredKey } from '../model';
import { evaluateKeyPolicy, globMatch } from '../policyEvaluation';
import type { Input } from './input';

/**
 * An identity-policy deny the endpoint applies, so tests can exercise AccessDeniedException.
 * A rule applies when every field it sets matches the request.
 */
export interface DenyRule {
  /** Access key id the rule is for; all callers when absent. */
  readonly accessKeyId?: string;
  /** Action glob, e.g. `kms:ListGrants`, `kms:Put*`, `cloudtrail:LookupEvents`. */
  readonly action: string;
  /** Resource glob matched against the key ARN (`*` for operations on no key); all when absent. */
  readonly resource?: string;
}

/** Resource quotas, adjustable so tests can reach them (defaults are KMS's). */
export interface Quotas {
  /** Customer managed keys per account and Region (KMS: 100,000). */
  readonly keysPerRegion: number;
  /** Aliases per key (KMS: 50). */
  readonly aliasesPerKey: number;
  /** Grants per key (KMS: 50,000). */
  readonly grantsPerKey: number;
}

/** Settings shared by every request of one endpoint; `deny` may be replaced while running. */
export interface EndpointSettings {
  lockoutCheck: LockoutCheck;
  deny: readonly DenyRule[];
  quotas: Quotas;
  /** Evaluate key policies for same-account callers too (cross-account calls always are). */
  enforceKeyPolicies: boolean;
}

/** Per-request state handed to an operation. */
export interface OpContext {
  readonly caller: Caller;
  readonly region: string;
  readonly now: Date;
  readonly store: KmsStore;
  /** The caller's own account in the request's Region. */
  readonly home: RegionStore;
  readonly settings: EndpointSettings;
  /** ARNs the request touched, recorded as the CloudTrail event's resources. */
  readonly resources: Set<string>;
  /** Set by operations whose CloudTrail events carry responseElements. */
  responseElements?: Record<string, unknown>;
}

/** An operation handler: the decoded input in, the output shape out. */
export type Operation = (input: Input, ctx: OpContext) => unknown;

const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const KMS_ARN = /^arn:aws(-[a-z]+)*:kms:([a-z0-9-]+):(\d{12}):(key\/.+|alias\/.+)$/;

/**
 * Finds the key a KeyId names: key id, key ARN and, when `allowAlias`, `alias/name` or alias ARN.
 * Records the key ARN as a resource of the request.
 */
export function resolveKey(ctx: OpContext, keyId: string, allowAlias: boolean): StoredKey {
  let store = ctx.home;
  let ref = keyId;
  if (keyId.startsWith('arn:')) {
    const match = KMS_ARN.exec(keyId);
    if (match === null) throw notFound('Invalid arn');
    if (match[2] !== ctx.region) throw notFound(`Invalid arn ${match[2]}`);
    store = ctx.store.region(match[3], match[2]);
    ref = match[4];
  }
  let key: StoredKey | undefined;
  if (ref.startsWith('alias/')) {
    if (!allowAlias) throw notFound(`Invalid keyId ${keyId}`);
    const alias = store.aliases.get(ref);
    if (alias === undefined || alias.targetKeyId === undefined) throw notFound(`Alias ${store.aliasArn(ref)} is not found.`);
    key = store.keys.get(alias.targetKeyId);
  } else {
    const id = ref.startsWith('key/') ? ref.slice(4) : ref;
    if (!KEY_ID.test(id)) throw notFound(`Invalid keyId ${keyId}`);
    key = store.keys.get(id);
    if (key === undefined) throw notFound(`Key '${store.keyArn(id)}' does not exist`);
  }
  if (key === undefined) throw notFound(`Key '${keyId}' does not exist`);
  ctx.resources.add(key.arn);
  return key;
}

/** Operations that may be called on a key in another account (KMS API reference, "Cross-account use"). */
export const CROSS_ACCOUNT_ACTIONS: ReadonlySet<string> = new Set([
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateMac',
  'kms:VerifyMac',
  'kms:Sign',
  'kms:Verify',
  'kms:GetPublicKey',
  'kms:DescribeKey',
  'kms:CreateGrant',
  'kms:ListGrants',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:GetKeyRotationStatus',
  'kms:DeriveSharedSecret',
]);

/**
 * Throws AccessDeniedException when the request may not go ahead: an explicit deny rule, a
 * non-cross-account action on another account's key, or a key policy (and grants) that do not
 * allow the caller. Key policies are evaluated for other accounts' keys, for AWS managed keys, and
 * for every key when `enforceKeyPolicies` is set.
 */
export function authorize(ctx: OpContext, action: string, key?: StoredKey): void {
  const resource = key?.arn ?? '*';
  for (const rule of ctx.settings.deny) {
    if (rule.accessKeyId !== undefined && rule.accessKeyId !== ctx.caller.accessKeyId) continue;
    if (!globMatch(rule.action, action, true)) continue;
    if (rule.resource !== undefined && !globMatch(rule.resource, resource, false)) continue;
    throw accessDenied(ctx.caller.arn, action, resource, 'with an explicit deny in an identity-based policy');
  }
  if (key === undefined) return;
  const crossAccount = key.accountId !== ctx.caller.accountId;
  if (crossAccount && !CROSS_ACCOUNT_ACTIONS.has(action)) {
    throw accessDenied(ctx.caller.arn, action, resource, 'because the action cannot be performed on a KMS key in another AWS account');
  }
  // RetireGrant is authorized by the grant itself; kms:RetireGrant in a key policy has no effect.
  if (action === 'kms:RetireGrant') return;
  if (!crossAccount && key.keyManager === 'CUSTOMER' && !ctx.settings.enforceKeyPolicies) return;
  let doc: unknown;
  try {
    doc = JSON.parse(key.policy);
  } catch {
    doc = undefined;
  }
  const verdict = evaluateKeyPolicy(doc, ctx.caller, action, key.arn);
  if (verdict === 'explicitDeny') {
    throw accessDenied(ctx.caller.arn, action, resource, 'with an explicit deny in a resource-based policy');
  }
  if (verdict === 'allowed' || grantAllows(ctx, key, action)) return;
  throw accessDenied(ctx.caller.arn, action, resource, 'because no resource-based policy allows the ' + action + ' action');
}

function grantAllows(ctx: OpContext, key: StoredKey, action: string): boolean {
  const operation = action.replace(/^kms:/, '');
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(ctx.caller.arn);
  const roleArn = session === null ? undefined : `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
  return key.grants.some(
    (g) =>
      g.operations.includes(operation) &&
      (g.granteePrincipal === ctx.caller.arn ||
        g.granteePrincipal === roleArn ||
        g.granteePrincipal === ctx.caller.accountId ||
        g.granteePrincipal === `arn:aws:iam::${ctx.caller.accountId}:root`),
  );
}

/** KMS's wording for a key that is not in a state the operation accepts. */
export function stateError(key: StoredKey): ServiceError {
  if (key.state === 'Disabled') return new ServiceError('DisabledException', `${key.arn} is disabled.`);
  if (key.state === 'PendingDeletion') return new ServiceError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
  if (key.state === 'PendingImport') return new ServiceError('KMSInvalidStateException', `${key.arn} is pending import.`);
  return new ServiceError('KMSInvalidStateException', `${key.arn} is in state ${key.state}.`);
}

/** Throws unless the key is Enabled (cryptographic operations, CreateGrant). */
export function requireEnabled(key: StoredKey): void {
  if (key.state !== 'Enabled') throw stateError(key);
}

/** Throws KMSInvalidStateException when the key is pending deletion. */
export function requireNotPendingDeletion(key: StoredKey): void {
  if (key.state === 'PendingDeletion') throw stateError(key);
}
