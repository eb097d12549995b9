/**
 * Which account owns the key, when the caller did not say. A key policy almost always delegates to its
 * own account with an Allow of `kms:*` (or PutKeyPolicy) to that account's root; that is the best evidence.
 */
import type { Policy } from '../parse/model';
import type { PolicyContext } from '../settings';

/** The key's account: from the context, the key ARN, the delegating root statement, or the only account named. */
export function inferPolicyAccount(policy: Policy, context: PolicyContext): string | undefined {
  if (context.account) return context.account;
  const fromArn = context.keyArn ? /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(context.keyArn)?.[1] : undefined;
  if (fromArn) return fromArn;
  const adminAccounts = new Set<string>();
  const allAccounts = new Set<string>();
  for (const s of policy.statements) {
    const accounts = (s.principal?.entries ?? []).flatMap((e) => ('account' in e.ref ? [e.ref.account] : []));
    accounts.forEach((a) => allAccounts.add(a));
    const admin = s.effect?.value === 'Allow' && (s.action?.items ?? []).some((a) => /^kms:(\*|PutKeyPolicy|Put\*)$/i.test(a.value));
    if (admin) {
      for (const e of s.principal?.entries ?? []) if (e.ref.kind === 'account') adminAccounts.add(e.ref.account);
    }
  }
  if (adminAccounts.size === 1) return [...adminAccounts][0];
  return allAccounts.size === 1 ? [...allAccounts][0] : undefined;
}
