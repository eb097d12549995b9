/**
 * KP434: a policy variable that names a multi-valued key (`${aws:TagKeys}`, `${kms:EncryptionContextKeys}`).
 * Only single-valued keys can be substituted (SEMANTICS §3 "Variables"), so the value is never filled in.
 */
import type { PolicyRule } from './types';
import { tokenSpan } from '../facts';
import { findConditionKey } from '../catalog';

/** KP434 variable-names-multivalued-key. */
export const variableNamesMultivaluedKey: PolicyRule = {
  code: 'KP434',
  name: 'variable-names-multivalued-key',
  severity: 'error',
  summary: 'A policy variable cannot name a multi-valued key such as aws:TagKeys.',
  check(ctx) {
    for (const { site, variables } of ctx.facts.variableSites) {
      for (const { token, supported } of variables) {
        if (!supported || token.problem) continue;
        const match = findConditionKey(token.name);
        if (!match?.info.multiValued) continue;
        ctx.report({
          at: tokenSpan(ctx.doc.text, site, token),
          message: `"${match.canonical}" is multi-valued, and only single-valued keys can be used as policy variables: "\${${token.name}}" is never substituted. Test the key itself with ForAnyValue: or ForAllValues: instead.`,
        });
      }
    }
  },
};
