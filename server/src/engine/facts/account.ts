/**
 * Which account owns the key, when the caller did not say. A key policy almost always delegates to its
 * own account with an Allow of `kms:*` (or PutKeyPolicy) to that account's root; that is the best evidence.
 * When two accounts are both given such rights (a key shared with a logging or management account), the
 * conventional root-delegation statement decides, and the reading says the account was assumed, so the rules
 * that judge other accounts can say which account they took the key's to be.
 */
import type { Policy, Statement } from '../parse/model';
import type { PolicyContext } from '../settings';

/** How the key's account was read: given, from the key ARN, or from the policy. */
export interface AccountReading {
  readonly account?: string;
  /** Set when several accounts are given administrator rights and one was picked as the key's. */
  readonly assumed?: AccountAssumption;
}

/** The account picked among several that the policy gives administrator rights, and why. */
export interface AccountAssumption {
  readonly account: string;
  /** The root-delegation statement that decided (0-based index). */
  readonly statement: number;
  /** The other accounts given administrator rights. */
  readonly others: readonly string[];
}

const ADMIN_ACTION = /^kms:(\*|PutKeyPolicy|Put\*)$/i;
const DELEGATION_SID = /^enable iam (user permissions|policies)$/i;

/** The key's account: from the context, the key ARN, the delegating root statement, or the only account named. */
export function inferPolicyAccount(policy: Policy, context: PolicyContext): string | undefined {
  return readPolicyAccount(policy, context).account;
}

/** The key's account with how it was read (see AccountReading). */
export function readPolicyAccount(policy: Policy, context: PolicyContext): AccountReading {
  if (context.account) return { account: context.account };
  const fromArn = context.keyArn ? /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(context.keyArn)?.[1] : undefined;
  if (fromArn) return { account: fromArn };
  const adminAccounts = new Set<string>();
  const allAccounts = new Set<string>();
  for (const s of policy.statements) {
    const accounts = (s.principal?.entries ?? []).flatMap((e) => ('account' in e.ref ? [e.ref.account] : []));
    accounts.forEach((a) => allAccounts.add(a));
    const admin = s.effect?.value === 'Allow' && (s.action?.items ?? []).some((a) => ADMIN_ACTION.test(a.value));
    if (admin) {
      for (const e of s.principal?.entries ?? []) if (e.ref.kind === 'account') adminAccounts.add(e.ref.account);
    }
  }
  if (adminAccounts.size === 1) return { account: [...adminAccounts][0] };
  if (adminAccounts.size > 1) {
    const chosen = conventionalDelegation(policy.statements);
    if (chosen) {
      const others = [...adminAccounts].filter((a) => a !== chosen.account);
      return { account: chosen.account, assumed: { account: chosen.account, statement: chosen.statement, others } };
    }
    return {};
  }
  return allAccounts.size === 1 ? { account: [...allAccounts][0] } : {};
}

/**
 * The conventional root-delegation statement: an unconditioned Allow of `kms:*` on Resource "*" to one
 * account's root alone, the one with the console's Sid ("Enable IAM User Permissions") first, else the first.
 */
function conventionalDelegation(statements: readonly Statement[]): { account: string; statement: number } | undefined {
  const candidates: { account: string; statement: number; sid: boolean }[] = [];
  for (const s of statements) {
    if (s.effect?.value !== 'Allow' || s.condition || s.notPrincipal) continue;
    const entries = s.principal?.entries ?? [];
    const actions = s.action?.items ?? [];
    const resources = s.resource?.items ?? [];
    const ref = entries.length === 1 ? entries[0]!.ref : undefined;
    if (ref?.kind !== 'account') continue;
    if (!actions.some((a) => a.value === 'kms:*' || a.value === '*') || !resources.some((r) => r.value === '*')) continue;
    candidates.push({ account: ref.account, statement: s.index, sid: DELEGATION_SID.test(s.sid?.value ?? '') });
  }
  const chosen = candidates.find((c) => c.sid) ?? candidates[0];
  return chosen ? { account: chosen.account, statement: chosen.statement } : undefined;
}
