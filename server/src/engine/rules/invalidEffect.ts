/**
 * KP108: Effect is a string but neither "Allow" nor "Deny". The value is case-sensitive, so "allow" is
 * as wrong as "Permit"; the fix restores the intended spelling.
 */
import type { Fix, PolicyRule } from './types';
import { editDistance } from '../catalog';
import { replaceString } from '../fixes/edits';

const EFFECTS = ['Allow', 'Deny'] as const;

/** KP108: an Effect other than Allow or Deny. */
export const invalidEffect: PolicyRule = {
  code: 'KP108',
  name: 'invalid-effect',
  severity: 'error',
  summary: 'Effect must be exactly "Allow" or "Deny" (case-sensitive).',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      const effect = s.effect;
      if (!effect || (EFFECTS as readonly string[]).includes(effect.value)) continue;
      const written = effect.value.trim().toLowerCase();
      const sameLetters = EFFECTS.find((e) => e.toLowerCase() === written);
      if (sameLetters) {
        ctx.report({
          at: effect,
          message: `Effect values are case-sensitive: "${effect.value}" is rejected by KMS. Write "${sameLetters}".`,
          fixes: [{ title: `Change to "${sameLetters}"`, edits: [replaceString(effect, sameLetters)], preferred: true }],
        });
        continue;
      }
      // Nearest first; neither is preferred, since picking Allow or Deny changes what the statement does.
      const ranked = [...EFFECTS].sort((a, b) => editDistance(written, a.toLowerCase()) - editDistance(written, b.toLowerCase()));
      const fixes: Fix[] = ranked.map((e) => ({ title: `Change to "${e}"`, edits: [replaceString(effect, e)] }));
      ctx.report({
        at: effect,
        message: `"${effect.value}" is not a valid Effect; KMS rejects the policy. Use "Allow" or "Deny".`,
        fixes,
      });
    }
  },
};
