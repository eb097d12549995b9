/**
 * Who is calling, and which policy principals name them (SEMANTICS §1 "Principal forms", §2.4a).
 *
 * - An account (`111122223333` or `arn:aws:iam::111122223333:root`) in Principal names every principal of the
 *   account (delegation); as a caller it is the account's root user.
 * - A role ARN names the role's sessions; an assumed-role ARN names that one session.
 * - Users, roles and federated users match by account and name (the name part is case-sensitive; a path
 *   does not make two roles different, since IAM names are unique within an account).
 * - NotPrincipal follows the IAM NotPrincipal page (SEMANTICS §1): a request carries every identity of its
 *   caller (an assumed-role session is its session ARN, its role ARN and its account; a user its user ARN and
 *   its account; the root user its account), and the statement leaves the caller out only when every one of
 *   them is listed. A role ARN there stands for the role itself, not for its sessions, so a Deny with
 *   NotPrincipal [role, account] still denies every session of the role; and a caller given as a role ARN
 *   (some session of it) is never left out, since its session ARN is not known to be listed.
 */
import { accountRootArn, parseAwsPrincipal, parsePrincipal, type PrincipalRef } from '../parse/principalRef';

/** The calling identity of a request. */
export type Caller =
  | { readonly kind: 'root'; readonly account: string; readonly partition: string }
  | { readonly kind: 'user'; readonly account: string; readonly partition: string; readonly name: string; readonly arn: string }
  | { readonly kind: 'role'; readonly account: string; readonly partition: string; readonly role: string; readonly arn: string }
  | {
      readonly kind: 'assumed-role';
      readonly account: string;
      readonly partition: string;
      readonly role: string;
      readonly session: string;
      readonly arn: string;
    }
  | { readonly kind: 'federated-user'; readonly account: string; readonly partition: string; readonly name: string; readonly arn: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'anonymous' };

/** Why a caller string could not be read. */
export class CallerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallerError';
  }
}

const SERVICE = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.amazonaws\.com(\.cn)?$/;

/**
 * Reads the request's principal: an IAM user or role ARN, an assumed-role or federated-user session ARN, an
 * account root ARN or 12-digit id (the root user), a service principal, or `*` (anonymous).
 * Throws CallerError for anything else (groups, wildcards, unique ids cannot make requests).
 */
export function readCaller(text: string): Caller {
  const t = text.trim();
  if (t === '*') return { kind: 'anonymous' };
  if (SERVICE.test(t.toLowerCase()) && !t.startsWith('arn:')) return { kind: 'service', service: t.toLowerCase() };
  const ref = parseAwsPrincipal(t);
  switch (ref.kind) {
    case 'account':
      return { kind: 'root', account: ref.account, partition: ref.partition };
    case 'user':
      return { kind: 'user', account: ref.account, partition: ref.partition, name: ref.name, arn: ref.arn };
    case 'role':
      return { kind: 'role', account: ref.account, partition: ref.partition, role: ref.name, arn: ref.arn };
    case 'assumed-role':
      return { kind: 'assumed-role', account: ref.account, partition: ref.partition, role: ref.name, session: ref.session!, arn: ref.arn };
    case 'federated-user':
      return { kind: 'federated-user', account: ref.account, partition: ref.partition, name: ref.name, arn: ref.arn };
    case 'group':
      throw new CallerError(`"${t}" is an IAM group; groups cannot make requests. Give a user, role, session, account or service principal.`);
    case 'unique-id':
      throw new CallerError(`"${t}" is a unique id; give the principal's ARN instead.`);
    default:
      throw new CallerError(
        `"${t}" is not a principal: give an IAM user or role ARN, an assumed-role session ARN, an account id or root ARN, a service principal such as logs.amazonaws.com, or * for anonymous.`,
      );
  }
}

/** The caller's account, when it has one (services and anonymous callers have none). */
export function callerAccount(c: Caller): string | undefined {
  return c.kind === 'service' || c.kind === 'anonymous' ? undefined : c.account;
}

/** The value of aws:PrincipalArn for the caller: the role ARN for a session (IAM global keys reference). */
export function callerPrincipalArn(c: Caller): string | undefined {
  switch (c.kind) {
    case 'root':
      return accountRootArn(c.account, c.partition);
    case 'user':
    case 'federated-user':
      return c.arn;
    case 'role':
      return c.arn;
    case 'assumed-role':
      // The session ARN does not carry the role's path; a caller whose role has a path gives
      // aws:PrincipalArn in the context to override this.
      return `arn:${c.partition}:iam::${c.account}:role/${c.role}`;
    default:
      return undefined;
  }
}

/** A human label for the caller ("session s of role R in 111122223333"). */
export function describeCaller(c: Caller): string {
  switch (c.kind) {
    case 'root':
      return `the root user of account ${c.account}`;
    case 'user':
      return `IAM user ${c.name} in account ${c.account}`;
    case 'role':
      return `a session of role ${c.role} in account ${c.account}`;
    case 'assumed-role':
      return `session ${c.session} of role ${c.role} in account ${c.account}`;
    case 'federated-user':
      return `federated user ${c.name} in account ${c.account}`;
    case 'service':
      return `AWS service ${c.service}`;
    case 'anonymous':
      return 'an anonymous caller';
  }
}

/** A policy principal compiled for matching. Anything unusable (invalid, federated, groups) matches nobody. */
export type PrincipalPattern =
  | { readonly kind: 'any' }
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'user'; readonly account: string; readonly name: string }
  | { readonly kind: 'role'; readonly account: string; readonly name: string; readonly hasPath: boolean }
  | { readonly kind: 'session'; readonly account: string; readonly role: string; readonly session: string }
  | { readonly kind: 'federated-user'; readonly account: string; readonly name: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'never' };

/** Compiles a principal typed by the parser. */
export function patternOf(ref: PrincipalRef): PrincipalPattern {
  switch (ref.kind) {
    case 'any':
      return { kind: 'any' };
    case 'account':
      return { kind: 'account', account: ref.account };
    case 'user':
      return { kind: 'user', account: ref.account, name: ref.name };
    case 'role':
      return { kind: 'role', account: ref.account, name: ref.name, hasPath: ref.path !== '/' };
    case 'assumed-role':
      return { kind: 'session', account: ref.account, role: ref.name, session: ref.session ?? '' };
    case 'federated-user':
      return { kind: 'federated-user', account: ref.account, name: ref.name };
    case 'service':
      return { kind: 'service', service: ref.service.toLowerCase() };
    default:
      return { kind: 'never' };
  }
}

/** Compiles a principal string as listed under a type key ("AWS", "Service", or "*" for a bare `*`). */
export function compilePrincipal(type: string, value: string): PrincipalPattern {
  return patternOf(parsePrincipal(type, value));
}

/** Principal-element matching: does the pattern name this caller? */
export function patternMatches(p: PrincipalPattern, c: Caller): boolean {
  switch (p.kind) {
    case 'any':
      return true;
    case 'account':
      return c.kind !== 'service' && c.kind !== 'anonymous' && c.account === p.account;
    case 'user':
      return c.kind === 'user' && c.account === p.account && c.name === p.name;
    case 'role':
      return (c.kind === 'role' || c.kind === 'assumed-role') && c.account === p.account && c.role === p.name;
    case 'session':
      return c.kind === 'assumed-role' && c.account === p.account && c.role === p.role && c.session === p.session;
    case 'federated-user':
      return c.kind === 'federated-user' && c.account === p.account && c.name === p.name;
    case 'service':
      return c.kind === 'service' && c.service === p.service;
    case 'never':
      return false;
  }
}

/** One identity a request carries, as NotPrincipal compares it: each must be listed exactly. */
type Identity =
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'role'; readonly account: string; readonly role: string }
  | { readonly kind: 'session'; readonly account: string; readonly role: string; readonly session: string | undefined }
  | { readonly kind: 'user' | 'federated-user'; readonly account: string; readonly name: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'anonymous' };

/** Every identity of a caller: account, then role, then session (or the user). A role caller's session is unnamed. */
function identities(c: Caller): Identity[] {
  switch (c.kind) {
    case 'root':
      return [{ kind: 'account', account: c.account }];
    case 'service':
      return [{ kind: 'service', service: c.service }];
    case 'anonymous':
      return [{ kind: 'anonymous' }];
    case 'user':
    case 'federated-user':
      return [
        { kind: 'account', account: c.account },
        { kind: c.kind, account: c.account, name: c.name },
      ];
    case 'role':
    case 'assumed-role':
      return [
        { kind: 'account', account: c.account },
        { kind: 'role', account: c.account, role: c.role },
        { kind: 'session', account: c.account, role: c.role, session: c.kind === 'assumed-role' ? c.session : undefined },
      ];
  }
}

/** Whether a NotPrincipal entry lists one identity exactly: a role ARN lists the role, never its sessions. */
function listsIdentity(p: PrincipalPattern, id: Identity): boolean {
  if (p.kind === 'any') return true;
  switch (id.kind) {
    case 'account':
      return p.kind === 'account' && p.account === id.account;
    case 'role':
      return p.kind === 'role' && p.account === id.account && p.name === id.role;
    case 'session':
      return p.kind === 'session' && id.session !== undefined && p.account === id.account && p.role === id.role && p.session === id.session;
    case 'user':
      return p.kind === 'user' && p.account === id.account && p.name === id.name;
    case 'federated-user':
      return p.kind === 'federated-user' && p.account === id.account && p.name === id.name;
    case 'service':
      return p.kind === 'service' && p.service === id.service;
    case 'anonymous':
      return false;
  }
}

/** NotPrincipal matching: the statement applies unless every identity of the caller is listed. */
export function notPrincipalMatches(list: readonly PrincipalPattern[], c: Caller): boolean {
  for (const id of identities(c)) if (!list.some((p) => listsIdentity(p, id))) return true;
  return false;
}

/**
 * The callers a NotPrincipal list leaves out, as labels: those every identity of which is listed. The root
 * user of a listed account; a user or federated user listed with its account; a session listed with its role
 * and account; a listed service; everyone for "*". A role ARN alone leaves out nobody (SEMANTICS §1).
 */
export function exemptByNotPrincipal(list: readonly PrincipalPattern[], partition = 'aws'): string[] {
  const out: string[] = [];
  for (const p of list) {
    const exempt =
      p.kind === 'any' ||
      p.kind === 'account' ||
      p.kind === 'service' ||
      (p.kind !== 'role' && p.kind !== 'never' && !notPrincipalMatches(list, callerOf(p, partition)));
    if (exempt) out.push(patternLabel(p, partition));
  }
  return out;
}

/** The caller a user, session or federated-user pattern names. */
function callerOf(p: PrincipalPattern & { kind: 'user' | 'session' | 'federated-user' }, partition: string): Caller {
  const arn = patternLabel(p, partition);
  if (p.kind === 'session') return { kind: 'assumed-role', account: p.account, partition, role: p.role, session: p.session, arn };
  return { kind: p.kind, account: p.account, partition, name: p.name, arn };
}

/** A short label of a pattern, for explanations and who-can rows. */
export function patternLabel(p: PrincipalPattern, partition = 'aws'): string {
  switch (p.kind) {
    case 'any':
      return '*';
    case 'account':
      return accountRootArn(p.account, partition);
    case 'user':
      return `arn:${partition}:iam::${p.account}:user/${p.name}`;
    case 'role':
      return `arn:${partition}:iam::${p.account}:role/${p.name}`;
    case 'session':
      return `arn:${partition}:sts::${p.account}:assumed-role/${p.role}/${p.session}`;
    case 'federated-user':
      return `arn:${partition}:sts::${p.account}:federated-user/${p.name}`;
    case 'service':
      return p.service;
    case 'never':
      return '(invalid)';
  }
}
