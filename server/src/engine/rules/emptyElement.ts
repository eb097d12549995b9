/**
 * KP117: an element that lists nothing: `"Action": []`, `"Resource": []`, `"Principal": {}` or a Principal
 * whose every list is empty. Such a statement can never match. For an Allow that is dead text; for a Deny it
 * is worse, a guard that never fires, so Deny statements are reported as warnings.
 */
import type { Span, Statement } from '../parse/model';
import type { PolicyRule, Severity } from './types';

function emptySpots(s: Statement): { at: Span; what: string }[] {
  const out: { at: Span; what: string }[] = [];
  for (const [name, list] of [
    ['Action', s.action],
    ['Resource', s.resource],
  ] as const) {
    if (list && list.isArray && (list.node.children ?? []).length === 0) out.push({ at: list.span, what: `"${name}" is an empty list` });
  }
  const p = s.principal;
  if (p && p.node.type === 'object') {
    const lists = p.typeKeys;
    const allEmpty = lists.every((k) => k.node.type === 'array' && (k.node.children ?? []).length === 0);
    if (allEmpty) out.push({ at: p.span, what: lists.length === 0 ? '"Principal" is an empty object' : '"Principal" lists no principal' });
  }
  return out;
}

/** KP117: an empty Action, Resource or Principal. */
export const emptyElement: PolicyRule = {
  code: 'KP117',
  name: 'empty-element',
  severity: 'info',
  summary: 'An empty Action, Resource or Principal: the statement can never match.',
  check(ctx) {
    for (const s of ctx.policy.statements) {
      const deny = s.effect?.value === 'Deny';
      for (const spot of emptySpots(s)) {
        const severity: Severity | undefined = deny ? 'warning' : undefined;
        ctx.report({
          at: spot.at,
          message: deny
            ? `${spot.what}, so this Deny never applies and protects nothing. List what it should deny, or delete the statement.`
            : `${spot.what}, so this statement can never match and grants nothing. List what it should cover, or delete the statement.`,
          ...(severity ? { severity } : {}),
        });
      }
    }
  },
};
