/**
 * KP404: a global condition key AWS has withdrawn, from the catalog's cited table (globalKeyNotes.ts):
 * `aws:ARN`, which Access Analyzer rejects (UNSUPPORTED_GLOBAL_CONDITION_KEY; earlier
 * DEPRECATED_GLOBAL_CONDITION_KEY), is an error; a deprecated key such as `aws:SourceOwner` is a warning.
 * Fixes rename the key to each replacement (preferred only when the replacement always carries the same value),
 * unless the replacement is already under the same operator. KP402 leaves these keys to this rule.
 */
import { globalKeyNote, type GlobalKeyNote } from '../catalog/index';
import type { Fix, PolicyRule } from './types';
import { replaceString } from '../fixes/edits';

/** `"aws:PrincipalArn" (the ARN of the calling principal) or "aws:SourceArn" (…)`. */
function replacementText(note: GlobalKeyNote): string {
  return note.replacements.map((r) => `"${r.key}" (${r.holds})`).join(' or ');
}

/** The message for a withdrawn key as written. */
function message(written: string, note: GlobalKeyNote): string {
  const instead = note.replacements.length > 0 ? ` Use ${replacementText(note)} instead.` : ' Remove the test or use a supported key.';
  const caveat = note.caveat ? ` ${note.caveat}` : '';
  return note.status === 'unsupported'
    ? `"${written}" is not a supported global condition key, so a condition on it does not test what it appears to.${instead}${caveat}`
    : `"${written}" is a deprecated global condition key.${instead}${caveat}`;
}

/** KP404 deprecated-global-key. */
export const deprecatedGlobalKey: PolicyRule = {
  code: 'KP404',
  name: 'deprecated-global-key',
  severity: 'error',
  summary: 'A global condition key AWS no longer supports (aws:ARN: error) or has deprecated (aws:SourceOwner: warning); use its replacement.',
  check(ctx) {
    for (const { clause, entry } of ctx.facts.conditions) {
      const written = entry.key.value;
      const note = globalKeyNote(written);
      if (!note) continue;
      const free = note.replacements.filter((r) => !clause.keys.some((k) => k.key.value.toLowerCase() === r.key.toLowerCase()));
      const fixes: Fix[] = free.map((r) => ({
        title: `Change to "${r.key}"`,
        edits: [replaceString(entry.key, r.key)],
        ...(note.sameValue && note.replacements.length === 1 ? { preferred: true } : {}),
      }));
      ctx.report({
        at: entry.key,
        message: message(written, note),
        ...(note.status === 'deprecated' ? { severity: 'warning' as const } : {}),
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  },
};
