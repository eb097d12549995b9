/**
 * KP304: a Service principal not of the form `name.amazonaws.com` (Access Analyzer
 * INVALID_SERVICE_PRINCIPAL_FORMAT). KMS rejects principals it cannot resolve.
 */
import { parsePrincipal } from '../parse/principalRef';
import type { Fix, PolicyRule } from './types';

/** The service principal a malformed value most likely means, when a mechanical change makes it valid. */
function likelyService(value: string): string | undefined {
  const candidates = [value.trim().toLowerCase()];
  const bare = candidates[0] as string;
  if (/^[a-z0-9][a-z0-9.-]*$/.test(bare) && !bare.endsWith('.amazonaws.com')) candidates.push(`${bare.replace(/\.$/, '')}.amazonaws.com`);
  return candidates.find((c) => c !== value && parsePrincipal('Service', c).kind === 'service');
}

/** KP304 invalid-service-principal. */
export const invalidServicePrincipal: PolicyRule = {
  code: 'KP304',
  name: 'invalid-service-principal',
  severity: 'error',
  summary: 'A Service principal must look like name.amazonaws.com (lowercase).',
  check(ctx) {
    for (const { block } of ctx.facts.principalSites) {
      for (const entry of block.entries) {
        if (entry.type !== 'Service' || entry.ref.kind !== 'invalid' || entry.ref.reason === 'partial-wildcard') continue;
        const meant = likelyService(entry.value);
        const fixes: Fix[] = meant
          ? [{ title: `Change to "${meant}"`, edits: [{ offset: entry.offset, length: entry.length, newText: JSON.stringify(meant) }], preferred: true }]
          : [];
        ctx.report({
          at: entry,
          message: `${JSON.stringify(entry.value)} is not a service principal: KMS expects a lowercase name such as "cloudtrail.amazonaws.com" and rejects the policy${meant ? `; did you mean "${meant}"?` : '.'}`,
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      }
    }
  },
};
