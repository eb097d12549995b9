/**
 * KP430: a `${…}` policy variable that is not well formed: no closing brace, nothing inside, spaces in the
 * key name, or a default value without single quotes (Access Analyzer MISSING_BRACE_IN_VARIABLE,
 * EMPTY_VARIABLE, UNSUPPORTED_SPACE_IN_VARIABLE, MISSING_QUOTE_IN_VARIABLE).
 */
import type { Fix, PolicyRule } from './types';
import { offsetInString, type StringSite, tokenSpan, type VariableToken } from '../facts';

const MESSAGES = {
  'missing-brace': (t: VariableToken) =>
    `The policy variable "\${${t.name}" has no closing "}", so the policy is rejected as malformed. Close it: \${${t.name}}.`,
  empty: () =>
    'The policy variable "${}" names no key, so the policy is rejected as malformed. Write a key such as ${aws:username}, or "${$}" for a literal "$".',
  space: (t: VariableToken) => `The policy variable "\${${t.name}}" has spaces in its key name, which the policy language does not allow. Remove them.`,
  'missing-quote': (t: VariableToken) =>
    `The default value "${(t.fallback ?? '').trim()}" of \${${t.name}, …} must be in single quotes, e.g. \${${t.name}, 'none'}.`,
} as const;

/** The corrected text of a token, when a mechanical repair exists. */
function repaired(site: StringSite, t: VariableToken): string | undefined {
  switch (t.problem) {
    case 'space':
      return `\${${t.name.replace(/\s+/g, '')}${t.fallback !== undefined ? `,${t.fallback}` : ''}}`;
    case 'missing-quote':
      return `\${${t.name}, '${(t.fallback ?? '').trim().replace(/^'|'$/g, '')}'}`;
    case 'missing-brace':
      // Only when the variable runs to the end of the string: then the brace clearly belongs at the end.
      return t.end === site.value.value.length && t.name !== '' && !/[\s,']/.test(t.name) ? `\${${t.name}}` : undefined;
    default:
      return undefined;
  }
}

/** KP430 malformed-policy-variable. */
export const malformedPolicyVariable: PolicyRule = {
  code: 'KP430',
  name: 'malformed-policy-variable',
  severity: 'error',
  summary: 'A ${…} policy variable is malformed: missing brace, empty, spaces in the name, or an unquoted default.',
  check(ctx) {
    for (const { site, variables } of ctx.facts.variableSites) {
      for (const { token, supported } of variables) {
        if (!supported || !token.problem) continue;
        const fixed = repaired(site, token);
        const start = offsetInString(ctx.doc.text, site.value, token.start);
        const fixes: Fix[] =
          fixed !== undefined && start !== undefined
            ? [
                {
                  title: `Change to "${fixed}"`,
                  edits: [{ offset: start, length: token.end - token.start, newText: fixed }],
                  preferred: true,
                },
              ]
            : [];
        ctx.report({
          at: tokenSpan(ctx.doc.text, site, token),
          message: MESSAGES[token.problem](token),
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      }
    }
  },
};
