/**
 * KP433: a policy variable in a value of an operator that does not substitute variables: Numeric, Date,
 * IpAddress, Binary and Null (Access Analyzer INVALID_VARIABLE_FOR_OPERATOR). Bool is reported as a warning
 * because the sources disagree (SEMANTICS §3).
 */
import type { PolicyRule } from './types';
import { readOperator } from '../catalog';
import { tokenSpan } from '../facts';

/** KP433 variable-with-unsupported-operator. */
export const variableWithUnsupportedOperator: PolicyRule = {
  code: 'KP433',
  name: 'variable-with-unsupported-operator',
  severity: 'error',
  summary: 'Policy variables work only with String and ARN operators.',
  check(ctx) {
    for (const { site, variables } of ctx.facts.variableSites) {
      if (site.element !== 'Condition value' || site.operator === undefined) continue;
      const op = readOperator(site.operator);
      if (!op || op.variables === 'yes') continue;
      for (const { token } of variables) {
        if (token.problem) continue;
        const disputed = op.variables === 'disputed';
        ctx.report({
          at: tokenSpan(ctx.doc.text, site, token),
          message: disputed
            ? `Whether ${site.operator} substitutes "\${${token.name}}" is disputed (the IAM operator reference allows it, the variables reference and Access Analyzer do not). Prefer a String operator, or a literal value.`
            : `${site.operator} does not substitute policy variables, so "\${${token.name}}" is compared as literal text and never matches as intended. Variables work only with String and ARN operators.`,
          ...(disputed ? { severity: 'warning' as const } : {}),
        });
      }
    }
  },
};
