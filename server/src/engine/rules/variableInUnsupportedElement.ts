/**
 * KP431: a `${…}` policy variable where the policy language does not substitute one: Principal, Action,
 * a condition key name, or the first five parts of a Resource ARN (Access Analyzer
 * VARIABLE_UNSUPPORTED_IN_ELEMENT). There it is literal text, so the element never matches as intended.
 *
 * Not reported: `Sid` and `Id`, which are free text KMS never evaluates (SEMANTICS §1), so a `${…}` there matches
 * nothing because nothing is matched; and a principal KP308 already reports as malformed (a template such as
 * `arn:${Partition}:iam::${AccountId}:root`): one mistake, one error.
 */
import type { PolicyRule } from './types';
import { tokenSpan } from '../facts';
import { withArticle } from '../messages';

/** Elements that are free text: never matched against a request. */
const FREE_TEXT = new Set(['Sid', 'Id']);

/** KP431 variable-in-unsupported-element. */
export const variableInUnsupportedElement: PolicyRule = {
  code: 'KP431',
  name: 'variable-in-unsupported-element',
  severity: 'error',
  summary: 'Policy variables work only in condition values and after the fifth colon of a Resource ARN.',
  check(ctx) {
    // Principal strings KP308 reports as malformed, by offset.
    const malformed = new Set(
      ctx.facts.principalSites.flatMap(({ block }) => block.entries.filter((e) => e.type === 'AWS' && e.ref.kind === 'invalid').map((e) => e.offset)),
    );
    for (const { site, variables } of ctx.facts.variableSites) {
      if (FREE_TEXT.has(site.element) || malformed.has(site.value.offset)) continue;
      for (const { token, supported } of variables) {
        if (supported) continue;
        const where =
          site.element === 'Resource' || site.element === 'NotResource' ? `the first five parts of a ${site.element} ARN` : withArticle(site.element);
        const text = site.value.value.slice(token.start, token.end);
        ctx.report({
          at: tokenSpan(ctx.doc.text, site, token),
          message: `Policy variables are not supported in ${where}: "${text}" is read literally and never matches as intended. Use variables only in condition values (String or ARN operators) or in the resource part of a Resource ARN.`,
        });
      }
    }
  },
};
