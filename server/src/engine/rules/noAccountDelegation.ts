/**
 * KP603: the key's account root is allowed nothing (SEMANTICS §2.1 table "nothing matching: denied; IAM is
 * ignored", §7 item 22). Then IAM policies in the account grant nothing for this key: only the principals the
 * policy names (and grants) can use or manage it, and deleting them leaves the key unmanageable. Info: some
 * keys mean it. Decided by the simulator (no satisfiable delegation for any action); needs the key's account.
 * When an Allow names "*" (or uses NotPrincipal) the account's principals are allowed directly, so the message
 * does not claim that deleting the named principals leaves nobody.
 */
import { accountRootArn } from '../parse/principalRef';
import type { CompiledStatement } from '../simulate/compile';
import type { PolicyRule } from './types';
import { allowAnswersOf, compiledPolicy, plainlyDelegated, statementActions } from '../simulate/lintQueries';

/** KP603 no-account-delegation. */
export const noAccountDelegation: PolicyRule = {
  code: 'KP603',
  name: 'no-account-delegation',
  severity: 'info',
  summary: "The key's account is not allowed anything, so IAM policies in the account grant nothing for this key.",
  check(ctx) {
    const account = ctx.facts.account;
    if (!account || ctx.policy.statements.length === 0) return;
    const policy = compiledPolicy(ctx.facts);
    // Only statements naming the account can delegate; judge them with the Denies (usually none or few).
    const naming = policy.statements.filter(
      (st) =>
        st.effect === 'Allow' && !st.inert && st.principalMode === 'principal' && st.principals.some((p) => p.kind === 'account' && p.account === account),
    );
    if (naming.length > 0) {
      const named = naming.length === 1 ? statementActions(naming[0] as CompiledStatement) : [...new Set(naming.flatMap((st) => statementActions(st)))];
      // One action the account is plainly allowed (no Deny touches it) is enough, and nearly every policy has one.
      if (named.some((a) => plainlyDelegated(policy, a, account))) return;
      // Otherwise some statement must delegate some action with something left once the Denies are subtracted.
      const delegates = (st: CompiledStatement): boolean =>
        allowAnswersOf(ctx.facts, st).some((a) => a.seed.kind === 'account' && a.seed.principal === account && a.residual.any.length > 0);
      if (naming.some(delegates)) return;
    }
    const member = ctx.policy.statementMember;
    const root = accountRootArn(account, ctx.context.partition ?? 'aws');
    // "*" (or NotPrincipal) allows the account's principals directly: then deleting the named ones locks nobody out.
    const everyone = policy.statements.some(
      (st) => st.effect === 'Allow' && !st.inert && (st.principalMode === 'not-principal' || st.principals.some((p) => p.kind === 'any')),
    );
    const who = everyone
      ? 'only what this policy allows directly (to "*" and to the principals it names) and grants count'
      : 'only the principals named here, and grants, can use or manage it, and if they are deleted nobody can';
    ctx.report({
      at: member ? member.name : ctx.policy.span,
      message: `No statement allows the key's account (${root}), so IAM policies in ${account} grant nothing for this key: ${who}. Add a statement allowing ${root} if IAM should decide access.`,
    });
  },
};
