/**
 * KP311: an Allow to a service principal that is scoped by some condition, but not by aws:SourceArn or
 * aws:SourceAccount (nor an encryption-context ARN naming the account), which are the keys that pin the
 * calling resource (Access Analyzer RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL). When the statement does
 * test one of those keys, but with `…IfExists` or `ForAllValues:` (true when the key is absent), the message
 * says so and names the plain operator, rather than asking for a key that is already there.
 */
import { formatOperator } from '../catalog';
import { serviceIdentityTest, type ConditionTest } from '../facts';
import { listNames } from '../messages';
import type { PolicyRule } from './types';

/** Why the scope is weak, for one service principal. */
function explain(service: string, keys: readonly string[], lax: readonly ConditionTest[]): string {
  if (lax.length > 0) {
    const tests = listNames(
      lax.map((t) => `"${t.entry.key.value}" under ${t.operator.text}`),
      3,
    );
    const plain = formatOperator({ qualifier: undefined, base: lax[0]?.base ?? 'StringEquals', ifExists: false });
    return `"${service}" is scoped by ${tests}, which ${lax.length === 1 ? 'is' : 'are'} also true when the key is absent, so nothing pins the resource the service acts for. Use plain ${plain} so the key must be present.`;
  }
  const listed = listNames(
    keys.map((k) => `"${k}"`),
    4,
  );
  // An encryption-context ARN names the resource the service acts for, not whose it is.
  if (keys.every((k) => k.toLowerCase().startsWith('kms:encryptioncontext:'))) {
    return `"${service}" is scoped by ${listed}, which names the resource the service acts for but not its account (its ARN values leave the account open). Also require aws:SourceAccount or aws:SourceArn, as AWS recommends against confused-deputy use.`;
  }
  return `"${service}" is scoped only by ${listed}, which ${keys.length === 1 ? 'does' : 'do'} not pin the resource the service acts for. Also require aws:SourceArn or aws:SourceAccount to prevent confused-deputy use.`;
}

/** KP311 service-principal-weak-condition. */
export const servicePrincipalWeakCondition: PolicyRule = {
  code: 'KP311',
  name: 'service-principal-weak-condition',
  severity: 'info',
  summary: 'A service principal is scoped by a weaker key than aws:SourceArn/aws:SourceAccount.',
  check(ctx) {
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const s = f.statement;
      if (s.effect?.value !== 'Allow' || !s.principal) continue;
      const services = s.principal.entries.filter((e) => e.ref.kind === 'service');
      const scope = f.serviceScope;
      // A statement a service's calls can never match is KP518's (dead), not a weak scope.
      if (services.length === 0 || scope.kind !== 'weak' || f.onlyReadActions || serviceIdentityTest(f)) continue;
      for (const entry of services) {
        ctx.report({ at: entry, message: explain(entry.value, scope.keys, scope.lax) });
      }
    }
  },
};
