/**
 * KP502: a kms:ViaService value that is not `<service>.<region>.amazonaws.com` in lower case. KMS sets the
 * key to the endpoint of the service that forwards the request (`ec2.us-east-1.amazonaws.com` for EBS), so a
 * bare service name, a value without Region or capital letters under a case-sensitive operator never
 * matches: an Allow grants nothing, a Deny protects nothing.
 *
 * - malformed value or capitals (case-sensitive operators only): error; fixes lower-case the value, or fill
 *   in the key's Region when the settings give it;
 * - well formed, but the service is not one the catalog knows to call KMS for its callers: warning with a
 *   did-you-mean when a known service is close (by spelling, or by name: `ebs` → `ec2`), info otherwise;
 * - Like operators may use `*` and `?`; such values are only checked for case and for ending in the
 *   amazonaws.com domain (or `*`). Values with policy variables are skipped.
 */
import type { Located } from '../parse/model';
import type { Fix, PolicyRule, RuleContext, Severity } from './types';
import { VIA_SERVICES, suggest } from '../catalog';
import { type ConditionTest, stringValues } from '../facts';
import { replaceString } from '../fixes/edits';

const FORMAT = /^([a-z0-9][a-z0-9-]*)\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
const NO_REGION = /^([a-z0-9][a-z0-9-]*)\.amazonaws\.com(?:\.cn)?$/;
const BARE = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Known endpoint prefixes near `service`: first those whose service name contains it as a word (`ebs` is
 * EC2's endpoint, `documentdb` is RDS's), then those spelt nearly the same.
 */
function servicesLike(service: string): string[] {
  const word = new RegExp(`(^|[^a-z0-9])${service.replace(/[^a-z0-9]/g, '')}([^a-z0-9]|$)`, 'i');
  const byName = VIA_SERVICES.filter((s) => word.test(s.name)).map((s) => s.prefix);
  if (byName.length) return byName;
  return suggest(
    service,
    VIA_SERVICES.map((s) => s.prefix),
  );
}

function check(ctx: RuleContext, t: ConditionTest, v: Located<string>): void {
  const value = v.value;
  if (value.includes('${')) return;
  const hasWildcard = /[*?]/.test(value);
  if (hasWildcard && !t.wildcards) return; // literal wildcard: the wildcard rule reports it
  const report = (message: string, severity?: Severity, fixes: Fix[] = []): void =>
    ctx.report({ at: v, message, ...(severity ? { severity } : {}), ...(fixes.length ? { fixes } : {}) });
  const lower = value.toLowerCase();
  if (value !== lower && !t.ignoresCase) {
    report(
      `kms:ViaService values are lower case ("${lower}"), and ${t.clause.operator.value} compares case-sensitively, so "${value}" never matches.`,
      undefined,
      [{ title: `Change to "${lower}"`, edits: [replaceString(v, lower)], preferred: true }],
    );
    return;
  }
  if (hasWildcard) {
    if (!/\.amazonaws\.com(\.cn)?$/.test(lower) && !lower.endsWith('*')) {
      report(`"${value}" can never match kms:ViaService, whose values end in ".amazonaws.com" (like "ec2.us-east-1.amazonaws.com").`);
    }
    return;
  }
  const region = ctx.context.region;
  const m = FORMAT.exec(lower);
  if (!m) {
    const service = NO_REGION.exec(lower)?.[1] ?? (BARE.test(lower) ? lower : undefined);
    const fixed = service && region ? `${service}.${region}.amazonaws.com` : undefined;
    const fixes: Fix[] = fixed ? [{ title: `Change to "${fixed}"`, edits: [replaceString(v, fixed)], preferred: true }] : [];
    const what = service
      ? `"${value}" has no Region; kms:ViaService is the service's Regional endpoint`
      : `"${value}" is not a kms:ViaService value, which is the service's Regional endpoint`;
    report(`${what} (like "${service ?? 'ec2'}.${region ?? 'us-east-1'}.amazonaws.com"), so it never matches.`, undefined, fixes);
    return;
  }
  const [, service, valueRegion] = m as unknown as [string, string, string];
  if (VIA_SERVICES.some((s) => s.prefix === service)) return;
  const near = servicesLike(service);
  const first = near[0];
  if (first) {
    const fixed = `${first}.${valueRegion}${lower.slice(service.length + 1 + valueRegion.length)}`;
    report(
      `"${service}" is not the endpoint name of a service that uses KMS keys for its callers; did you mean "${first}" (${VIA_SERVICES.find((s) => s.prefix === first)?.name ?? first})?`,
      'warning',
      [{ title: `Change to "${fixed}"`, edits: [replaceString(v, fixed)], preferred: near.length === 1 }],
    );
    return;
  }
  report(
    `"${service}" is not a service known to use KMS keys on its callers' behalf; this value matches only if that service's endpoint is "${service}". Check the spelling.`,
    'info',
  );
}

/** KP502 via-service-value. */
export const viaServiceValue: PolicyRule = {
  code: 'KP502',
  name: 'via-service-value',
  severity: 'error',
  summary: 'A kms:ViaService value that is not "<service>.<region>.amazonaws.com" in lower case never matches.',
  check(ctx) {
    for (const f of ctx.facts.statements) {
      for (const t of f.testsOf('kms:ViaService')) {
        if (t.base === 'Null') continue;
        for (const v of stringValues(t.entry)) check(ctx, t, v);
      }
    }
  },
};
