/**
 * What a principal string denotes. Used by the parser for policy principals and by the simulator for
 * request principals, so both sides agree on one reading.
 */
import { memoByText } from '../memo';

/** A principal, typed. ARN parts keep their case: the name part of an IAM ARN is case-sensitive. */
export type PrincipalRef =
  | { readonly kind: 'any' }
  | { readonly kind: 'account'; readonly account: string; readonly partition: string; readonly form: 'id' | 'arn' }
  | IamPrincipalRef
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'federated'; readonly provider: string }
  | { readonly kind: 'canonical-user'; readonly id: string }
  | { readonly kind: 'unique-id'; readonly id: string; readonly idType: 'user' | 'role' | 'group' | 'other' }
  | { readonly kind: 'invalid'; readonly reason: PrincipalProblem; readonly text: string };

/** An IAM identity named by ARN. */
export interface IamPrincipalRef {
  readonly kind: 'user' | 'role' | 'group' | 'assumed-role' | 'federated-user';
  readonly account: string;
  readonly partition: string;
  /** The full ARN as written. */
  readonly arn: string;
  /** For users, roles and groups: the path between the type and the name (`/` when none). */
  readonly path: string;
  /** User, role, group or federated-user name; for sessions the role name. */
  readonly name: string;
  /** For assumed-role sessions: the session name. */
  readonly session?: string;
}

/** Why a principal string is not a usable principal. */
export type PrincipalProblem = 'partial-wildcard' | 'not-an-arn' | 'unsupported-arn' | 'bad-account' | 'bad-service' | 'empty';

const ACCOUNT_ID = /^\d{12}$/;
const UNIQUE_ID = /^(AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA|ASIA|AKIA)[A-Z0-9]{12,}$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.amazonaws\.com(\.cn)?$/;
const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):(iam|sts)::([^:]*):(.+)$/;

/**
 * Reads one principal string as listed under `type` ("AWS", "Service", "Federated", "CanonicalUser",
 * or "*" for the bare `"Principal": "*"`).
 */
export function parsePrincipal(type: string, value: string): PrincipalRef {
  if (value === '') return { kind: 'invalid', reason: 'empty', text: value };
  switch (type) {
    case '*':
      return value === '*' ? { kind: 'any' } : { kind: 'invalid', reason: 'not-an-arn', text: value };
    case 'Service':
      if (value === '*') return { kind: 'invalid', reason: 'partial-wildcard', text: value };
      return SERVICE_PRINCIPAL.test(value) ? { kind: 'service', service: value } : { kind: 'invalid', reason: 'bad-service', text: value };
    case 'Federated':
      return { kind: 'federated', provider: value };
    case 'CanonicalUser':
      return { kind: 'canonical-user', id: value };
    default:
      return parseAwsPrincipal(value);
  }
}

/**
 * Reads a value listed under "AWS": `*`, an account id, an IAM/STS ARN or a unique id. The answer depends on
 * the text alone: it is frozen and shared by every entry that writes the same text (the same roles recur in
 * statement after statement and policy after policy).
 */
export const parseAwsPrincipal: (value: string) => PrincipalRef = memoByText((value) => Object.freeze(readAwsPrincipal(value)));

function readAwsPrincipal(value: string): PrincipalRef {
  if (value === '*') return { kind: 'any' };
  if (ACCOUNT_ID.test(value)) return { kind: 'account', account: value, partition: 'aws', form: 'id' };
  if (UNIQUE_ID.test(value)) return { kind: 'unique-id', id: value, idType: uniqueIdType(value) };
  if (value.includes('*') || value.includes('?')) return { kind: 'invalid', reason: 'partial-wildcard', text: value };
  const m = ARN.exec(value);
  if (!m) return { kind: 'invalid', reason: value.startsWith('arn:') ? 'unsupported-arn' : 'not-an-arn', text: value };
  const [, partition, service, account, resource] = m as unknown as [string, string, string, string, string];
  if (!ACCOUNT_ID.test(account)) return { kind: 'invalid', reason: 'bad-account', text: value };
  if (service === 'iam') {
    if (resource === 'root') return { kind: 'account', account, partition, form: 'arn' };
    const slash = resource.indexOf('/');
    const type = slash < 0 ? resource : resource.slice(0, slash);
    if ((type === 'user' || type === 'role' || type === 'group') && slash > 0) {
      const rest = resource.slice(slash + 1);
      const last = rest.lastIndexOf('/');
      const name = rest.slice(last + 1);
      if (name === '') return { kind: 'invalid', reason: 'unsupported-arn', text: value };
      const path = last < 0 ? '/' : '/' + rest.slice(0, last + 1);
      return { kind: type, account, partition, arn: value, path, name };
    }
    return { kind: 'invalid', reason: 'unsupported-arn', text: value };
  }
  const parts = resource.split('/');
  if (parts[0] === 'assumed-role' && parts.length === 3 && parts[1] && parts[2]) {
    return { kind: 'assumed-role', account, partition, arn: value, path: '/', name: parts[1], session: parts[2] };
  }
  if (parts[0] === 'federated-user' && parts.length === 2 && parts[1]) {
    return { kind: 'federated-user', account, partition, arn: value, path: '/', name: parts[1] };
  }
  return { kind: 'invalid', reason: 'unsupported-arn', text: value };
}

function uniqueIdType(id: string): 'user' | 'role' | 'group' | 'other' {
  if (id.startsWith('AIDA')) return 'user';
  if (id.startsWith('AROA')) return 'role';
  if (id.startsWith('AGPA')) return 'group';
  return 'other';
}

/** The account a principal belongs to, when it has one. */
export function accountOf(ref: PrincipalRef): string | undefined {
  switch (ref.kind) {
    case 'account':
    case 'user':
    case 'role':
    case 'group':
    case 'assumed-role':
    case 'federated-user':
      return ref.account;
    default:
      return undefined;
  }
}

/** The canonical root ARN of an account. */
export function accountRootArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:root`;
}

/** A short human description of a principal ("account 111122223333", "role Admin in 111122223333"). */
export function describePrincipal(ref: PrincipalRef): string {
  switch (ref.kind) {
    case 'any':
      return 'everyone (any principal in any account)';
    case 'account':
      return `account ${ref.account}`;
    case 'user':
    case 'role':
    case 'group':
      return `IAM ${ref.kind} ${ref.name} in account ${ref.account}`;
    case 'assumed-role':
      return `session ${ref.session} of role ${ref.name} in account ${ref.account}`;
    case 'federated-user':
      return `federated user ${ref.name} in account ${ref.account}`;
    case 'service':
      return `AWS service ${ref.service}`;
    case 'federated':
      return `federated provider ${ref.provider}`;
    case 'canonical-user':
      return `canonical user ${ref.id}`;
    case 'unique-id':
      return `unique id ${ref.id} (a deleted or renamed ${ref.idType})`;
    case 'invalid':
      return `invalid principal "${ref.text}"`;
  }
}
