/**
 * KP310: an Allow to a service principal with no condition on the calling resource (aws:SourceArn,
 * aws:SourceAccount). Any customer's use of that service can then reach this key: the confused-deputy
 * problem (Access Analyzer RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL; SEMANTICS §7.25). Read-only grants
 * (DescribeKey and the like) are left alone: they expose nothing.
 */
import type { Fix, PolicyRule } from './types';
import { addConditionKey } from '../fixes/conditionEdits';

/** KP310 service-principal-without-source. */
export const servicePrincipalWithoutSource: PolicyRule = {
  code: 'KP310',
  name: 'service-principal-without-source',
  severity: 'warning',
  summary: 'A service principal is allowed without aws:SourceArn or aws:SourceAccount (confused deputy).',
  check(ctx) {
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const s = f.statement;
      if (s.effect?.value !== 'Allow' || !s.principal) continue;
      const services = s.principal.entries.filter((e) => e.ref.kind === 'service');
      if (services.length === 0 || f.serviceScope.kind !== 'none' || f.onlyReadActions) continue;
      const account = ctx.facts.account;
      // The condition would also bind the statement's other principals, for whom aws:SourceAccount is absent.
      const onlyServices = s.principal.entries.every((e) => e.ref.kind === 'service');
      const edit = account && onlyServices ? addConditionKey(ctx.doc.text, s, 'StringEquals', 'aws:SourceAccount', account) : undefined;
      const fixes: Fix[] = edit ? [{ title: `Require aws:SourceAccount ${account}`, edits: [edit] }] : [];
      for (const entry of services) {
        ctx.report({
          at: entry,
          message: `"${entry.value}" is allowed without a condition on aws:SourceArn or aws:SourceAccount, so the service can use this key on behalf of any AWS customer (confused deputy). Add {"StringEquals": {"aws:SourceAccount": "<your account>"}} or an aws:SourceArn condition.`,
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      }
    }
  },
};
