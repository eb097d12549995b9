/**
 * KP517: an Allow names another AWS account, or a user or role in one. That is often intended (the console
 * offers it), but the key policy alone does not give access: the other account's principals also need an
 * IAM policy in their own account that allows the actions on this key, and that account must have the
 * key's Region enabled. Info, so the reader knows where the rest of the grant lives.
 *
 * Needs the key's account (given or inferred); quiet when it is unknown. One finding per principal entry.
 */
import type { PolicyRule } from './types';
import { assumedAccountNote } from '../messages';
import { accountOf } from '../parse/principalRef';
import { principalScope } from '../facts';

/** KP517 external-account-access. */
export const externalAccountAccess: PolicyRule = {
  code: 'KP517',
  name: 'external-account-access',
  severity: 'info',
  summary: "Another account is named: its principals also need their own IAM allow, and the key's Region enabled.",
  check(ctx) {
    const account = ctx.facts.account;
    if (!account) return;
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      for (const e of f.allowed) {
        const scope = principalScope(e, account);
        if (scope !== 'other-account' && scope !== 'other-identity') continue;
        const other = accountOf(e.ref) as string;
        const who = scope === 'other-account' ? `Account ${other}` : `This principal in account ${other}`;
        ctx.report({
          at: e,
          message: `${who} is outside this key's account (${account}): the access works only if an IAM policy in ${other} also allows these actions on this key, and only if ${other} has this key's Region enabled.${assumedAccountNote(ctx.facts.accountAssumption)}`,
        });
      }
    }
  },
};
