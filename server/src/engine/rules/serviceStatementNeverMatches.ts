/**
 * KP518: an Allow for an AWS service that can never match the service's calls (SEMANTICS §2.4):
 * - it requires an encryption-context key the service never sends: each integrated service sends its own,
 *   documented pairs (catalog/serviceContexts.ts: S3 aws:s3:arn, EBS aws:ebs:id, Secrets Manager SecretARN…),
 *   so `kms:EncryptionContext:aws:s3:arn` under `kms:ViaService: ec2…` is never true; or
 * - it limits calls made through a service (kms:ViaService) by the caller's network (aws:SourceIp,
 *   aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp): the service, not the caller, reaches KMS, from the
 *   service's own network, so the network test never holds for those calls.
 * - it allows only service principals and requires a key their calls never carry (aws:PrincipalOrgID,
 *   aws:PrincipalOrgPaths, aws:PrincipalTag/<k>: facts serviceIdentityTest; KP311 leaves these to this rule).
 * The service is the one kms:ViaService names (every value, all in the table), or, without it, the statement's
 * service principals. Services whose callers may add context pairs (S3) are not judged by the table.
 */
import { contextForServicePrincipal, contextForViaService, type ServiceContext } from '../catalog';
import { isPinning, serviceIdentityTest, stringValues, type StatementFacts } from '../facts';
import { listNames } from '../messages';
import type { PolicyRule } from './types';

const NETWORK_KEYS = ['aws:SourceIp', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:VpcSourceIp'];
const EC_PREFIX = 'kms:encryptioncontext:';

/** The pinned kms:ViaService values of a statement. */
function viaValues(f: StatementFacts): string[] {
  return f
    .testsOf('kms:ViaService')
    .filter(isPinning)
    .flatMap((t) => stringValues(t.entry).map((v) => v.value));
}

/** The services a statement is for, when every one is in the table; undefined otherwise. */
function servicesOf(f: StatementFacts, via: readonly string[]): ServiceContext[] | undefined {
  const found =
    via.length > 0 ? via.map(contextForViaService) : f.allowed.map((e) => (e.ref.kind === 'service' ? contextForServicePrincipal(e.value) : undefined));
  if (found.length === 0 || found.some((c) => c === undefined)) return undefined;
  return [...new Set(found as ServiceContext[])];
}

/** KP518 service-statement-never-matches. */
export const serviceStatementNeverMatches: PolicyRule = {
  code: 'KP518',
  name: 'service-statement-never-matches',
  severity: 'warning',
  summary: "An Allow for an AWS service that the service's calls never match: a context key it never sends, or the caller's network.",
  check(ctx) {
    for (const f of ctx.facts.statements) {
      if (f.statement.effect?.value !== 'Allow' || !f.canMatch) continue;
      const identity = serviceIdentityTest(f);
      if (identity) {
        ctx.report({
          at: identity.entry.key,
          message: `This statement can never match: it allows only service principals, and a service acting as itself carries no "${identity.entry.key.value}" (it belongs to IAM principals in an organization). Scope the service with aws:SourceAccount or aws:SourceOrgID instead.`,
        });
        continue;
      }
      const via = viaValues(f);
      if (via.length > 0) {
        const network = NETWORK_KEYS.flatMap((k) => f.testsOf(k)).filter(isPinning)[0];
        if (network) {
          ctx.report({
            at: network.entry.key,
            message: `This statement can never match: it allows only calls made through ${listNames(via, 2)} (kms:ViaService), and the service reaches KMS from its own network, not the caller's, so "${network.entry.key.value}" never matches those calls. Drop the network condition here (keep it in a Deny with an aws:ViaAWSService exception).`,
          });
          continue;
        }
      }
      const services = servicesOf(f, via);
      if (!services || services.some((s) => s.callerContext)) continue;
      const sent = new Set(services.flatMap((s) => s.keys.map((k) => k.toLowerCase())));
      const test = f.testsOf(EC_PREFIX, true).find((t) => t.key.length > EC_PREFIX.length && isPinning(t) && !sent.has(t.key.slice(EC_PREFIX.length)));
      if (!test) continue;
      const names = listNames(
        services.map((s) => s.service),
        3,
      );
      const keys = listNames(
        [...new Set(services.flatMap((s) => s.keys))].map((k) => `"${k}"`),
        4,
      );
      ctx.report({
        at: test.entry.key,
        message: `This statement can never match: ${names} ${services.length === 1 ? 'sends' : 'send'} only the encryption context ${keys}, never "${test.entry.key.value.slice(EC_PREFIX.length)}", so this condition is never true for its calls. Test the key the service sends (kms:EncryptionContext:${services[0]?.keys[0] ?? ''}).`,
      });
    }
  },
};
