/**
 * Facts of the policy language and of KMS's key-policy quota: the versions, the characters KMS accepts, the
 * size limit.
 */

/** The policy-language version KMS documents and every new policy should use. */
export const CURRENT_VERSION = '2012-10-17';

/** The older version, still accepted; it reads policy variables literally. */
export const OLD_VERSION = '2008-10-17';

/** True for the characters KMS accepts in a policy document (tab, LF, CR and U+0020–U+00FF). */
export function isAllowedPolicyChar(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xff);
}

/** The key-policy size quota, in bytes (LimitExceededException beyond it; it cannot be raised). */
export const MAX_POLICY_BYTES = 32768;
