/**
 * Global condition keys that AWS no longer supports or has deprecated, maintained by hand with a source for
 * each row:
 * - AA: the IAM User Guide's "IAM policy validation check reference" (access-analyzer-reference-policy-checks):
 *   "Error – Unsupported global condition key" (UNSUPPORTED_GLOBAL_CONDITION_KEY) names aws:ARN and its two
 *   replacements; earlier revisions of the same page reported the key as "General Warning – Deprecated global
 *   condition key" (DEPRECATED_GLOBAL_CONDITION_KEY). aws:ARN is the only key either check names.
 * - SNS: the Amazon SNS Developer Guide, "Example cases for Amazon SNS access control", section "aws:SourceAccount
 *   versus aws:SourceOwner" (sns-access-policy-use-cases.html#source-account-versus-source-owner), which calls
 *   aws:SourceOwner deprecated in favour of aws:SourceAccount; the IAM documentation team said the same when
 *   declining to document the key (awsdocs/iam-user-guide issue 111). Access Analyzer does not report it.
 * The data package still lists aws:SourceOwner as a global key and does not list aws:ARN at all.
 */
import { deepFreeze } from './freeze';

/** How far AWS has withdrawn a key. */
export type GlobalKeyStatus =
  /** Not supported: do not rely on what a condition on it does (Access Analyzer: error). */
  | 'unsupported'
  /** Still evaluated, but replaced by a newer key (warning). */
  | 'deprecated';

/** A key to use instead of a withdrawn one. */
export interface GlobalKeyReplacement {
  /** The replacement key as the catalog spells it, e.g. `aws:PrincipalArn`. */
  readonly key: string;
  /** What it holds, for messages: "the ARN of the calling principal". */
  readonly holds: string;
}

/** One withdrawn global condition key. */
export interface GlobalKeyNote {
  /** The key as the sources spell it, e.g. `aws:ARN`; looked up ignoring case. */
  readonly key: string;
  readonly status: GlobalKeyStatus;
  /** Replacements, the usual one first; empty when there is none. */
  readonly replacements: readonly GlobalKeyReplacement[];
  /**
   * True when the first replacement carries the same value on every request that carried the old key, so
   * renaming is safe to apply without thought.
   */
  readonly sameValue: boolean;
  /** The Access Analyzer finding for the key, when it reports one. */
  readonly accessAnalyzer?: 'UNSUPPORTED_GLOBAL_CONDITION_KEY' | 'DEPRECATED_GLOBAL_CONDITION_KEY';
  /** A caveat for messages and hovers. */
  readonly caveat?: string;
  /** Where the row comes from (see the file header). */
  readonly source: string;
}

/** The withdrawn global keys, sorted by key. */
export const GLOBAL_KEY_NOTES: readonly GlobalKeyNote[] = deepFreeze([
  {
    key: 'aws:ARN',
    status: 'unsupported',
    replacements: [
      { key: 'aws:PrincipalArn', holds: 'the ARN of the calling principal' },
      { key: 'aws:SourceArn', holds: 'the ARN of the resource a service calls on behalf of' },
    ],
    sameValue: false,
    accessAnalyzer: 'UNSUPPORTED_GLOBAL_CONDITION_KEY',
    source: 'AA "Error – Unsupported global condition key" (earlier: "General Warning – Deprecated global condition key")',
  },
  {
    key: 'aws:SourceOwner',
    status: 'deprecated',
    replacements: [{ key: 'aws:SourceAccount', holds: 'the account that owns the resource a service calls on behalf of' }],
    sameValue: false,
    caveat: 'Some AWS services still set only aws:SourceOwner, so check the calling service before renaming.',
    source: 'SNS "aws:SourceAccount versus aws:SourceOwner"; awsdocs/iam-user-guide issue 111',
  },
]);

const BY_LOWER_KEY: ReadonlyMap<string, GlobalKeyNote> = new Map(GLOBAL_KEY_NOTES.map((n) => [n.key.toLowerCase(), n]));

/** The note for a withdrawn global key as written (any case), or undefined for every other key. */
export function globalKeyNote(key: string): GlobalKeyNote | undefined {
  return BY_LOWER_KEY.get(key.toLowerCase());
}
