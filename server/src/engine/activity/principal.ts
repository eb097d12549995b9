/**
 * Who made a call, from a CloudTrail `userIdentity`, in the terms a key policy uses: an assumed-role
 * session is reported under its role (the role is what a policy names), an IAM user under its ARN, the root
 * user under the account's root ARN, an AWS service acting as itself under its service principal. A caller
 * from another account that the key owner's trail records only by account (`type: AWSAccount`) is kept as
 * "a principal of account X": the trail does not say which one.
 */
import { CallerError, readCaller, type Caller } from '../simulate/principals';

/** The kinds of callers a trail records. */
export type CallerKind = 'user' | 'role' | 'root' | 'federated-user' | 'service' | 'account' | 'other';

/** One caller, as the activity analysis groups it. */
export interface EventPrincipal {
  /**
   * The group key and label: a role ARN (for its sessions), a user ARN, a root ARN, a federated-user ARN, a
   * service principal, `account:<id>` for an unidentified principal of an account, or `<type>:<id>` otherwise.
   */
  readonly id: string;
  readonly kind: CallerKind;
  /** The caller as the simulator reads it (a session, user, root or federated-user ARN, or a service principal). */
  readonly caller?: string;
  /** The caller's account, when the trail says. */
  readonly account?: string;
  /** The session name of an assumed role. */
  readonly session?: string;
}

/** Why a userIdentity could not be read. */
export type IdentityProblem = 'missing userIdentity' | 'userIdentity without arn';

const SERVICE = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.amazonaws\.com(\.cn)?$/;
const SESSION = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Whether a text is a service principal (`s3.amazonaws.com`). */
export function isServicePrincipal(text: string): boolean {
  return SERVICE.test(text);
}

/** Reads a CloudTrail userIdentity. */
export function readIdentity(value: unknown): EventPrincipal | IdentityProblem {
  const u = obj(value);
  if (!u) return 'missing userIdentity';
  const type = str(u.type) ?? '';
  const arn = str(u.arn);
  const account = str(u.accountId);
  switch (type) {
    case 'AWSService': {
      const service = str(u.invokedBy);
      if (!service) return 'userIdentity without arn';
      return { id: service, kind: 'service', ...(isServicePrincipal(service) ? { caller: service } : {}) };
    }
    case 'AWSAccount': {
      if (!account) return 'userIdentity without arn';
      return { id: `account:${account}`, kind: 'account', account };
    }
    case 'Root': {
      if (!account && !arn) return 'userIdentity without arn';
      const acct = account ?? arn!.split(':')[4]!;
      const partition = arn?.split(':')[1] ?? 'aws';
      const root = `arn:${partition}:iam::${acct}:root`;
      return { id: root, kind: 'root', caller: root, account: acct };
    }
    case 'AssumedRole':
      return assumedRole(u, arn, account);
    default:
      break;
  }
  if (!arn) {
    // AWS service events (automatic rotation, deletion at the end of the waiting period) carry only the
    // account and the service that acted.
    const invokedBy = str(u.invokedBy);
    if (type === '' && invokedBy) return { id: invokedBy, kind: 'service', ...(isServicePrincipal(invokedBy) ? { caller: invokedBy } : {}) };
    if (type === '') return 'userIdentity without arn';
    const who = str(u.principalId) ?? str(u.userName) ?? account ?? 'unknown';
    return { id: `${type}:${who}`, kind: 'other', ...(account ? { account } : {}) };
  }
  const parts = arn.split(':');
  const acct = parts[4] || account;
  const resource = parts.slice(5).join(':');
  if (resource.startsWith('user/')) return { id: arn, kind: 'user', caller: arn, ...(acct ? { account: acct } : {}) };
  if (resource.startsWith('federated-user/')) return { id: arn, kind: 'federated-user', caller: arn, ...(acct ? { account: acct } : {}) };
  if (resource === 'root') return { id: arn, kind: 'root', caller: arn, ...(acct ? { account: acct } : {}) };
  if (resource.startsWith('assumed-role/')) return assumedRole(u, arn, account);
  return { id: arn, kind: 'other', ...(acct ? { account: acct } : {}) };
}

function assumedRole(u: Record<string, unknown>, arn: string | undefined, account: string | undefined): EventPrincipal | IdentityProblem {
  const issuer = obj(obj(u.sessionContext)?.sessionIssuer);
  const issuerArn = str(issuer?.arn);
  const m = arn ? SESSION.exec(arn) : null;
  if (m) {
    const [, partition, acct, role, session] = m as unknown as [string, string, string, string, string];
    // The issuer's ARN keeps the role's path (role/service-role/X); the session ARN never does.
    const roleArn = issuerArn && issuerArn.includes(':role/') ? issuerArn : `arn:${partition}:iam::${acct}:role/${role}`;
    return { id: roleArn, kind: 'role', caller: arn, account: acct, session };
  }
  if (issuerArn && issuerArn.includes(':role/')) {
    const parts = issuerArn.split(':');
    const acct = parts[4] || account;
    const role = issuerArn.slice(issuerArn.lastIndexOf('/') + 1);
    const principalId = str(u.principalId);
    const session = principalId?.includes(':') ? principalId.slice(principalId.indexOf(':') + 1) : undefined;
    const caller = session && acct ? `arn:${parts[1]}:sts::${acct}:assumed-role/${role}/${session}` : issuerArn;
    return { id: issuerArn, kind: 'role', caller, ...(acct ? { account: acct } : {}), ...(session ? { session } : {}) };
  }
  return 'userIdentity without arn';
}

/** A short label of a principal for reports ("role AppServer (111122223333)"). */
export function principalLabel(p: EventPrincipal): string {
  switch (p.kind) {
    case 'role':
      return `role ${p.id.slice(p.id.lastIndexOf('/') + 1)} (${p.account ?? '?'})`;
    case 'user':
      return `user ${p.id.slice(p.id.lastIndexOf('/') + 1)} (${p.account ?? '?'})`;
    case 'federated-user':
      return `federated user ${p.id.slice(p.id.lastIndexOf('/') + 1)} (${p.account ?? '?'})`;
    case 'root':
      return `root user of ${p.account ?? '?'}`;
    case 'service':
      return `service ${p.id}`;
    case 'account':
      return `a principal of account ${p.account} (not recorded)`;
    case 'other':
      return p.id;
  }
}

/** The event's caller as the simulator reads callers, or undefined when the trail does not give one it can read. */
export function callerOfEvent(p: EventPrincipal): Caller | undefined {
  if (p.caller === undefined) return undefined;
  try {
    return readCaller(p.caller);
  } catch (e) {
    if (e instanceof CallerError) return undefined;
    throw e;
  }
}
