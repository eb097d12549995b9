/**
 * The key policy lockout safety check: unless BypassPolicyLockoutSafetyCheck is set, CreateKey
 * and PutKeyPolicy refuse a policy under which the calling principal could not call
 * kms:PutKeyPolicy on the key again.
 *
 * The endpoint takes the check as an injected {@link LockoutCheck}. {@link defaultLockoutCheck}
 * is a self-contained approximation; the coordinator may swap it for the project engine's
 * evaluator (server/src/engine) once that exists, by passing `lockoutCheck` in the server options.
 */
import { accountOfArn } from './identities';
import { evaluateKeyPolicy } from './policyEvaluation';

/**
 * Answers whether `callerArn` could still call kms:PutKeyPolicy on `keyArn` under the key policy
 * `policyText` (already validated as JSON). True lets the policy through.
 */
export type LockoutCheck = (policyText: string, callerArn: string, keyArn: string) => boolean;

/**
 * The default check. Evaluates Allow and Deny statements for kms:PutKeyPolicy, matching:
 * Principal `*`, the caller's account id or account root ARN (delegation: the caller's IAM is
 * assumed to allow), the caller's exact ARN, and the role of an assumed-role session; action globs
 * including `kms:*` and NotAction; Resource globs and NotResource; NotPrincipal. A statement with
 * a Condition is treated as possibly true when it allows and as possibly not matching when it
 * denies, so only unconditioned denies can fail the check. A caller outside the key's account
 * always fails (PutKeyPolicy is not a cross-account operation).
 */
export const defaultLockoutCheck: LockoutCheck = (policyText, callerArn, keyArn) => {
  const accountId = accountOfArn(callerArn);
  if (accountId === undefined || accountId !== accountOfArn(keyArn)) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(policyText);
  } catch {
    return false;
  }
  return evaluateKeyPolicy(doc, { accountId, arn: callerArn }, 'kms:PutKeyPolicy', keyArn) === 'allowed';
};
