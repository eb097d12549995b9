/**
 * A deliberately small key-policy evaluator for the local endpoint: does a statement list let a
 * given caller perform an action on a key? Conditions are not evaluated: a conditioned Allow is
 * taken as possibly true (it counts), a conditioned Deny as possibly not matching (it does not
 * count). A key-policy Allow naming the caller's account (delegation) is taken as allowing,
 * i.e. the caller's IAM policies are assumed to allow the action.
 */

/** The principal a request is evaluated for. */
export interface EvaluatedCaller {
  /** Twelve-digit account id of the caller. */
  readonly accountId: string;
  /** The caller's ARN (user, root, role session, federated user). */
  readonly arn: string;
}

/** Outcome of evaluating one action for one caller. */
export type PolicyVerdict = 'allowed' | 'explicitDeny' | 'implicitDeny';

/**
 * Evaluates `action` (e.g. `kms:PutKeyPolicy`) for `caller` on the key `keyArn` under the parsed
 * key policy `doc`. A policy that is not an object with statements allows nothing.
 */
export function evaluateKeyPolicy(doc: unknown, caller: EvaluatedCaller, action: string, keyArn: string): PolicyVerdict {
  if (typeof doc !== 'object' || doc === null) return 'implicitDeny';
  const raw = (doc as Record<string, unknown>).Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  let allowed = false;
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null) continue;
    const s = statement as Record<string, unknown>;
    if (!appliesTo(s, caller, action, keyArn, s.Effect === 'Deny')) continue;
    const conditioned = typeof s.Condition === 'object' && s.Condition !== null && Object.keys(s.Condition).length > 0;
    if (s.Effect === 'Deny' && !conditioned) return 'explicitDeny';
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allowed' : 'implicitDeny';
}

function appliesTo(s: Record<string, unknown>, caller: EvaluatedCaller, action: string, keyArn: string, isDeny: boolean): boolean {
  return actionMatches(s, action) && resourceMatches(s, keyArn) && principalMatches(s, caller, isDeny);
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Glob match with `*` and `?`, as IAM matches action names and resource ARNs. */
export function globMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function actionMatches(s: Record<string, unknown>, action: string): boolean {
  if ('Action' in s) return strings(s.Action).some((p) => globMatch(p, action, true));
  if ('NotAction' in s) return !strings(s.NotAction).some((p) => globMatch(p, action, true));
  return false; // no Action: the statement is inert
}

function resourceMatches(s: Record<string, unknown>, keyArn: string): boolean {
  if ('Resource' in s) return strings(s.Resource).some((p) => globMatch(p, keyArn, false));
  if ('NotResource' in s) return !strings(s.NotResource).some((p) => globMatch(p, keyArn, false));
  return false; // no Resource: the statement is inert
}

function principalMatches(s: Record<string, unknown>, caller: EvaluatedCaller, isDeny: boolean): boolean {
  if ('Principal' in s) return awsPrincipals(s.Principal).some((p) => namesCaller(p, caller, true));
  if ('NotPrincipal' in s) {
    const listed = awsPrincipals(s.NotPrincipal);
    const callerListed = listed.some((p) => namesCaller(p, caller, false));
    if (!isDeny) return !callerListed;
    // IAM: a Deny with NotPrincipal excludes a principal only if its account is listed too,
    // otherwise the deny still reaches the caller through its account.
    const accountListed = listed.some((p) => p === caller.accountId || p === rootArn(caller));
    return !(callerListed && accountListed);
  }
  return false;
}

function awsPrincipals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (typeof principal !== 'object' || principal === null) return [];
  return strings((principal as Record<string, unknown>).AWS);
}

function rootArn(caller: EvaluatedCaller): string {
  const partition = caller.arn.split(':')[1] ?? 'aws';
  return `arn:${partition}:iam::${caller.accountId}:root`;
}

/**
 * Does principal value `p` name the caller? With `delegation`, an account id or account root ARN
 * names every principal of that account (its IAM is assumed to allow); without, only the root user.
 */
function namesCaller(p: string, caller: EvaluatedCaller, delegation: boolean): boolean {
  if (p === '*') return true;
  if (p === caller.accountId || p === rootArn(caller)) return delegation || caller.arn === rootArn(caller);
  if (p === caller.arn) return true;
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(caller.arn);
  if (session !== null) {
    const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(p);
    return role !== null && role[1] === session[1] && role[2] === session[2] && role[3] === session[3];
  }
  return false;
}
