/**
 * Facts of the policy language itself that are not about KMS: its versions.
 */

/** The policy-language version KMS documents and every new policy should use. */
export const CURRENT_VERSION = '2012-10-17';

/** The older version, still accepted; it reads policy variables literally. */
export const OLD_VERSION = '2008-10-17';
