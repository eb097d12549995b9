/**
 * KP302: a Principal or NotPrincipal that is neither `"*"` nor an object keyed by AWS, Service, Federated or
 * CanonicalUser (Access Analyzer INVALID_PRINCIPAL_FORMAT / INVALID_PRINCIPAL_KEY). KMS rejects the policy.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import { parseAwsPrincipal, parsePrincipal } from '../parse/principalRef';
import type { Fix, PolicyRule } from './types';
import { closestPrincipalType, PRINCIPAL_TYPES } from '../facts';

/** The object form a bare principal string most likely means, when it reads as an AWS or a service principal. */
function wrapFix(node: JsonNode, value: string): Fix | undefined {
  const aws = parseAwsPrincipal(value).kind;
  const type = aws !== 'invalid' && aws !== 'any' && aws !== 'unique-id' ? 'AWS' : parsePrincipal('Service', value).kind === 'service' ? 'Service' : undefined;
  if (!type) return undefined;
  const inner = JSON.stringify(value);
  return {
    title: `Write as {"${type}": ...}`,
    edits: [{ offset: node.offset, length: node.length, newText: `{"${type}": ${inner}}` }],
    preferred: true,
  };
}

/** KP302 invalid-principal-format. */
export const invalidPrincipalFormat: PolicyRule = {
  code: 'KP302',
  name: 'invalid-principal-format',
  severity: 'error',
  summary: 'A principal element must be "*" or an object keyed by AWS, Service, Federated or CanonicalUser.',
  check(ctx) {
    for (const { element, block } of ctx.facts.principalSites) {
      const node = block.node;
      if (node.type === 'object') {
        for (const tk of block.typeKeys) {
          const written = tk.name.value;
          if ((PRINCIPAL_TYPES as readonly string[]).includes(written)) continue;
          const meant = closestPrincipalType(written);
          ctx.report({
            at: tk.name,
            message: `"${written}" is not a principal type: ${element} keys are AWS, Service, Federated and CanonicalUser (case-sensitive)${meant ? `; did you mean "${meant}"?` : '.'}`,
            ...(meant
              ? {
                  fixes: [
                    {
                      title: `Change to "${meant}"`,
                      edits: [{ offset: tk.name.offset, length: tk.name.length, newText: JSON.stringify(meant) }],
                      preferred: true,
                    },
                  ],
                }
              : {}),
          });
        }
        continue;
      }
      // Other JSON types (arrays, numbers) are KP101's (data-type-mismatch); a string other than "*" is ours.
      if (node.type !== 'string' || node.value === '*') continue;
      const value = String(node.value);
      const fix = wrapFix(node, value);
      ctx.report({
        at: block.span,
        message: `${element} is the string ${JSON.stringify(value)}; it must be "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}, so KMS rejects the policy.`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
};
