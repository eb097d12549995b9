/**
 * KP102: a member that is not a policy element where it stands: `"effect"` (element names are
 * case-sensitive), `"Actions"`, a statement element at the top level or the reverse. KMS rejects the
 * policy. Offers the intended name as a fix when it is a case or spelling slip.
 */
import type { Member } from '../parse/model';
import { POLICY_ELEMENTS, STATEMENT_ELEMENTS } from '../parse/model';
import type { Fix, PolicyRule, Report } from './types';
import { nearestName } from '../catalog';
import { hasMember } from '../facts';
import { removeMember, replaceString } from '../fixes/edits';

function check(
  members: readonly Member[],
  known: readonly string[],
  where: string,
  otherLevel: { names: readonly string[]; where: string },
  report: (r: Report) => void,
): void {
  for (const m of members) {
    const name = m.name.value;
    if (known.includes(name)) continue;
    if (otherLevel.names.includes(name)) {
      const remove = removeMember(m.node);
      report({
        at: m.name,
        message: `"${name}" belongs in ${otherLevel.where}, not in ${where}. KMS rejects the policy; move it.`,
        ...(remove ? { fixes: [{ title: `Remove "${name}"`, edits: [remove] }] } : {}),
      });
      continue;
    }
    const guess = nearestName(name, known, 3);
    const fixes: Fix[] = [];
    // Renaming onto an element the object already has would create a duplicate member.
    if (guess && !hasMember(members, guess.name)) {
      fixes.push({
        title: `Change to "${guess.name}"`,
        edits: [replaceString(m.name, guess.name)],
        ...(guess.caseOnly ? { preferred: true } : {}),
      });
    }
    const why = guess?.caseOnly
      ? `Element names are case-sensitive: write "${guess.name}".`
      : guess
        ? `Did you mean "${guess.name}"?`
        : `${where[0]?.toUpperCase()}${where.slice(1)} may only use ${known.map((k) => `"${k}"`).join(', ')}.`;
    report({
      at: m.name,
      message: `"${name}" is not an element of ${where}; KMS rejects the policy. ${why}`,
      ...(fixes.length ? { fixes } : {}),
    });
  }
}

/** KP102: an unknown top-level or statement element. */
export const unknownElement: PolicyRule = {
  code: 'KP102',
  name: 'unknown-element',
  severity: 'error',
  summary: 'A member that is not a policy or statement element (names are case-sensitive); KMS rejects the policy.',
  check(ctx) {
    const report = (r: Report): void => ctx.report(r);
    check(ctx.policy.members, POLICY_ELEMENTS, 'a key policy', { names: STATEMENT_ELEMENTS, where: 'a statement' }, report);
    for (const s of ctx.policy.statements) {
      if (s.isObject) check(s.members, STATEMENT_ELEMENTS, 'a statement', { names: POLICY_ELEMENTS, where: 'the top level of the policy' }, report);
    }
  },
};
