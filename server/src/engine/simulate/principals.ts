/**
 * Who is calling, and which policy principals name them (SEMANTICS §1 "Principal forms", §2.4a).
 *
 * - An account (`111122223333` or `arn:aws:iam::111122223333:root`) in Principal names every principal of the
 *   account (delegation); as a caller it is the account's root user.
 * - A role ARN names the role's sessions; an assumed-role ARN names that one session.
 * - Users, roles and federated users match by account and name (the name part is case-sensitive; a path
 *   does not make two roles different, since IAM names are unique within an account).
 * - NotPrincipal follows the IAM NotPrincipal page: AWS checks the account, then the role, then the session
 *   (or the user), and the statement is avoided only when every one of those is listed. So a Deny with
 *   NotPrincipal that lists a user but not its account still denies that user.
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

/** The identities AWS checks, in order, for NotPrincipal: account, then role, then session or user. */
function chain(c: Caller): Caller[] {
  switch (c.kind) {
    case 'root':
    case 'service':
    case 'anonymous':
      return [c];
    case 'user':
    case 'federated-user':
      return [{ kind: 'root', account: c.account, partition: c.partition }, c];
    case 'role':
      return [{ kind: 'root', account: c.account, partition: c.partition }, c];
    case 'assumed-role':
      return [
        { kind: 'root', account: c.account, partition: c.partition },
        { kind: 'role', account: c.account, partition: c.partition, role: c.role, arn: '' },
        c,
      ];
  }
}

/** NotPrincipal coverage of one identity of the chain: the account entry covers only the account itself. */
function listedExactly(p: PrincipalPattern, c: Caller): boolean {
  if (p.kind === 'account') return c.kind === 'root' && c.account === p.account;
  return patternMatches(p, c);
}

/** NotPrincipal matching: the statement applies unless every identity in the caller's chain is listed. */
export function notPrincipalMatches(list: readonly PrincipalPattern[], c: Caller): boolean {
  for (const id of chain(c)) if (!list.some((p) => listedExactly(p, id))) return true;
  return false;
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
