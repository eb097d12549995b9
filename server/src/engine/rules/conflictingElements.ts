/**
 * KP112: a statement uses both halves of a pair: Action with NotAction, Principal with NotPrincipal or
 * Resource with NotResource. The grammar allows one of each pair; KMS rejects the policy.
 */
import type { Member, Statement } from '../parse/model';
import type { PolicyRule } from './types';

const PAIRS = [
  ['Action', 'NotAction'],
  ['Principal', 'NotPrincipal'],
  ['Resource', 'NotResource'],
] as const;

/** The first member of a statement with this name (as written). */
function firstMember(s: Statement, name: string): Member | undefined {
  for (const m of s.members) if (m.name.value === name) return m;
  return undefined;
}

/** KP112: both elements of an exclusive pair in one statement. */
export const conflictingElements: PolicyRule = {
  code: 'KP112',
  name: 'conflicting-elements',
  severity: 'error',
  summary: 'A statement uses both Action and NotAction (or Principal/NotPrincipal, Resource/NotResource); KMS rejects it.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      for (const [name, notName] of PAIRS) {
        const a = firstMember(s, name);
        const b = a && firstMember(s, notName);
        if (!a || !b) continue;
        const [first, second] = a.whole.offset < b.whole.offset ? [a, b] : [b, a];
        ctx.report({
          at: second.name,
          message: `A statement may use "${name}" or "${notName}", not both; KMS rejects the policy. Keep one and move the other into a separate statement.`,
          related: [{ ...first.name, message: `"${first.name.value}" is also used here` }],
        });
      }
    }
  },
};
