/**
 * KP603: the key's account root is allowed nothing (SEMANTICS §2.1 table "nothing matching: denied; IAM is
 * ignored", §7 item 22). Then IAM policies in the account grant nothing for this key: only the principals the
 * policy names (and grants) can use or manage it, and deleting them leaves the key unmanageable. Info: some
 * keys mean it. Decided by the simulator (no satisfiable delegation for any action); needs the key's account.
 */
import { accountRootArn } from '../parse/principalRef';
import { subPolicy } from '../simulate/compile';
import { whoCan } from '../simulate/residual/whoCan';
import { compiledPolicy, statementActions, whoCanOptions } from './simulatorAnalysis';
import type { PolicyRule } from './types';

/** KP603 no-account-delegation. */
export const noAccountDelegation: PolicyRule = {
  code: 'KP603',
  name: 'no-account-delegation',
  severity: 'info',
  summary: "The key's account is not allowed anything, so IAM policies in the account grant nothing for this key.",
  check(ctx) {
    const account = ctx.analysis.account;
    if (!account || ctx.policy.statements.length === 0) return;
    const policy = compiledPolicy(ctx);
    // Only statements naming the account can delegate; judge them with the Denies (usually none or few).
    const naming = policy.statements.filter(
      (st) => st.effect === 'Allow' && !st.inert && st.principalMode === 'principal' && st.principals.some((p) => p.kind === 'account' && p.account === account),
    );
    if (naming.length > 0) {
      const sub = subPolicy(policy, policy.statements.filter((st) => naming.includes(st) || (st.effect === 'Deny' && !st.inert)));
      const actions = [...new Set(naming.flatMap((st) => statementActions(policy, st)))];
      const delegated = whoCan(sub, actions, whoCanOptions(ctx)).classes.some((c) => c.kind === 'account' && c.principal === account && c.decision !== 'denied');
      if (delegated) return;
    }
    const member = ctx.policy.statementMember;
    const root = accountRootArn(account, ctx.context.partition ?? 'aws');
    ctx.report({
      at: member ? member.name : ctx.policy.span,
      message: `No statement allows the key's account (${root}), so IAM policies in ${account} grant nothing for this key: only the principals named here, and grants, can use or manage it, and if they are deleted nobody can. Add a statement allowing ${root} if IAM should decide access.`,
    });
  },
};
