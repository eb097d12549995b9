/**
 * KP432: a policy variable in a policy whose Version is missing or `2008-10-17`. Only the `2012-10-17`
 * language substitutes variables; otherwise `${aws:username}` is literal text (Access Analyzer
 * VARIABLE_UNSUPPORTED_IN_VERSION).
 */
import type { Fix, PolicyRule } from './types';
import { tokenSpan } from '../facts';
import { insertMember, replaceString } from '../fixes/edits';

const CURRENT = '2012-10-17';

/** KP432 variable-needs-version. */
export const variableNeedsVersion: PolicyRule = {
  code: 'KP432',
  name: 'variable-needs-version',
  severity: 'error',
  summary: 'Policy variables need "Version": "2012-10-17"; with no Version or 2008-10-17 they are literal text.',
  check(ctx) {
    const version = ctx.policy.version;
    const hasVersionMember = ctx.policy.members.some((m) => m.name.value === 'Version');
    // A Version with another value (or of another JSON type) is KP103's or KP101's business.
    if (version ? version.value !== '2008-10-17' : hasVersionMember) return;
    const edit = version ? replaceString(version, CURRENT) : insertMember(ctx.doc.text, ctx.policy.node, 'Version', CURRENT, 'first');
    const fixes: Fix[] = edit ? [{ title: `Set "Version": "${CURRENT}"`, edits: [edit], preferred: true }] : [];
    const why = version ? `Version "${version.value}"` : 'a policy without a Version';
    for (const { site, variables } of ctx.facts.variableSites) {
      for (const { token, supported } of variables) {
        if (!supported || token.problem) continue;
        ctx.report({
          at: tokenSpan(ctx.doc.text, site, token),
          message: `In ${why}, "\${${token.name}}" is not substituted: it is compared as literal text. Set "Version": "${CURRENT}".`,
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      }
    }
  },
};
