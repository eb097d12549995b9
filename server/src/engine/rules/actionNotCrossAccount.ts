/**
 * KP516: actions that KMS never allows across accounts (everything but the cryptographic operations,
 * CreateGrant, DescribeKey, GetPublicKey, GetKeyRotationStatus, ListGrants, RetireGrant and RevokeGrant: the
 * catalog's `crossAccount` fact) allowed to another account's principals. The call fails whatever the
 * policies say, so the permission is ineffective for them. Info: often a copy of an administrators statement.
 *
 * One finding per Action item that matches such actions (only actions meaningful in a key policy count; the
 * others are another rule's business). Needs the key's account (given or inferred).
 */
import type { PolicyRule } from './types';
import { kmsFacts } from '../catalog';
import { otherAccounts, principalScope } from '../facts';
import { assumedAccountNote, listNames } from '../messages';

/** KP516 action-not-cross-account. */
export const actionNotCrossAccount: PolicyRule = {
  code: 'KP516',
  name: 'action-not-cross-account',
  severity: 'info',
  summary: "Actions that cannot be used across accounts, given to another account's principals: ineffective for them.",
  check(ctx) {
    const account = ctx.facts.account;
    if (!account) return;
    const note = assumedAccountNote(ctx.facts.accountAssumption);
    for (const f of ctx.facts.statements) {
      // A statement with a condition that can never hold grants nothing (StatementFacts.canMatch).
      if (!f.canMatch) continue;
      const entries = f.allowed;
      const accounts = otherAccounts(entries, account);
      if (accounts.length === 0) continue;
      const mixed = entries.some((e) => !['other-account', 'other-identity'].includes(principalScope(e, account)));
      const whom = `${mixed ? 'the principals of ' : ''}${accounts.length === 1 ? `account ${accounts[0]}` : `accounts ${listNames(accounts, 4)}`}`;
      for (const { item, element, facts } of f.actionItems) {
        if (element !== 'Action') continue;
        const meaningful = facts.matched.filter((a) => kmsFacts(a.name)?.keyPolicy === 'yes');
        const local = meaningful.filter((a) => kmsFacts(a.name)?.crossAccount === false);
        if (local.length === 0) continue;
        const names = listNames(
          local.map((a) => `kms:${a.name}`),
          4,
        );
        ctx.report({
          at: item,
          message:
            local.length === meaningful.length
              ? `"${item.value}" cannot be used from another account, so it has no effect for ${whom}: across accounts KMS allows only the cryptographic operations, the grant actions and a few reads such as DescribeKey.${note}`
              : `"${item.value}" includes ${names}, which cannot be used from another account, so for ${whom} only its other actions take effect.${note}`,
        });
      }
    }
  },
};
