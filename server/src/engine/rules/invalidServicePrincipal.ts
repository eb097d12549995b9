/**
 * KP304: a Service principal that is not one (Access Analyzer INVALID_SERVICE_PRINCIPAL_FORMAT): not of the
 * form `name.amazonaws.com`, or a documentation placeholder left in (`logs.region.amazonaws.com`,
 * `logs.<region>.amazonaws.com`, reported as a warning). KMS rejects principals it cannot resolve. Suggestions come from the
 * catalog's list of service principals (catalog/servicePrincipals.ts); a well-formed name that is not in the
 * list but is one slip from a listed one (`cloudtrial.amazonaws.com`) is a warning, since the list is not
 * exhaustive.
 */
import { findServicePrincipal, isKnownService, servicePrincipalPlaceholder, suggestServicePrincipals } from '../catalog';
import { parsePrincipal } from '../parse/principalRef';
import type { PrincipalEntry as Entry } from '../parse/model';
import type { Fix, PolicyRule, Report } from './types';
import { replaceString } from '../fixes/edits';

/** The service principal a malformed value most likely means: the name with `.amazonaws.com` mended, else the nearest listed one. */
function likelyService(value: string): string | undefined {
  const bare = value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\.+$/, '')
    .replace(/\.amazonaws(\.com)?$|\.amazon\.com$|\.com$/, '');
  const mended = `${bare}.amazonaws.com`;
  if (mended !== value && parsePrincipal('Service', mended).kind === 'service' && (findServicePrincipal(mended) || isKnownService(bare.split('.')[0] ?? '')))
    return mended;
  return suggestServicePrincipals(mended).find((s) => s !== value);
}

/** What to report for one Service entry, if anything. */
function check(entry: Entry, region: string | undefined): Omit<Report, 'at'> | undefined {
  const value = entry.value;
  const placeholder = servicePrincipalPlaceholder(value);
  if (placeholder) {
    const filled = region ? value.replace(placeholder, region) : undefined;
    const fixes: Fix[] = filled ? [{ title: `Change to "${filled}"`, edits: [replaceString(entry, filled)], preferred: true }] : [];
    return {
      message: `${JSON.stringify(value)} still holds the documentation placeholder "${placeholder}": write the key's Region there (e.g. "${filled ?? value.replace(placeholder, 'us-east-1')}"); KMS rejects a principal it cannot resolve.`,
      // A warning: the text is well formed and plainly copied from a guide; the fix is obvious.
      severity: 'warning',
      ...(fixes.length > 0 ? { fixes } : {}),
    };
  }
  if (entry.ref.kind === 'invalid') {
    if (entry.ref.reason === 'partial-wildcard') return undefined;
    const meant = likelyService(value);
    const fixes: Fix[] = meant ? [{ title: `Change to "${meant}"`, edits: [replaceString(entry, meant)], preferred: true }] : [];
    return {
      message: `${JSON.stringify(value)} is not a service principal: KMS expects a lowercase name such as "cloudtrail.amazonaws.com" and rejects the policy${meant ? `; did you mean "${meant}"?` : '.'}`,
      ...(fixes.length > 0 ? { fixes } : {}),
    };
  }
  if (entry.ref.kind !== 'service' || findServicePrincipal(value) || isKnownService(value.split('.')[0] ?? '')) return undefined;
  // A slip keeps the labels: a name with a label more or less (monitoring.rds.amazonaws.com beside
  // monitoring.amazonaws.com) is another service's principal, not a misspelling.
  const labels = value.split('.').length;
  const near = suggestServicePrincipals(value).filter((s) => s !== value && s.split('.').length === labels);
  const first = near[0];
  if (!first) return undefined;
  return {
    message: `${JSON.stringify(value)} is not a known service principal; did you mean "${first}"? KMS rejects a principal it cannot resolve.`,
    severity: 'warning',
    fixes: [{ title: `Change to "${first}"`, edits: [replaceString(entry, first)] }],
  };
}

/** KP304 invalid-service-principal. */
export const invalidServicePrincipal: PolicyRule = {
  code: 'KP304',
  name: 'invalid-service-principal',
  severity: 'error',
  summary: 'A Service principal must be a real service name such as cloudtrail.amazonaws.com, with no placeholder left in.',
  check(ctx) {
    for (const { block } of ctx.facts.principalSites) {
      for (const entry of block.entries) {
        if (entry.type !== 'Service') continue;
        const report = check(entry, ctx.context.region);
        if (report) ctx.report({ at: entry, ...report });
      }
    }
  },
};
