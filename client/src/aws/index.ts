/**
 * The one module that talks to AWS (KMS, CloudTrail and Athena). It does not import `vscode`: the
 * extension passes its settings in, and tests run it in plain Node against the local endpoint.
 *
 * ```ts
 * const aws = createAwsSession({ profile: 'dev' });            // or { endpoint, credentials }
 * const keys = await aws.listKeys('eu-west-1', { signal, onProgress });
 * const text = await aws.getKeyPolicy('eu-west-1', keys[0].id);
 * await aws.putKeyPolicy('eu-west-1', keys[0].id, edited, { expectedCurrent: text });
 * aws.dispose();
 * ```
 */
import type { QueryAnswer } from '../../../shared/activityRun';
import { queryKeyActivity, type QueryKeyActivityOptions, type QuerySource } from './activityQuery';
import { lookupKeyEvents, type LookupKeyEventsOptions } from './cloudTrail';
import { SessionClients, type AwsSessionOptions } from './clients';
import { AuthorizationDetailsCache, getAuthorizationDetails, type AuthorizationDetailsJson, type AuthorizationDetailsOptions } from './iam';
import * as actions from './keyActions';
import { listKeys, type ListKeysOptions } from './listKeys';
import type { KeyEventsResult, KmsKeySummary } from './types';

export type { AwsCredentials, AwsCredentialsProvider, AwsSessionOptions } from './clients';
export type { LookupKeyEventsOptions } from './cloudTrail';
export { accountOfDetails, type AuthorizationDetailsJson, type AuthorizationDetailsOptions, type IamProgress } from './iam';
export type { QueryKeyActivityOptions, QuerySource } from './activityQuery';
export { QueryCancelledError, QueryFailedError, type QueryAnswer } from '../../../shared/activityRun';
export { toKeyEvent } from './cloudTrail';
export { estimateMonthlyCost, estimatedRotations, KMS_PRICES, type CostEstimate, type CostOptions, type KeyCost } from './cost';
export { AwsApiError, PolicyChangedError, UnexpectedResponseError, isAbortError } from './errors';
export { DELETION_WINDOW_DAYS, ROTATION_PERIOD_DAYS, type CallOptions, type PutKeyPolicyOptions } from './keyActions';
export type { ListKeysOptions } from './listKeys';
export * from './types';

/**
 * A connection to AWS for one profile (or explicit credentials) and, optionally, one endpoint.
 * Every call takes the Region explicitly; KeyId may be a key id or key ARN (of that Region).
 * Failures throw {@link AwsApiError} with KMS's exception name and message, except where noted; an answer
 * that is not AWS's (a proxy's or gateway's error page) throws {@link UnexpectedResponseError}.
 */
export interface AwsSession {
  /** Every key of a Region with aliases, details, rotation, grants and tags (see {@link KmsKeySummary}). */
  listKeys(region: string, options?: ListKeysOptions): Promise<KmsKeySummary[]>;
  /** The key policy text. */
  getKeyPolicy(region: string, keyId: string, options?: actions.CallOptions): Promise<string>;
  /** Writes a key policy, refusing with PolicyChangedError when the deployed one is not `expectedCurrent`. */
  putKeyPolicy(region: string, keyId: string, policy: string, options: actions.PutKeyPolicyOptions): Promise<void>;
  enableKey(region: string, keyId: string, options?: actions.CallOptions): Promise<void>;
  disableKey(region: string, keyId: string, options?: actions.CallOptions): Promise<void>;
  /** Rotation on; `periodDays` 90–2560 (RangeError otherwise), KMS default 365. */
  enableKeyRotation(region: string, keyId: string, periodDays?: number, options?: actions.CallOptions): Promise<void>;
  disableKeyRotation(region: string, keyId: string, options?: actions.CallOptions): Promise<void>;
  /** Deletion after 7–30 days (RangeError otherwise). */
  scheduleKeyDeletion(region: string, keyId: string, pendingWindowDays: number, options?: actions.CallOptions): Promise<{ deletionDate?: Date }>;
  cancelKeyDeletion(region: string, keyId: string, options?: actions.CallOptions): Promise<void>;
  createAlias(region: string, aliasName: string, keyId: string, options?: actions.CallOptions): Promise<void>;
  deleteAlias(region: string, aliasName: string, options?: actions.CallOptions): Promise<void>;
  revokeGrant(region: string, keyId: string, grantId: string, options?: actions.CallOptions): Promise<void>;
  /** CloudTrail events about a key (Region taken from the ARN), newest first. */
  lookupKeyEvents(keyArn: string, options?: LookupKeyEventsOptions): Promise<KeyEventsResult>;
  /**
   * The authorization details (iam:GetAccountAuthorizationDetails, every page) of the account the credentials
   * belong to, read once per session for `account` (the key's account, the cache's key).
   */
  getAuthorizationDetails(account: string, options?: AuthorizationDetailsOptions): Promise<AuthorizationDetailsJson>;
  /** A key's activity counted by CloudTrail Lake or Athena (one aggregate query; Region taken from the ARN). */
  queryKeyActivity(source: QuerySource, keyArn: string, options: QueryKeyActivityOptions): Promise<QueryAnswer>;
  /** Closes the SDK clients' connections. */
  dispose(): void;
}

/** Creates a session. Nothing is sent and no credentials are resolved until the first call. */
export function createAwsSession(options: AwsSessionOptions = {}): AwsSession {
  const clients = new SessionClients(options);
  const iamDetails = new AuthorizationDetailsCache();
  return {
    listKeys: (region, o) => listKeys(clients, region, o),
    getKeyPolicy: (region, keyId, o) => actions.getKeyPolicy(clients, region, keyId, o),
    putKeyPolicy: (region, keyId, policy, o) => actions.putKeyPolicy(clients, region, keyId, policy, o),
    enableKey: (region, keyId, o) => actions.enableKey(clients, region, keyId, o),
    disableKey: (region, keyId, o) => actions.disableKey(clients, region, keyId, o),
    enableKeyRotation: (region, keyId, periodDays, o) => actions.enableKeyRotation(clients, region, keyId, periodDays, o),
    disableKeyRotation: (region, keyId, o) => actions.disableKeyRotation(clients, region, keyId, o),
    scheduleKeyDeletion: (region, keyId, days, o) => actions.scheduleKeyDeletion(clients, region, keyId, days, o),
    cancelKeyDeletion: (region, keyId, o) => actions.cancelKeyDeletion(clients, region, keyId, o),
    createAlias: (region, aliasName, keyId, o) => actions.createAlias(clients, region, aliasName, keyId, o),
    deleteAlias: (region, aliasName, o) => actions.deleteAlias(clients, region, aliasName, o),
    revokeGrant: (region, keyId, grantId, o) => actions.revokeGrant(clients, region, keyId, grantId, o),
    lookupKeyEvents: (keyArn, o) => lookupKeyEvents(clients, keyArn, o),
    getAuthorizationDetails: (account, o) =>
      iamDetails.get(account, () => getAuthorizationDetails((command, sendOptions) => clients.iam().send(command, sendOptions), o)),
    queryKeyActivity: (source, keyArn, o) => queryKeyActivity(clients, source, keyArn, o),
    dispose: () => {
      iamDetails.clear();
      clients.destroy();
    },
  };
}
