/**
 * KP311: an Allow to a service principal that is scoped by some condition, but not by aws:SourceArn or
 * aws:SourceAccount (nor an encryption-context ARN naming the account), which are the keys that pin the
 * calling resource (Access Analyzer RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL).
 */
import type { PolicyRule } from './types';

/** KP311 service-principal-weak-condition. */
export const servicePrincipalWeakCondition: PolicyRule = {
  code: 'KP311',
  name: 'service-principal-weak-condition',
  severity: 'info',
  summary: 'A service principal is scoped by a weaker key than aws:SourceArn/aws:SourceAccount.',
  check(ctx) {
    for (const f of ctx.facts.statements) {
      const s = f.statement;
      if (s.effect?.value !== 'Allow' || !s.principal) continue;
      const services = s.principal.entries.filter((e) => e.ref.kind === 'service');
      const scope = f.serviceScope;
      if (services.length === 0 || scope.kind !== 'weak' || f.onlyReadActions) continue;
      for (const entry of services) {
        ctx.report({
          at: entry,
          message: `"${entry.value}" is scoped only by ${scope.keys.map((k) => `"${k}"`).join(', ')}, which does not pin the resource the service acts for. Also require aws:SourceArn or aws:SourceAccount to prevent confused-deputy use.`,
        });
      }
    }
  },
};
